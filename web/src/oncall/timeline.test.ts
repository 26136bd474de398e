import { describe, expect, test } from "vitest";
import { colorSlots, durationLabel, nowOffset, timelineDays, type Shift } from "./timeline";

const user = (id: number) => ({ id, name: `P${id}`, email: `p${id}@example.com` });
const shift = (id: number, start: Date, end: Date): Shift => ({ start: start.toISOString(), end: end.toISOString(), start_local: "", end_local: "", user: user(id), source: "layer", layer: "Primary" });
// Local times, so the tests hold in any TZ the runner has.
const at = (d: number, h: number, m = 0) => new Date(2026, 2, d, h, m);

describe("timelineDays", () => {
  test("one band per day from local midnight, shifts cut at midnight, gaps filled", () => {
    const days = timelineDays([shift(1, at(1, 9), at(2, 9)), shift(2, at(2, 9), at(2, 12))], at(1, 15, 30), 2);
    expect(days.map((d) => d.key)).toEqual(["2026-03-01", "2026-03-02"]);
    const [first, second] = days;
    expect(first.segments.map((s) => [s.shift?.user.id ?? null, s.start.getHours(), s.fromBefore, s.toAfter])).toEqual([
      [null, 0, false, false],
      [1, 9, false, true],
    ]);
    expect(second.segments.map((s) => [s.shift?.user.id ?? null, s.start.getHours(), s.end.getHours()])).toEqual([
      [1, 0, 9],
      [2, 9, 12],
      [null, 12, 0],
    ]);
    expect(second.segments[0].fromBefore).toBe(true);
  });

  test("positions add up to the whole band on an ordinary day", () => {
    const [day] = timelineDays([shift(1, at(10, 6), at(10, 18))], at(10, 0), 1);
    const widths = day.segments.map((s) => s.width);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100);
    if (day.end.getTime() - day.start.getTime() === 86_400_000) {
      expect(day.segments[1].left).toBeCloseTo(25);
      expect(day.segments[1].width).toBeCloseTo(50);
    }
  });

  test("no shifts: each day is one gap", () => {
    const days = timelineDays([], at(5, 12), 3);
    expect(days).toHaveLength(3);
    for (const d of days) expect(d.segments).toMatchObject([{ shift: null, left: 0 }]);
  });
});

test("each person keeps one color, in order of appearance", () => {
  const slots = colorSlots([shift(7, at(1, 0), at(1, 1)), shift(3, at(1, 1), at(1, 2)), shift(7, at(1, 2), at(1, 3))], 6);
  expect([...slots]).toEqual([
    [7, 0],
    [3, 1],
  ]);
});

test("now is placed only on its own day", () => {
  const [today, tomorrow] = timelineDays([], at(1, 0), 2);
  expect(nowOffset(today, at(1, 12))).toBeGreaterThan(45);
  expect(nowOffset(tomorrow, at(1, 12))).toBeNull();
});

test("durations read as people say them", () => {
  expect(durationLabel(45 * 60_000)).toBe("45 min");
  expect(durationLabel(8 * 3_600_000)).toBe("8 h");
  expect(durationLabel(8.5 * 3_600_000)).toBe("8 h 30 min");
  expect(durationLabel(7 * 86_400_000)).toBe("7 d");
  expect(durationLabel(28 * 3_600_000)).toBe("1 d 4 h");
});
