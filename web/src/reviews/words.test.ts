import { describe, expect, it } from "vitest";
import { RULE } from "../testing/reviews";
import { invitationFailure, parseAnswer, stateNotice } from "./rsvp";
import { blockerLine, calendarLabel, localSpan, ruleWords, slotStatusLabel, unconfirmedLine, zoneWords } from "./words";

describe("the review panel's words", () => {
  it("reads an attendee's wall clock as the server wrote it, whatever the browser's zone", () => {
    expect(localSpan({ local_start: "2026-03-10T15:00:00+01:00", local_end: "2026-03-10T16:00:00+01:00" })).toBe("Tue 10 Mar 15:00–16:00");
    expect(localSpan({ local_start: "2026-10-04T23:30:00+11:00", local_end: "2026-10-05T00:30:00+11:00" })).toBe("Sun 4 Oct 23:30–Mon 5 Oct 00:30");
    expect(localSpan({ local_start: null, local_end: null })).toBeNull();
  });

  it("says statuses, rules, calendars, zones and blockers plainly", () => {
    expect(slotStatusLabel("outside_hours")).toBe("Outside working hours");
    expect(slotStatusLabel("unknown")).toBe("Calendar unknown");
    expect(slotStatusLabel("away_sailing")).toBe("away sailing");
    expect(ruleWords(RULE)).toBe("60 minutes, between 1 and 5 business days after the postmortem goes to review");
    expect(ruleWords({ ...RULE, prep_business_days: 0, deadline_business_days: 1, auto_book: true })).toBe(
      "60 minutes, between 0 and 1 business day after the postmortem goes to review; booked by itself when it does",
    );
    expect(calendarLabel("caldav")).toBe("CalDAV calendar");
    expect(calendarLabel(null)).toBe("Working hours only");
    expect(zoneWords("America/New_York")).toBe("New York");
    expect(zoneWords("UTC")).toBe("UTC");
    expect(unconfirmedLine({ user_id: 1, name: "Ana", attendance: "required", reason: "calendar could not be read: no answer within 10 s" })).toBe(
      "Ana: calendar could not be read: no answer within 10 s",
    );
    expect(blockerLine({ user_id: 2, name: "Bo", how: "busy", minutes: 30, detail: "busy for 30 min of it" })).toBe("Bo: busy for 30 min of it");
  });
});

describe("the answer page's words", () => {
  it("reads the answer an email's link names, and nothing else", () => {
    expect(parseAnswer("declined")).toBe("declined");
    expect(parseAnswer("Accept")).toBe("accepted");
    expect(parseAnswer("maybe")).toBe("tentative");
    expect(parseAnswer("delete")).toBeNull();
    expect(parseAnswer(null)).toBeNull();
  });

  it("says when the meeting moved, was cancelled or held; a first booking needs no notice", () => {
    expect(stateNotice("booked", 0)).toBeNull();
    expect(stateNotice("booked", 1)?.title).toBe("Moved.");
    expect(stateNotice("cancelled", 2)?.title).toBe("Cancelled.");
    expect(stateNotice("held", 0)?.title).toBe("Held.");
  });

  it("offers to try again only when asking again may help", () => {
    expect(invitationFailure(404, "this invitation not found")).toEqual({ title: "This link does not open an invitation", text: "This invitation not found", retry: false });
    expect(invitationFailure(0).retry).toBe(true);
    expect(invitationFailure(500).retry).toBe(true);
  });
});
