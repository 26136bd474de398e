import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import type { Incident } from "../api/client";
import { AppContext, type AppData } from "../context";
import { OpenIncidentCard } from "./OpenIncidentCard";

const NOW = new Date("2026-12-03T12:00:00Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const app = {
  session: { user: { id: 1, name: "Eve Exec", email: "eve@corp.test", role: "viewer" } },
  severities: [
    { key: "SEV1", name: "Major", description: "", rank: 1, update_every_minutes: 30 },
    { key: "SEV4", name: "Minor", description: "", rank: 4, update_every_minutes: null },
  ],
  types: [],
  roles: [{ key: "incident_manager", name: "Incident manager", description: "", single_holder: true }],
  canAct: false,
  isAdmin: false,
} as unknown as AppData;

const incident = (over: Record<string, unknown> = {}) =>
  ({ id: 2, reference: "INC-2", title: "Checkout is failing", severity: "SEV1", status: "active", type: "default", tags: [], roles: [], declared_at: ago(47), last_update: null, ...over }) as unknown as Incident;

function show(i: Incident) {
  render(
    <AppContext.Provider value={app}>
      <ul>
        <OpenIncidentCard incident={i} typeName="Default" />
      </ul>
    </AppContext.Provider>,
  );
  return screen.getByRole("listitem");
}

describe("an open incident on the dashboard", () => {
  it("says a page waits, nobody leads, there is no update, and flags it overdue in words", () => {
    const card = show(incident({ paging: { pages: 1, acknowledged: 0, waiting_since: ago(4) } }));
    expect(screen.getByText("Paged, waiting 4 min")).toBeTruthy();
    expect(card.textContent).toContain("Incident managerNobody leads");
    expect(screen.getByText("No update yet")).toBeTruthy();
    expect(screen.getByText("Update overdue")).toBeTruthy();
    expect(card.querySelector(".stale-flag")?.textContent).toBe("Update overdue No update in the 47 min since it was declared; SEV1 expects one every 30 min.");
  });

  it("names the lead, the answered page and the last update's age; nothing is overdue within the cadence", () => {
    const card = show(
      incident({
        roles: [{ role: "incident_manager", user: { id: 3, name: "Bo Li" } }],
        paging: { pages: 2, acknowledged: 2, waiting_since: null },
        last_update: { at: ago(12), body: "Rolled **back** the deploy" },
      }),
    );
    expect(card.textContent).toContain("Incident managerBo Li");
    expect(screen.getByText("Paged, acknowledged")).toBeTruthy();
    expect(screen.getByText("Last update 12 min ago")).toBeTruthy();
    expect(screen.getByText("Rolled back the deploy")).toBeTruthy();
    expect(screen.queryByText("Update overdue")).toBeNull();
  });

  it("says nobody was paged, and never flags a severity with no expectation", () => {
    show(incident({ severity: "SEV4", declared_at: ago(600) }));
    expect(screen.getByText("Not paged")).toBeTruthy();
    expect(screen.queryByText("Update overdue")).toBeNull();
  });
});
