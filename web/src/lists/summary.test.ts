import { describe, expect, it } from "vitest";
import type { Incident, Severity } from "../api/client";
import { recentlyResolved, responders, severityCounts } from "./summary";

const sev = (key: string, rank: number): Severity => ({ key, rank, name: key, description: "" });

describe("severityCounts", () => {
  it("counts by severity, most severe first, unknown keys last", () => {
    const list = ["SEV2", "SEV1", "SEVX", "SEV1", "SEV0"].map((severity) => ({ severity }) as Incident);
    expect(severityCounts(list, [sev("SEV0", 0), sev("SEV1", 1), sev("SEV2", 2), sev("SEV3", 3)])).toEqual([
      { severity: "SEV0", count: 1 },
      { severity: "SEV1", count: 2 },
      { severity: "SEV2", count: 1 },
      { severity: "SEVX", count: 1 },
    ]);
    expect(severityCounts([], [sev("SEV0", 0)])).toEqual([]);
  });
});

describe("recentlyResolved", () => {
  const inc = (id: number, status: Incident["status"], resolved_at: string | null) => ({ id, status, resolved_at }) as Incident;
  it("takes the latest resolutions, newest first", () => {
    const list = [
      inc(1, "resolved", "2026-11-25T10:00:00Z"),
      inc(2, "closed", "2026-11-25T12:00:00Z"),
      inc(3, "canceled", null),
      inc(4, "resolved", "2026-11-25T11:00:00Z"),
      inc(5, "resolved", "2026-11-24T11:00:00Z"),
      inc(6, "active", "2026-11-25T13:00:00Z"),
    ];
    expect(recentlyResolved(list, 3).map((i) => i.id)).toEqual([2, 4, 1]);
  });
});

describe("responders", () => {
  const holder = (role: string, id: number, name: string) => ({ role, user: { id, name, email: `${name}@x` } });
  it("names the incident manager apart and everyone else once", () => {
    const roles = [holder("responder", 2, "Bo"), holder("incident_manager", 1, "Ana"), holder("responder", 1, "Ana"), holder("scribe", 2, "Bo"), holder("responder", 3, "Cy")];
    expect(responders({ roles })).toEqual({ manager: "Ana", others: ["Bo", "Cy"] });
    expect(responders({ roles: [] })).toEqual({ manager: undefined, others: [] });
  });
});
