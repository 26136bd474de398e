import axe from "axe-core";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { integrationFixture } from "../testing/alerts";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { IntegrationPage } from "./IntegrationPage";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = (isAdmin = true) => ({ session: { user: { id: 1, name: "Ana" } }, severities: [], types: [], roles: [], canAct: true, isAdmin }) as unknown as AppData;

const requests = [
  {
    id: 2,
    endpoint: "alertmanager",
    headers: {},
    body: '{"version":"4","alerts":[]}',
    received_at: "2026-11-25T12:00:00Z",
    processed_at: "2026-11-25T12:00:01Z",
    outcome: [
      { dedup_key: "fp-1", outcome: "new", group_id: 12, reason: "route “default” grouped by alertname" },
      { dedup_key: "fp-2", outcome: "duplicate", group_id: 12, reason: "already firing" },
    ],
    error: null,
  },
  { id: 1, endpoint: "alertmanager", headers: {}, body: "not json", received_at: "2026-11-25T11:00:00Z", processed_at: "2026-11-25T11:00:01Z", outcome: null, error: "the body is not JSON" },
];

function show(integration = integrationFixture(), isAdmin = true) {
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/integrations/{id}") return answer(integration);
    if (path === "/api/v1/integrations/{id}/requests") return answer(requests);
    if (path === "/api/v1/services" || path === "/api/v1/teams") return answer({ items: [], next_cursor: null });
    return answer({ title: "unexpected" }, 500);
  }) as never);
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app(isAdmin)}>
        <IntegrationPage id={integration.id} />
      </AppContext.Provider>
    </Wrapper>,
  );
}

describe("an integration's page", () => {
  it("shows the address, the key only when asked, and the configuration to paste", async () => {
    show();
    await screen.findByRole("heading", { name: "Prometheus prod" });
    screen.getByText("12 received · 4 deduplicated · 3 grouped · 1 rejected · last received", { exact: false });
    const key = screen.getByLabelText("Key of “Prometheus prod”") as HTMLInputElement;
    expect(key.type).toBe("password");
    fireEvent.click(screen.getByRole("button", { name: "Show key" }));
    expect(key.type).toBe("text");
    expect(key.value).toBe("gsk_secret_key_123");
    screen.getByText("https://goldseam.example.com/api/v1/alerts/alertmanager");
    expect(document.querySelector("pre.snippet")!.textContent).toBe("receivers:\n  - name: goldseam\n");
    screen.getByRole("button", { name: "Copy configuration" });
    // Only generic webhooks have a mapping.
    expect(screen.queryByRole("heading", { name: "Mapping" })).toBeNull();
  });

  it("lists recent requests with what became of each alert and why, or why the request could not be read", async () => {
    show();
    await waitFor(() => expect(document.querySelectorAll("ol.requests > li")).toHaveLength(2));
    const [first, second] = Array.from(document.querySelectorAll("ol.requests > li")) as HTMLElement[];
    const receipts = within(first).getAllByRole("listitem").map((li) => li.textContent);
    expect(receipts).toEqual(["New alert fp-1 in group 12: route “default” grouped by alertname", "Repeat of one firing fp-2 in group 12: already firing"]);
    expect(within(first).getAllByRole("link", { name: "group 12" })[0].getAttribute("href")).toBe("/alerts?group=12");
    // The body is one click away, pretty-printed.
    expect(first.querySelector("details pre")!.textContent).toBe('{\n  "version": "4",\n  "alerts": []\n}');
    within(second).getByText("Could not be read: the body is not JSON");
  });

  it("sends a test alert and says what came of it: the dedup key, or the refusal", async () => {
    const { container } = show(integrationFixture({ kind: "webhook", kind_label: "Generic JSON webhook" }));
    const post = vi.spyOn(api, "POST").mockResolvedValueOnce(answer({ dedup_key: "goldseam-test-1", status: "accepted" }, 202) as never);
    fireEvent.click(await screen.findByRole("button", { name: "Send a test alert" }));
    await screen.findByText("goldseam-test-1");
    expect(post.mock.lastCall![0]).toBe("/api/v1/integrations/{id}/test");
    // A refusal comes as a 422 carrying the same answer.
    post.mockResolvedValueOnce(answer({ dedup_key: "", status: "refused: the mapping refused it: summary: line 1: undefined value" }, 422) as never);
    fireEvent.click(screen.getByRole("button", { name: "Send a test alert" }));
    await screen.findByText("Refused: the mapping refused it: summary: line 1: undefined value");
    screen.getByRole("heading", { name: "Mapping" });
    await waitFor(() => expect(document.querySelectorAll("ol.requests > li")).toHaveLength(2));
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("deletes only once confirmed", async () => {
    show();
    const del = vi.spyOn(api, "DELETE").mockResolvedValue(answer(undefined, 204) as never);
    fireEvent.click(await screen.findByRole("button", { name: "Delete integration" }));
    expect(del).not.toHaveBeenCalled();
    screen.getByText(/Its key stops working at once/);
    fireEvent.click(screen.getByRole("button", { name: "Delete it" }));
    await waitFor(() => expect(window.location.pathname).toBe("/integrations"));
    expect(del).toHaveBeenCalledWith("/api/v1/integrations/{id}", { params: { path: { id: 3 } } });
  });

  it("tells non-admins they may not see it, without asking", () => {
    show(integrationFixture(), false);
    screen.getByText("Only admins can see integrations and their keys.");
    expect(api.GET).not.toHaveBeenCalledWith("/api/v1/integrations/{id}", expect.anything());
  });
});
