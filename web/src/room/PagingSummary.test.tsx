import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { AppContext, type AppData } from "../context";
import type { TimelineEvent } from "../events";
import type { PageItem } from "./pages";
import { PagingSummary } from "./PagingSummary";

let pages: PageItem[] | undefined = [];
vi.mock("./api/pages", () => ({ useIncidentPages: () => ({ data: pages }), usePolicyNames: () => new Map() }));
vi.mock("../api/people", () => ({
  useDirectory: () => ({
    names: new Map([
      [2, "Bo Li"],
      [3, "Lena Legal"],
      [4, "Peter PR"],
    ]),
  }),
}));

afterEach(cleanup);

const ev = (id: number, kind: string, data: Record<string, unknown>) => ({ id, seq: id, kind, data, incident_id: 1, reference: "INC-1", at: "2026-11-25T12:00:00Z", actor: null }) as unknown as TimelineEvent;
const app = (isAdmin: boolean) => ({ session: { user: { id: 1, name: "Ana" } }, severities: [], types: [], roles: [], canAct: true, isAdmin }) as unknown as AppData;
const gap = ev(2, "response_gap", { rule: "Security incidents", action: "page", target: "Security", problem: "no team of that name exists yet" });
const informed = ev(3, "informed", { user_ids: [3, 4], reason: "team Legal by rule: Security incidents" });

function show(events: TimelineEvent[], isAdmin = false) {
  const { container } = render(
    <AppContext.Provider value={app(isAdmin)}>
      <PagingSummary reference="INC-1" events={events} />
    </AppContext.Provider>,
  );
  return container.querySelector(".paging-summary") as HTMLElement;
}

describe("the top of the room: paged, informed, and what could not be done", () => {
  it("says why nobody was paged when a rule could not page", () => {
    pages = [];
    const informGap = ev(1, "response_gap", { rule: "Security incidents", action: "inform", target: "PR", problem: "no team of that name exists yet" });
    const summary = show([informGap, gap, informed]);
    // What could not be paged comes first: it is the "because".
    expect([...summary.querySelectorAll(".response-gaps li")].map((li) => li.textContent)).toEqual([
      "⚠ Rule “Security incidents” could not page Security: no team of that name exists yet.",
      "⚠ Rule “Security incidents” could not inform PR: no team of that name exists yet.",
    ]);
    expect(summary.textContent).toMatch(/^Nobody has been paged, because:⚠ Rule .*PR: no team of that name exists yet\.Page someoneInformed: Lena Legal, Peter PR \(team Legal by rule: Security incidents\)$/);
    // Only admins are sent to fix it.
    expect(screen.queryByRole("link")).toBeNull();
  });

  it("gives admins the way to create the missing team", () => {
    pages = [];
    show([gap], true);
    expect(screen.getByRole("link", { name: "Create the Security team" }).getAttribute("href")).toBe("/teams");
  });

  it("says who was paged and who was informed", () => {
    pages = [{ id: 1, user_id: 2, reason: "responder", started_at: "2026-11-25T12:00:00Z", acknowledged_at: "2026-11-25T12:01:00Z", acknowledged_by: 2, urgency: "high" } as PageItem];
    const summary = show([informed]);
    expect(summary.textContent).toBe("Paged: Bo Li (acknowledged by Bo Li)Informed: Lena Legal, Peter PR (team Legal by rule: Security incidents)");
  });

  it("says plainly that nobody was paged when nothing tried to", () => {
    pages = [];
    expect(show([]).textContent).toBe("Nobody has been paged. Page someone");
  });
});
