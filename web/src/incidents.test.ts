import { describe, expect, it } from "vitest";
import type { Incident, Severity } from "./api/client";
import { dashboardOrder, elapsed, parseTagList, titleTags } from "./incidents";

const sev = (key: string, rank: number): Severity => ({ key, rank, name: key, description: "" });
const inc = (reference: string, severity: string, status: Incident["status"], declared_at: string) =>
  ({ reference, severity, status, declared_at }) as Incident;

describe("dashboardOrder", () => {
  it("puts the most severe first, then the oldest, and leaves out closed incidents", () => {
    const severities = [sev("SEV0", 0), sev("SEV1", 1), sev("SEV2", 2)];
    const list = [
      inc("INC-1", "SEV2", "active", "2026-11-25T10:00:00Z"),
      inc("INC-2", "SEV1", "triage", "2026-11-25T12:00:00Z"),
      inc("INC-3", "SEV1", "mitigated", "2026-11-25T11:00:00Z"),
      inc("INC-4", "SEV0", "resolved", "2026-11-25T09:00:00Z"),
      inc("INC-5", "SEV9", "active", "2026-11-25T08:00:00Z"),
    ];
    expect(dashboardOrder(list, severities).map((i) => i.reference)).toEqual(["INC-3", "INC-2", "INC-1", "INC-5"]);
  });
});

describe("elapsed", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it.each([
    ["2026-11-25T11:59:15Z", "45s"],
    ["2026-11-25T11:48:00Z", "12m"],
    ["2026-11-25T08:55:00Z", "3h 5m"],
    ["2026-11-25T09:00:00Z", "3h"],
    ["2026-11-23T08:00:00Z", "2d 4h"],
    ["2026-11-25T12:00:05Z", "0s"],
  ])("%s is %s ago", (since, expected) => {
    expect(elapsed(since, now)).toBe(expected);
  });
});

describe("parseTagList", () => {
  it("splits on spaces and commas, drops #, lowercases and dedupes", () => {
    expect(parseTagList("#payments, eu  #Checkout #payments")).toEqual(["payments", "eu", "checkout"]);
    expect(parseTagList("  ")).toEqual([]);
  });
});

describe("titleTags", () => {
  it("turns tags at the end into tags and drops them from the title", () => {
    expect(titleTags("Checkout fails for card payments #payments #EU")).toEqual({ title: "Checkout fails for card payments", tags: ["payments", "eu"] });
    expect(titleTags("Checkout fails #payments, #eu")).toEqual({ title: "Checkout fails", tags: ["payments", "eu"] });
  });
  it("keeps the word of a tag in the middle of the sentence", () => {
    expect(titleTags("#Checkout fails in #eu after the deploy")).toEqual({ title: "Checkout fails in eu after the deploy", tags: ["checkout", "eu"] });
  });
  it("leaves titles without tags, and titles that are only tags, as typed", () => {
    expect(titleTags("Checkout fails (ticket #)")).toEqual({ title: "Checkout fails (ticket #)", tags: [] });
    expect(titleTags("#payments")).toEqual({ title: "#payments", tags: ["payments"] });
  });
});
