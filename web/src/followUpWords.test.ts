import { describe, expect, it } from "vitest";
import { dueInWords, followUpStatusLabel, isOpenStatus, longDate, needsOwnerAndDate, priorityLabel, shortDate, todayCivil } from "./followUpWords";

describe("follow-ups in words", () => {
  it("names statuses and priorities, and says which are still to do", () => {
    expect(followUpStatusLabel("in_progress")).toBe("In progress");
    expect(followUpStatusLabel("wont_do")).toBe("Won't do");
    expect(followUpStatusLabel("someday_maybe")).toBe("someday maybe");
    expect(priorityLabel("urgent")).toBe("Urgent");
    expect(["proposed", "committed", "in_progress", "done", "wont_do"].map(isOpenStatus)).toEqual([true, true, true, false, false]);
    expect(["proposed", "committed", "in_progress"].map(needsOwnerAndDate)).toEqual([false, true, true]);
  });

  it("says due dates as days, never shifted by the viewer's zone", () => {
    const today = "2026-12-03";
    expect(dueInWords("2026-12-03", today)).toBe("due today");
    expect(dueInWords("2026-12-04", today)).toBe("due tomorrow");
    expect(dueInWords("2026-12-10", today)).toBe("due in 7 days");
    expect(dueInWords("2026-12-02", today)).toBe("due yesterday");
    expect(dueInWords("2026-11-30", today)).toBe("due 3 days ago");
    // Across a change of summer time the count stays whole.
    expect(dueInWords("2027-04-03", "2027-03-03")).toBe("due in 31 days");
    expect(shortDate("2026-12-10", today)).toBe("10 Dec");
    expect(shortDate("2027-01-05", today)).toBe("5 Jan 2027");
    expect(longDate("2026-12-10")).toBe("Thu 10 Dec 2026");
    expect(longDate("not a date")).toBe("not a date");
    expect(todayCivil(new Date(2026, 0, 9, 23, 30))).toBe("2026-01-09");
  });
});
