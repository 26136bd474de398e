import axe from "axe-core";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { useLocation } from "../route";
import { alertFixture, groupFixture, integrationFixture } from "../testing/alerts";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { ALERTS_REFRESH_MS } from "./api/alerts";
import { AlertsPage } from "./AlertsPage";

beforeEach(() => window.history.replaceState(null, "", "/alerts"));
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const app = (isAdmin: boolean) => ({ session: { user: { id: 1, name: "Ana" } }, severities: [], types: [], roles: [], canAct: true, isAdmin }) as unknown as AppData;

function Page() {
  const location = useLocation();
  return <AlertsPage search={location.search} />;
}

const groups = [groupFixture(), groupFixture({ id: 13, integration_id: 4, summary: "Latency high on api", severity: "warning", status: "acknowledged", storm: true, incident: null, alerts: 7, firing: 7 })];

function show({ isAdmin = false } = {}) {
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string, init: { params?: { path?: { id: number } } }) => {
    if (path === "/api/v1/alert-groups") return answer(groups);
    if (path === "/api/v1/alert-groups/{id}") return answer({ group: groups.find((g) => g.id === init.params!.path!.id), alerts: [alertFixture(), alertFixture({ id: 101, dedup_key: "fp-def456", status: "resolved", outcome: "resolved", reason: "its sender resolved it", labels: {} })] });
    if (path === "/api/v1/integrations") return answer([integrationFixture(), integrationFixture({ id: 4, name: "Datadog" })]);
    return answer({ title: "unexpected" }, 500);
  }) as never);
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <AppContext.Provider value={app(isAdmin)}>
        <Page />
      </AppContext.Provider>
    </Wrapper>,
  );
  return get;
}

const groupCalls = (get: ReturnType<typeof show>) => get.mock.calls.filter((c) => c[0] === "/api/v1/alert-groups").map((c) => (c[1] as { params: { query: unknown } }).params.query);

describe("the Alerts page", () => {
  it("lists the groups: summary, severity and status, storm, counts, integration and incident", async () => {
    show();
    const table = await screen.findByRole("table", { name: "Alert groups" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell").map((c) => c.textContent))).toEqual([
      ["Disk full on db-1", "CriticalOpen", "2 alerts, 1 firing", "Integration 3", expect.any(String), "INC-42"],
      ["Latency high on api", "WarningAcknowledgedStorm", "7 alerts, 7 firing", "Integration 4", expect.any(String), "None"],
    ]);
    expect(within(rows[0]).getByRole("link", { name: "INC-42" }).getAttribute("href")).toBe("/incidents/INC-42");
    // Non-admins neither ask for the integrations nor see the link to them.
    expect(screen.queryByRole("link", { name: "Integrations" })).toBeNull();
  });

  it("filters by status and integration through the query string", async () => {
    const get = show({ isAdmin: true });
    await screen.findByRole("table", { name: "Alert groups" });
    await screen.findByRole("option", { name: "Datadog" });
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "acknowledged" } });
    fireEvent.change(screen.getByLabelText("Integration"), { target: { value: "4" } });
    expect(window.location.search).toBe("?status=acknowledged&integration=4");
    await waitFor(() => expect(groupCalls(get).at(-1)).toEqual({ status: "acknowledged", integration_id: 4, limit: 200 }));
    screen.getByRole("link", { name: "Integrations" });
  });

  it("opens a group: each alert's status, dedup key and where it came from, what happened and why, labels", async () => {
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Disk full on db-1" }));
    expect(window.location.search).toBe("?group=12");
    const detail = await screen.findByRole("region", { name: "Disk full on db-1" });
    await waitFor(() => expect(detail.querySelectorAll(".alert-list > li")).toHaveLength(2));
    const alerts = Array.from(detail.querySelectorAll(".alert-list > li")) as HTMLElement[];
    expect(alerts[0].textContent).toContain("Firing");
    expect(alerts[0].textContent).toContain("Dedup key fp-abc123 (from the sender's fingerprint)");
    expect(alerts[0].textContent).toContain("Repeat of one firing: route “default” grouped by alertname: key alertname=DiskFull");
    expect(within(alerts[0]).getByRole("list", { name: "Labels" }).textContent).toBe("alertname=DiskFullinstance=db-1");
    expect(alerts[1].textContent).toContain("Resolved: its sender resolved it");
    const results = await axe.run(document.querySelector(".alerts-page")!, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    fireEvent.click(within(detail).getByRole("button", { name: "Close" }));
    expect(window.location.search).toBe("");
    expect(screen.queryByRole("region", { name: "Disk full on db-1" })).toBeNull();
  });

  it("stays live: the groups are asked again every few seconds", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const get = show();
    await screen.findByRole("table", { name: "Alert groups" });
    const before = groupCalls(get).length;
    await act(() => vi.advanceTimersByTimeAsync(ALERTS_REFRESH_MS + 100));
    expect(groupCalls(get).length).toBeGreaterThan(before);
  });
});
