import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { refreshAlertGroupsAfter } from "../api/alerts";
import { api } from "../api/client";
import type { TimelineEvent } from "../events";
import { groupFixture } from "../testing/alerts";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { AlertsPanel } from "./AlertsPanel";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function show(groups: () => unknown, status = 200) {
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => (path === "/api/v1/incidents/{ref}/alert-groups" ? answer(groups(), status) : answer({ title: "unexpected" }, 500))) as never);
  const client = testQueryClient();
  const Wrapper = withClient(client);
  const view = render(
    <Wrapper>
      <AlertsPanel reference="INC-42" />
    </Wrapper>,
  );
  return { get, client, view };
}

const ev = (kind: string) => ({ id: 1, kind, data: {}, at: "2026-11-25T12:00:00Z", actor: null }) as unknown as TimelineEvent;

describe("the room's Alerts panel", () => {
  it("is not there for an incident no alert touched", async () => {
    const { get, view } = show(() => []);
    await waitFor(() => expect(get).toHaveBeenCalledWith("/api/v1/incidents/{ref}/alert-groups", expect.objectContaining({ params: { path: { ref: "INC-42" } } })));
    await new Promise((r) => setTimeout(r, 20));
    expect(view.container.innerHTML).toBe("");
    expect(screen.queryByRole("heading", { name: /Alerts/ })).toBeNull();
  });

  it("lists the incident's groups with their state and counts, linked to the Alerts page", async () => {
    show(() => [groupFixture(), groupFixture({ id: 13, summary: "Latency high on api", severity: "warning", status: "resolved", firing: 0, alerts: 1, flapping: true })]);
    const panel = await screen.findByRole("region", { name: "Alerts 1 firing" });
    const items = within(panel).getAllByRole("listitem");
    expect(within(items[0]).getByRole("link", { name: "Disk full on db-1" }).getAttribute("href")).toBe("/alerts?group=12");
    expect(items[0].textContent).toContain("Critical");
    expect(items[0].textContent).toContain("Open");
    expect(items[0].textContent).toContain("2 alerts, 1 firing");
    expect(items[1].textContent).toContain("Resolved");
    expect(items[1].textContent).toContain("Flapping");
    expect(items[1].textContent).toContain("1 alert, none firing");
  });

  it("is asked again after alert events in the room's stream, not after others", async () => {
    let groups: unknown[] = [];
    const { client } = show(() => groups);
    await new Promise((r) => setTimeout(r, 20));
    groups = [groupFixture()];
    refreshAlertGroupsAfter(client, "INC-42", [ev("comment_added")]);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole("region")).toBeNull();
    refreshAlertGroupsAfter(client, "INC-42", [ev("comment_added"), ev("alert")]);
    await screen.findByRole("region", { name: "Alerts 1 firing" });
  });

  it("says so when the groups could not be loaded", async () => {
    show(() => ({ title: "Server error", status: 500, detail: "database unavailable" }), 500);
    await screen.findByText(/The incident's alerts could not be loaded: database unavailable/, {}, { timeout: 3000 });
  });
});
