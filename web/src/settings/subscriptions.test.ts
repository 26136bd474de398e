import { describe, expect, it } from "vitest";
import {
  channelsPhrase,
  checkChannels,
  checkKey,
  existing,
  formField,
  keyToSend,
  normalizeRef,
  removedMessage,
  sameChannels,
  sortSubscriptions,
  subscriptionProblem,
  summary,
  targetPhrase,
  unreachable,
  type Subscription,
} from "./subscriptions";

const sub = (id: number, target: string, key: string, channels: string[] = ["email"]): Subscription => ({ id, target, key, channels });

describe("summary", () => {
  it("says what is followed and how", () => {
    expect(summary(sub(1, "severity", "SEV1", ["sms", "email"]))).toBe("Every SEV1 incident — by email and SMS");
    expect(summary(sub(2, "tag", "payments"))).toBe("Incidents tagged #payments — by email");
    expect(summary(sub(3, "incident", "INC-42"), { "INC-42": "Checkout is failing" })).toBe("INC-42: Checkout is failing — by email");
    expect(targetPhrase(sub(3, "incident", "INC-42"))).toBe("INC-42");
  });

  it("lists channels in a fixed order", () => {
    expect(channelsPhrase(["slack", "sms", "email"])).toBe("by email, SMS and Slack");
    expect(channelsPhrase(["slack"])).toBe("by Slack");
    expect(channelsPhrase([])).toBe("by no channel");
  });

  it("says what a removal did", () => {
    expect(removedMessage(sub(1, "severity", "SEV1"))).toMatch(/^You no longer follow every SEV1 incident\./);
    expect(removedMessage(sub(1, "tag", "db"))).toMatch(/^You no longer follow incidents tagged #db\./);
    expect(removedMessage(sub(1, "incident", "INC-7"))).toMatch(/^You no longer follow INC-7\./);
  });
});

describe("sortSubscriptions", () => {
  it("puts severities by rank, tags A to Z, then incidents newest first", () => {
    const list = [sub(1, "incident", "INC-2"), sub(2, "tag", "zeta"), sub(3, "severity", "SEV2"), sub(4, "incident", "INC-10"), sub(5, "tag", "alpha"), sub(6, "severity", "SEV0")];
    const severities = [
      { key: "SEV0", rank: 0 },
      { key: "SEV2", rank: 2 },
    ];
    expect(sortSubscriptions(list, severities).map((s) => s.key)).toEqual(["SEV0", "SEV2", "alpha", "zeta", "INC-10", "INC-2"]);
  });
});

describe("checks", () => {
  it("reads incident references as people type them", () => {
    expect(normalizeRef(" inc-42 ")).toBe("INC-42");
    expect(normalizeRef("42")).toBe("INC-42");
    expect(normalizeRef("INC42")).toBe("INC-42");
    expect(normalizeRef("INC-042")).toBeNull();
    expect(normalizeRef("forty")).toBeNull();
  });

  it("explains a key before sending", () => {
    expect(checkKey("severity", "")).toBe("Choose a severity.");
    expect(checkKey("severity", "SEV1")).toBeNull();
    expect(checkKey("tag", " #Payments ")).toBeNull();
    expect(checkKey("tag", "#")).toBe("Enter a tag, such as payments.");
    expect(checkKey("tag", "two words")).toBe("A tag is letters, digits, - and _; remove “ ”.");
    expect(checkKey("tag", "x".repeat(65))).toMatch(/65 characters long; at most 64/);
    expect(checkKey("incident", "")).toMatch(/^Enter an incident reference/);
    expect(checkKey("incident", "INC-x")).toBe("“INC-x” is not an incident reference; use INC-42 or 42.");
    expect(keyToSend("tag", "#Payments")).toBe("payments");
    expect(keyToSend("incident", "9")).toBe("INC-9");
    expect(checkChannels([])).toBe("Choose at least one channel.");
    expect(checkChannels(["sms"])).toBeNull();
  });
});

describe("server problems", () => {
  it("puts field errors beside their fields", () => {
    expect(formField("channels[1]")).toBe("channels");
    expect(formField("severity")).toBe("key");
    expect(formField("ref")).toBe("key");
    expect(formField("target")).toBe("target");
    expect(formField("name")).toBeNull();
    const p = subscriptionProblem(
      {
        status: 422,
        errors: [
          { field: "channels[0]", message: 'unknown channel "fax"' },
          { field: "severity", message: "unknown severity SEV9" },
        ],
      },
      422,
      "severity",
      "SEV9",
    );
    expect(p).toEqual({ fields: { channels: 'Unknown channel "fax".', key: "Unknown severity SEV9." }, message: null });
    expect(subscriptionProblem({ errors: [{ field: "other", message: "no" }] }, 422, "tag", "x").message).toBe("other: no");
    expect(subscriptionProblem({ detail: "Forbidden" }, 403, "tag", "x")).toEqual({ fields: {}, message: "Forbidden" });
  });

  it("says a missing or private incident the same way", () => {
    expect(subscriptionProblem({ status: 404, detail: "not found" }, 404, "incident", "INC-9")).toEqual({ fields: { key: "INC-9 does not exist, or you may not see it." }, message: null });
  });
});

describe("unreachable", () => {
  it("warns of channels with no verified method; email always reaches", () => {
    const methods = [
      { kind: "sms", verified: false },
      { kind: "slack", verified: true },
    ];
    expect(unreachable(["email", "sms", "slack"], methods)).toEqual([{ channel: "sms", message: "You have no verified SMS number: add one in Contact methods" }]);
    expect(unreachable(["slack", "sms"], [])).toEqual([
      { channel: "sms", message: "You have no verified SMS number: add one in Contact methods" },
      { channel: "slack", message: "You have no verified Slack account: add one in Contact methods" },
    ]);
    expect(unreachable(["email"], [])).toEqual([]);
    expect(unreachable(["sms"], null)).toEqual([]);
  });

  it("finds what is already followed and compares channels", () => {
    const list = [sub(1, "tag", "payments"), sub(2, "incident", "INC-3")];
    expect(existing(list, "tag", "payments")?.id).toBe(1);
    expect(existing(list, "incident", "inc-3")?.id).toBe(2);
    expect(existing(list, "severity", "SEV1")).toBeUndefined();
    expect(sameChannels(["sms", "email"], ["email", "sms"])).toBe(true);
    expect(sameChannels(["email"], ["email", "sms"])).toBe(false);
  });
});
