import { describe, expect, it } from "vitest";
import { minutesWords, spanWords } from "./durations";

describe("spanWords and minutesWords", () => {
  it("say a span as a person would read it on a card", () => {
    expect(spanWords(30_000)).toBe("under a minute");
    expect(spanWords(-5_000)).toBe("under a minute");
    expect(spanWords(4 * 60_000 + 59_000)).toBe("4 min");
    expect(minutesWords(15)).toBe("15 min");
    expect(minutesWords(60)).toBe("1 h");
    expect(minutesWords(90)).toBe("1 h 30 min");
    expect(minutesWords(240)).toBe("4 h");
    expect(minutesWords(24 * 60)).toBe("1 d");
    expect(minutesWords(7 * 24 * 60 + 120)).toBe("7 d 2 h");
  });
});
