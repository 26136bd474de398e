import { describe, expect, it } from "vitest";
import type { Incident } from "../api/client";
import { apiQuery, filtersPath, hasFilters, matchesFilters, NO_FILTERS, normalizeTag, parseFilters, serializeFilters, type ListFilters } from "./filters";

const f = (over: Partial<ListFilters>): ListFilters => ({ ...NO_FILTERS, ...over });

describe("parseFilters", () => {
  it("reads the known keys and ignores the rest", () => {
    const search = new URLSearchParams("q=disk%20full&status=open&severity=SEV1&type=security&tag=%23Payments&cursor=9&foo=bar");
    expect(parseFilters(search)).toEqual({ q: "disk full", status: "open", severity: "SEV1", type: "security", tag: "payments" });
  });

  it("drops a status outside the allowed ones", () => {
    expect(parseFilters(new URLSearchParams("status=weird")).status).toBe("");
    expect(parseFilters(new URLSearchParams("status=resolved"), ["triage", "active", "mitigated"]).status).toBe("");
    expect(parseFilters(new URLSearchParams("status=active"), ["triage", "active", "mitigated"]).status).toBe("active");
  });

  it("round-trips through the query string", () => {
    const filters = f({ q: "a & b", status: "past", tag: "eu-west" });
    expect(parseFilters(new URLSearchParams(serializeFilters(filters)))).toEqual(filters);
  });
});

describe("serializeFilters", () => {
  it("keeps a fixed order and leaves out empty filters", () => {
    expect(serializeFilters(f({ tag: "db", q: " slow ", severity: "SEV2" }))).toBe("q=slow&severity=SEV2&tag=db");
    expect(serializeFilters(NO_FILTERS)).toBe("");
  });

  it("makes a path with or without a query", () => {
    expect(filtersPath("/incidents", NO_FILTERS)).toBe("/incidents");
    expect(filtersPath("/incidents", f({ status: "open" }))).toBe("/incidents?status=open");
  });
});

describe("hasFilters", () => {
  it("ignores blank text and the filters a page fixes", () => {
    expect(hasFilters(f({ q: "  " }))).toBe(false);
    expect(hasFilters(f({ tag: "db" }), ["tag"])).toBe(false);
    expect(hasFilters(f({ tag: "db", type: "security" }), ["tag"])).toBe(true);
  });
});

describe("apiQuery", () => {
  it("sends only the API's parameters, statuses comma separated", () => {
    expect(apiQuery(f({ status: "past", q: " x " }), { cursor: "12", limit: 25 })).toEqual({ q: "x", status: "resolved,closed,canceled", cursor: "12", limit: 25 });
    expect(apiQuery(f({ status: "open", severity: "SEV0", type: "security", tag: "db" }))).toEqual({ status: "open", severity: "SEV0", type: "security", tag: "db" });
    expect(apiQuery(NO_FILTERS, { cursor: null })).toEqual({});
  });
});

describe("normalizeTag", () => {
  it("drops # and case", () => {
    expect(normalizeTag(" ##EU-West ")).toBe("eu-west");
  });
});

describe("matchesFilters", () => {
  const incident = { title: "Disk full", summary: "db-2 ran out of space", status: "active", severity: "SEV2", type: "other", tags: ["db", "eu"] } as unknown as Incident;
  it.each<[Partial<ListFilters>, boolean]>([
    [{}, true],
    [{ status: "open" }, true],
    [{ status: "mitigated" }, false],
    [{ status: "past" }, false],
    [{ severity: "SEV1,SEV2" }, true],
    [{ severity: "SEV1" }, false],
    [{ type: "security" }, false],
    [{ tag: "eu" }, true],
    [{ tag: "us" }, false],
    [{ q: "OUT OF SPACE" }, true],
    [{ q: "network" }, false],
  ])("%o → %s", (over, expected) => {
    expect(matchesFilters(incident, f(over))).toBe(expected);
  });
});
