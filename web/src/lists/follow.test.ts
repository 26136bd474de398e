import { describe, expect, it } from "vitest";
import { followChannel, noChannelMessage, orList, quickSeverities } from "./follow";

describe("followChannel", () => {
  it("follows by a channel with a verified contact method, email first", () => {
    expect(followChannel([{ kind: "sms", verified: true }, { kind: "email", verified: true }])).toBe("email");
    expect(followChannel([{ kind: "email", verified: false }, { kind: "sms", verified: true }])).toBe("sms");
    expect(followChannel([{ kind: "voice", verified: true }, { kind: "slack", verified: true }])).toBe("slack");
    expect(followChannel([{ kind: "mattermost", verified: true }, { kind: "sms", verified: false }])).toBe("mattermost");
  });
  it("has none when nothing is verified, or the methods are not known yet", () => {
    expect(followChannel([{ kind: "email", verified: false }, { kind: "voice", verified: true }, { kind: "webhook", verified: true }])).toBeNull();
    expect(followChannel([])).toBeNull();
    expect(followChannel(null)).toBeNull();
  });
});

describe("quickSeverities", () => {
  it("offers the most severe, by rank", () => {
    const severities = [
      { key: "SEV2", rank: 2 },
      { key: "SEV0", rank: 0 },
      { key: "SEV1", rank: 1 },
    ];
    expect(quickSeverities(severities)).toEqual(["SEV0", "SEV1"]);
    expect(quickSeverities([{ key: "P1", rank: 0 }])).toEqual(["P1"]);
  });
});

describe("noChannelMessage", () => {
  it("says what is missing and what it is for", () => {
    expect(orList(["SEV0", "SEV1", "SEV2"])).toBe("SEV0, SEV1 or SEV2");
    expect(noChannelMessage(["SEV0", "SEV1"])).toEqual({ before: "Verify an email address, phone number, Slack or Mattermost account in", after: "to follow SEV0 or SEV1 incidents from here." });
  });
});
