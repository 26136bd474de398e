import { describe, expect, it } from "vitest";
import { ago, failedOnSetup, noticeText, times } from "./notices";

const now = new Date("2026-11-25T12:00:00Z");

describe("admin notices in words", () => {
  it("says what could not be sent, how often, when last, and why", () => {
    const notice = { channel: "email", problem: "email is not configured on this server; set smtp_url and smtp_from (docs/configuration.md)", failed: 3, last_at: "2026-11-25T11:58:00Z" };
    expect(noticeText(notice, now)).toBe("Email could not be sent 3 times (last 2 min ago): email is not configured on this server; set smtp_url and smtp_from (docs/configuration.md).");
    expect(noticeText({ ...notice, channel: "sms", failed: 1, last_at: "2026-11-25T11:59:40Z", problem: "Twilio refused the credentials." }, now)).toBe(
      "Text messages could not be sent once (last just now): Twilio refused the credentials.",
    );
  });

  it("counts and dates plainly", () => {
    expect([1, 2, 5].map(times)).toEqual(["once", "twice", "5 times"]);
    expect(ago("2026-11-25T09:00:00Z", now)).toBe("3 h ago");
    expect(ago("2026-11-24T11:00:00Z", now)).toBe("1 day ago");
    expect(ago("2026-11-22T11:00:00Z", now)).toBe("3 days ago");
  });
});

describe("failedOnSetup", () => {
  it("is true only for a delivery that failed on the server's setup", () => {
    const failed = { kind: "delivery", data: { channel: "email", outcome: "failed", cause: "configuration" } };
    const bounced = { kind: "delivery", data: { channel: "email", outcome: "failed", reason: "mailbox full" } };
    expect(failedOnSetup([bounced, failed])).toBe(true);
    expect(failedOnSetup([bounced, { kind: "comment_added", data: { body: "configuration" } }])).toBe(false);
  });
});
