import { describe, expect, it } from "vitest";
import { answerLabel, meetingSpan, meetingStateLabel, meetingTime, reviewEventSentence } from "./reviewWords";

const name = (id: number) => (id === 2 ? "Bo" : `user ${id}`);

describe("meeting times", () => {
  it("read the same on every browser: weekday, day, month, 24-hour time, in the zone asked", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    expect(meetingTime("2026-12-03T15:00:00Z", "Europe/Berlin", now)).toBe("Thu 3 Dec 16:00");
    expect(meetingTime("2026-12-03T15:00:00Z", "America/New_York", now)).toBe("Thu 3 Dec 10:00");
    expect(meetingTime("2027-01-05T15:00:00Z", "UTC", now)).toBe("Tue 5 Jan 2027 15:00");
    expect(meetingSpan("2026-12-03T15:00:00Z", "2026-12-03T16:00:00Z", "Asia/Kolkata", now)).toBe("Thu 3 Dec 20:30–21:30");
    // Across midnight there, the end says its day.
    expect(meetingSpan("2026-12-03T12:30:00Z", "2026-12-03T13:30:00Z", "Australia/Sydney", now)).toBe("Thu 3 Dec 23:30–Fri 4 Dec 00:30");
  });

  it("say an answer and a meeting's state in a word", () => {
    expect(answerLabel("tentative")).toBe("Maybe");
    expect(answerLabel(null)).toBe("No answer yet");
    expect(meetingStateLabel("booked", 0)).toBe("Booked");
    expect(meetingStateLabel("booked", 2)).toBe("Moved");
    expect(meetingStateLabel("cancelled", 3)).toBe("Cancelled");
    expect(meetingStateLabel("held", 0)).toBe("Held");
  });
});

describe("reviewEventSentence", () => {
  it("books, moves and cancels in the zone given", () => {
    const at = "2026-11-25T12:00:00Z";
    expect(reviewEventSentence("review_scheduled", { start: "2026-12-03T15:00:00Z", sequence: 0, reason: "booked by policy" }, "Goldseam", null, name, at, "Europe/Berlin")).toBe(
      "Goldseam booked the review for Thu 3 Dec 16:00",
    );
    expect(reviewEventSentence("review_scheduled", { start: "2026-12-04T09:00:00Z", sequence: 1, reason: "moved because Bo declined; earliest day" }, "Goldseam", null, name, at, "Europe/Berlin")).toBe(
      "Goldseam moved the review to Fri 4 Dec 10:00 because Bo declined",
    );
    expect(reviewEventSentence("review_scheduled", { start: "2026-12-04T09:00:00Z", sequence: 1, reason: "the room is free then" }, "Ana", 1, name, at, "UTC")).toBe(
      "Ana moved the review to Fri 4 Dec 09:00 (the room is free then)",
    );
    expect(reviewEventSentence("review_cancelled", { sequence: 2, reason: "merged with INC-3's review" }, "Ana", 1, name, at)).toBe("Ana cancelled the review: merged with INC-3's review");
    expect(reviewEventSentence("comment_added", {}, "Ana", 1, name, at)).toBeNull();
  });
});
