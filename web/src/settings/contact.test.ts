import { describe, expect, it } from "vitest";
import { checkAddress, codeMessage, delayWords, fromDrafts, methodLabel, move, rulesSummary, sortMethods, toDrafts, waitMessage, type ContactMethod } from "./contact";

const method = (id: number, kind: string, verified = true): ContactMethod => ({ id, kind, address: `${kind}-address`, verified, created_at: "2026-11-01T10:00:00Z" });

describe("checkAddress", () => {
  it("wants an address", () => {
    expect(checkAddress("email", " ")).toBe("Enter email address.");
  });
  it("accepts E.164 numbers with spaces, dashes and parentheses, as the server does", () => {
    expect(checkAddress("sms", "+1 (555) 123-4567")).toBeNull();
    expect(checkAddress("voice", "+44 7700 900123")).toBeNull();
  });
  it("explains numbers without a country code or of the wrong length", () => {
    expect(checkAddress("sms", "555 123 4567")).toMatch(/^Start with \+/);
    expect(checkAddress("sms", "+0123456789")).toMatch(/first not 0/);
    expect(checkAddress("voice", "+1234")).toMatch(/8 to 15 digits/);
  });
  it("wants a URL for a webhook", () => {
    expect(checkAddress("webhook", "example.com/x")).toMatch(/https:\/\//);
    expect(checkAddress("webhook", "https://example.com/x")).toBeNull();
  });
});

describe("waitMessage", () => {
  it("turns Retry-After into words", () => {
    expect(waitMessage("42")).toBe("A code was sent less than a minute ago. Wait 42 seconds, then ask for another.");
    expect(waitMessage("60")).toMatch(/Wait a minute/);
    expect(waitMessage(null)).toMatch(/Wait a minute/);
  });
});

describe("delayWords", () => {
  it("reads like speech", () => {
    expect(delayWords(0)).toBe("at once");
    expect(delayWords(1)).toBe("after 1 minute");
    expect(delayWords(5)).toBe("after 5 minutes");
    expect(delayWords(60)).toBe("after 1 hour");
    expect(delayWords(90)).toBe("after 1 hour 30 minutes");
  });
});

describe("rulesSummary", () => {
  const methods = [method(1, "email"), method(2, "sms"), method(3, "voice")];
  it("says the rules soonest first", () => {
    const rules = [
      { contact_method_id: 3, delay_minutes: 5 },
      { contact_method_id: 1, delay_minutes: 0 },
      { contact_method_id: 2, delay_minutes: 2 },
    ];
    expect(rulesSummary(rules, methods)).toBe("At once by email; after 2 minutes by SMS; after 5 minutes by phone call.");
  });
  it("names the urgency a rule is limited to", () => {
    expect(rulesSummary([{ contact_method_id: 2, delay_minutes: 0, urgency: "high" }], methods)).toBe("At once by SMS (high-urgency pages).");
  });
  it("explains what happens with no rules", () => {
    expect(rulesSummary([], methods)).toMatch(/account email/);
  });
});

describe("drafts", () => {
  const methods = [method(1, "email"), method(2, "sms", false)];
  it("round-trips rules", () => {
    let k = 0;
    const drafts = toDrafts([{ contact_method_id: 1, delay_minutes: 3, urgency: "low" }], () => ++k);
    expect(drafts).toEqual([{ key: 1, contact_method_id: 1, delay: "3", urgency: "low" }]);
    expect(fromDrafts(drafts, methods)).toEqual({ rules: [{ contact_method_id: 1, delay_minutes: 3, urgency: "low" }], errors: {} });
  });
  it("reports bad delays and unverified methods at the server's paths", () => {
    const { errors } = fromDrafts(
      [
        { key: 1, contact_method_id: 1, delay: "2.5", urgency: "" },
        { key: 2, contact_method_id: 2, delay: "1441", urgency: "" },
      ],
      methods,
    );
    expect(Object.keys(errors).sort()).toEqual(["rules[0].delay_minutes", "rules[1].contact_method_id", "rules[1].delay_minutes"]);
  });
});

describe("move", () => {
  it("moves within bounds only", () => {
    expect(move([1, 2, 3], 2, -1)).toEqual([1, 3, 2]);
    expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
  });
});

describe("methods", () => {
  it("labels and sorts them, verified first", () => {
    expect(methodLabel({ kind: "voice", address: "+15551234567" })).toBe("Phone call +15551234567");
    expect(sortMethods([method(1, "email", false), method(2, "sms"), method(3, "slack")]).map((m) => m.id)).toEqual([2, 3, 1]);
  });
});

describe("codeMessage", () => {
  it("makes the server's field message a sentence", () => {
    expect(codeMessage("is not the code we sent; 4 tries are left")).toBe("This is not the code we sent; 4 tries are left.");
    expect(codeMessage("this code has expired")).toBe("This code has expired.");
  });
});
