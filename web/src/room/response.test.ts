import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "../events";
import { gapFix, informedPhrases, nobodyPagedLine, responseGaps } from "./response";

const ev = (id: number, kind: string, data: Record<string, unknown>) => ({ id, seq: id, kind, data, incident_id: 1, reference: "INC-1", at: "2026-11-25T12:00:00Z", actor: null }) as unknown as TimelineEvent;
const names = new Map([
  [3, "Lena Legal"],
  [4, "Peter PR"],
]);
const noTeam = { rule: "Security incidents", action: "page", target: "Security", problem: "no team of that name exists yet" };

describe("who was informed, at the top of the room", () => {
  it("names them with the reason, one phrase per informing", () => {
    const events = [
      ev(1, "declared", { title: "Leak", severity: "SEV1" }),
      ev(2, "informed", { user_ids: [3, 4], reason: "team Legal by rule: Security incidents" }),
      ev(3, "informed", { user_ids: [9], reason: "by rule: Exec heads-up" }),
    ];
    expect(informedPhrases(events, names)).toEqual(["Lena Legal, Peter PR (team Legal by rule: Security incidents)", "user #9 (by rule: Exec heads-up)"]);
    expect(informedPhrases([ev(1, "informed", { user_ids: [] , reason: "x" })], names)).toEqual([]);
  });
});

describe("rules that could not act", () => {
  it("are listed once each, in order", () => {
    const inform = { ...noTeam, action: "inform", target: "Legal" };
    const events = [ev(1, "response_gap", noTeam), ev(2, "response_gap", inform), ev(3, "response_gap", noTeam)];
    expect(responseGaps(events)).toEqual([noTeam, inform]);
  });

  it("never leave the room saying only that nobody was paged", () => {
    expect(nobodyPagedLine([])).toBe("Nobody has been paged.");
    expect(nobodyPagedLine(responseGaps([ev(1, "response_gap", noTeam)]))).toBe("Nobody has been paged, because:");
    // A rule that could not inform does not explain why nobody was paged.
    expect(nobodyPagedLine([{ rule: "Exec heads-up", action: "inform", target: "Execs", problem: "no team of that name exists yet" }])).toBe("Nobody has been paged.");
  });

  it("point admins where each is fixed", () => {
    expect(gapFix({ rule: "Security incidents", action: "page", target: "Security", problem: "no team of that name exists yet" })).toEqual({ to: "/teams", label: "Create the Security team" });
    expect(gapFix({ rule: "Security incidents", action: "page", target: "Security", problem: "nobody is on call in its schedule" })).toEqual({ to: "/teams", label: "Set up Security in Teams" });
    expect(gapFix({ rule: null, action: "page", target: "the incident manager on call", problem: "nobody is on call in the incident-manager schedule" })).toEqual({ to: "/oncall", label: "Open On-call" });
  });
});
