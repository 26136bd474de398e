import { describe, expect, it } from "vitest";
import type { Incident } from "../api/client";
import { cadenceOf, lastUpdateWords, pagingWords, staleFlag } from "./handled";

const NOW = new Date("2026-12-03T12:00:00Z");
/** The time `minutes` (and `seconds`) before NOW. */
const ago = (minutes: number, seconds = 0) => new Date(NOW.getTime() - minutes * 60_000 - seconds * 1000).toISOString();

describe("pagingWords", () => {
  it("says nobody was paged, with no alarm colour", () => {
    expect(pagingWords(undefined, NOW)).toEqual({ text: "Not paged", tone: "neutral" });
    expect(pagingWords({ pages: 0, acknowledged: 0, waiting_since: null }, NOW)).toEqual({ text: "Not paged", tone: "neutral" });
  });
  it("says how long the oldest unanswered page has waited", () => {
    expect(pagingWords({ pages: 1, acknowledged: 0, waiting_since: ago(4, 10) }, NOW)).toEqual({ text: "Paged, waiting 4 min", tone: "danger" });
    expect(pagingWords({ pages: 1, acknowledged: 0, waiting_since: ago(0, 20) }, NOW).text).toBe("Paged, waiting under a minute");
    expect(pagingWords({ pages: 3, acknowledged: 1, waiting_since: ago(12) }, NOW)).toEqual({ text: "Paged, 1 of 3 acknowledged, waiting 12 min", tone: "warn" });
  });
  it("says the page was answered, or that it ended unanswered", () => {
    expect(pagingWords({ pages: 2, acknowledged: 2, waiting_since: null }, NOW)).toEqual({ text: "Paged, acknowledged", tone: "ok" });
    expect(pagingWords({ pages: 2, acknowledged: 1, waiting_since: null }, NOW)).toEqual({ text: "Paged, acknowledged", tone: "ok" });
    expect(pagingWords({ pages: 1, acknowledged: 0, waiting_since: null }, NOW)).toEqual({ text: "Paged, not acknowledged", tone: "danger" });
  });
});

describe("lastUpdateWords", () => {
  it("gives the last status update's age, or says there is none", () => {
    expect(lastUpdateWords({ last_update: null }, NOW)).toBe("No update yet");
    expect(lastUpdateWords({ last_update: undefined }, NOW)).toBe("No update yet");
    expect(lastUpdateWords({ last_update: { at: ago(47, 30), body: "x" } as Incident["last_update"] }, NOW)).toBe("Last update 47 min ago");
    expect(lastUpdateWords({ last_update: { at: ago(0, 5), body: "x" } as Incident["last_update"] }, NOW)).toBe("Last update just now");
    expect(lastUpdateWords({ last_update: { at: ago(125), body: "x" } as Incident["last_update"] }, NOW)).toBe("Last update 2 h 5 min ago");
  });
});

describe("staleFlag", () => {
  const incident = (status: Incident["status"], declared: number, update: number | null) =>
    ({ status, severity: "SEV1", declared_at: ago(declared), last_update: update === null ? null : { at: ago(update), body: "Rolling back" } }) as Incident;
  it("flags a running incident whose last update is older than its severity expects", () => {
    expect(staleFlag(incident("active", 120, 47), 30, NOW)).toBe("No update for 47 min; SEV1 expects one every 30 min");
    expect(staleFlag(incident("mitigated", 600, 300), 240, NOW)).toBe("No update for 5 h; SEV1 expects one every 4 h");
  });
  it("counts from the declaration when there has been no update", () => {
    expect(staleFlag(incident("triage", 31, null), 30, NOW)).toBe("No update in the 31 min since it was declared; SEV1 expects one every 30 min");
  });
  it("does not flag an incident within its cadence, with none, or no longer running", () => {
    expect(staleFlag(incident("active", 120, 30), 30, NOW)).toBeNull();
    expect(staleFlag(incident("active", 120, 29), 30, NOW)).toBeNull();
    expect(staleFlag(incident("active", 120, 100), null, NOW)).toBeNull();
    expect(staleFlag(incident("resolved", 120, 100), 30, NOW)).toBeNull();
    expect(staleFlag(incident("canceled", 120, null), 30, NOW)).toBeNull();
  });
  it("flags after a minute when a severity expects an update every minute", () => {
    expect(staleFlag(incident("active", 1, null), 1, NOW)).toBeNull();
    expect(staleFlag({ ...incident("active", 0, null), declared_at: ago(1, 1) }, 1, NOW)).toBe("No update in the 1 min since it was declared; SEV1 expects one every 1 min");
  });
});

describe("cadenceOf", () => {
  it("reads the severity's cadence, none for a severity without one or unknown", () => {
    const severities = [
      { key: "SEV1", update_every_minutes: 30 },
      { key: "SEV4", update_every_minutes: null },
    ];
    expect(cadenceOf("SEV1", severities)).toBe(30);
    expect(cadenceOf("SEV4", severities)).toBeNull();
    expect(cadenceOf("SEV9", severities)).toBeNull();
  });
});
