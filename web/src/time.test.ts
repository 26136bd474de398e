import { describe, expect, it } from "vitest";
import { absoluteTime, clockTime, spansDays } from "./time";

describe("times in the viewer's zone", () => {
  const now = new Date("2026-11-25T15:00:00Z");

  it("shows only the clock for today, the date otherwise", () => {
    expect(clockTime("2026-11-25T13:02:00Z", { now, timeZone: "Europe/Paris", locale: "en-GB" })).toMatch(/14:02/);
    expect(clockTime("2026-11-25T13:02:00Z", { now, timeZone: "Europe/Paris", locale: "en-GB" })).not.toMatch(/Nov/);
    expect(clockTime("2026-11-24T13:02:00Z", { now, timeZone: "Europe/Paris", locale: "en-GB" })).toMatch(/24 Nov|Nov 24/);
    expect(clockTime("2026-11-25T13:02:00Z", { now, timeZone: "Europe/Paris", locale: "en-GB", withDate: true })).toMatch(/25 Nov|Nov 25/);
  });

  it("uses the zone, so the day changes at local midnight", () => {
    // 23:30 UTC on the 24th is already the 25th in Tokyo.
    expect(spansDays("2026-11-24T23:30:00Z", "2026-11-25T00:30:00Z", "Asia/Tokyo")).toBe(false);
    expect(spansDays("2026-11-24T23:30:00Z", "2026-11-25T00:30:00Z", "UTC")).toBe(true);
  });

  it("gives the full time with its zone for hovering", () => {
    expect(absoluteTime("2026-11-25T13:02:13Z", "UTC", "en-GB")).toMatch(/2026.*13:02:13.*UTC/);
  });
});
