import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { integrationFixture } from "../testing/alerts";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { IntegrationsPage } from "./IntegrationsPage";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = (isAdmin = true) => ({ session: { user: { id: 1, name: "Ana" } }, severities: [], types: [], roles: [], canAct: true, isAdmin }) as unknown as AppData;

function show(list: unknown[], isAdmin = true) {
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/integrations") return answer(list);
    if (path === "/api/v1/services" || path === "/api/v1/teams") return answer({ items: [], next_cursor: null });
    return answer({ title: "unexpected" }, 500);
  }) as never);
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <AppContext.Provider value={app(isAdmin)}>
        <IntegrationsPage />
      </AppContext.Provider>
    </Wrapper>,
  );
  return get;
}

describe("the integrations page", () => {
  it("lists each integration with its sender, counters and last request", async () => {
    show([integrationFixture(), integrationFixture({ id: 4, kind: "datadog", kind_label: "Datadog webhook", name: "Datadog", last_received_at: null, counters: { received: 0, deduplicated: 0, grouped: 0, rejected: 0 } })]);
    const table = await screen.findByRole("table", { name: "Integrations" });
    const rows = within(table).getAllByRole("row").slice(1);
    const cells = rows.map((r) => within(r).getAllByRole("cell").map((c) => c.textContent));
    expect(cells[0].slice(0, 6)).toEqual(["Prometheus prod", "Prometheus Alertmanager", "12", "4", "3", "1"]);
    expect(cells[1]).toEqual(["Datadog", "Datadog webhook", "0", "0", "0", "0", "Never"]);
    expect(within(rows[1]).getByRole("link", { name: "Datadog" }).getAttribute("href")).toBe("/integrations/4");
  });

  it("after creating one, shows its address, its key hidden until asked, and what to paste", async () => {
    show([]);
    await screen.findByText(/No integrations yet/);
    fireEvent.click(screen.getByRole("button", { name: "New integration" }));
    vi.spyOn(api, "POST").mockResolvedValue(answer(integrationFixture({ id: 9 }), 201) as never);
    fireEvent.change(screen.getByLabelText("Sender"), { target: { value: "alertmanager" } });
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: "Prometheus prod" } });
    fireEvent.click(screen.getByRole("button", { name: "Create integration" }));
    const ready = await screen.findByRole("region", { name: "“Prometheus prod” is ready" });
    const key = within(ready).getByLabelText("Key of “Prometheus prod”") as HTMLInputElement;
    expect(key.type).toBe("password");
    within(ready).getByText("https://goldseam.example.com/api/v1/alerts/alertmanager");
    expect(ready.querySelector("pre.snippet")!.textContent).toBe("receivers:\n  - name: goldseam\n");
    expect(within(ready).getByRole("link", { name: "Open “Prometheus prod”" }).getAttribute("href")).toBe("/integrations/9");
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    fireEvent.click(within(ready).getByRole("button", { name: "Copy key" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("gsk_secret_key_123"));
  });

  it("tells non-admins it is for admins, without asking for the list", () => {
    const get = show([], false);
    screen.getByText(/Only admins can add or change integrations/);
    expect(get).not.toHaveBeenCalled();
  });
});
