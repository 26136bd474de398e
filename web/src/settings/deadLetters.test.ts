import { expect, test } from "vitest";
import { attemptsText, deliveryWords, destinationText, kindLabel, retryOutcome } from "./deadLetters";

test("a failed delivery in words", () => {
  expect(kindLabel("sms")).toBe("SMS");
  expect(kindLabel("carrier-pigeon")).toBe("carrier-pigeon");
  expect(destinationText("email:ana@example.com")).toBe("ana@example.com");
  expect(destinationText("webhook:https://example.com/hook")).toBe("https://example.com/hook");
  expect(destinationText("odd")).toBe("odd");
  expect(deliveryWords({ kind: "voice", destination: "voice:+15551234567" })).toBe("The phone call to +15551234567");
  expect(deliveryWords({ kind: "pigeon", destination: "roof" })).toBe("The pigeon delivery to roof");
  expect(attemptsText(1)).toBe("1 attempt");
  expect(attemptsText(8)).toBe("8 attempts");
});

test("what a retry did", () => {
  const job = { kind: "email", destination: "email:ana@example.com" };
  expect(retryOutcome(job, null)).toBe("The email to ana@example.com is queued again and is sent now; if it fails for good again it comes back to this list.");
  expect(retryOutcome(job, 409)).toMatch(/is no longer a dead letter/);
  expect(retryOutcome(job, 500)).toBe("The email to ana@example.com could not be retried; try again.");
});
