import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { answer } from "../testing/followUps";
import { integrationFixture } from "../testing/alerts";
import { testQueryClient, withClient } from "../testing/wrapper";
import { NewIntegrationForm } from "./NewIntegrationForm";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function show(onCreated = vi.fn()) {
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/services") return answer({ items: [{ id: 5, name: "Checkout" }], next_cursor: null });
    if (path === "/api/v1/teams") return answer({ items: [{ id: 2, name: "Payments" }], next_cursor: null });
    return answer({ title: "unexpected" }, 500);
  }) as never);
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <NewIntegrationForm onCreated={onCreated} onCancel={() => undefined} />
    </Wrapper>,
  );
  return onCreated;
}

const field = (name: string) => screen.getByLabelText(name, { exact: false }) as HTMLInputElement;
const errorOf = (control: HTMLElement) => document.getElementById(control.getAttribute("aria-describedby")!.split(" ").find((id) => id.endsWith("-error"))!)?.textContent;

describe("the new integration form", () => {
  it("offers the seven senders by name, and asks for a signing secret only for those that sign", async () => {
    show();
    const kind = field("Sender") as unknown as HTMLSelectElement;
    expect(Array.from(kind.options).slice(1).map((o) => o.textContent)).toEqual([
      "PagerDuty Events API v2",
      "Prometheus Alertmanager",
      "Grafana alerting",
      "Opsgenie API (Alertmanager opsgenie_configs)",
      "Datadog webhook",
      "Generic JSON webhook",
      "PagerDuty v3 webhooks",
    ]);
    expect(screen.queryByLabelText(/Signing secret/)).toBeNull();
    fireEvent.change(kind, { target: { value: "grafana" } });
    expect(screen.getByLabelText(/Signing secret/).closest(".field")!.textContent).toContain("(optional)");
    fireEvent.change(kind, { target: { value: "pagerduty_webhook" } });
    expect(screen.getByLabelText(/Signing secret/).closest(".field")!.textContent).not.toContain("(optional)");
    fireEvent.change(kind, { target: { value: "datadog" } });
    expect(screen.queryByLabelText(/Signing secret/)).toBeNull();
    // The pickers offer the catalog once it is loaded.
    await screen.findByRole("option", { name: "Checkout" });
    screen.getByRole("option", { name: "Payments" });
  });

  it("explains what is missing before sending anything", async () => {
    show();
    const post = vi.spyOn(api, "POST");
    fireEvent.change(field("Sender"), { target: { value: "pagerduty_webhook" } });
    fireEvent.click(screen.getByRole("button", { name: "Create integration" }));
    expect(screen.getByRole("alert").textContent).toBe("Check these fields: Name, Signing secret.");
    expect(errorOf(field("Name"))).toBe("Enter a name.");
    expect(errorOf(screen.getByLabelText(/Signing secret/))).toMatch(/Paste the secret PagerDuty showed/);
    expect(post).not.toHaveBeenCalled();
  });

  it("puts the server's 422 beside the field it names", async () => {
    show();
    const post = vi.spyOn(api, "POST").mockResolvedValue(
      answer({ type: "about:blank", title: "Invalid", status: 422, detail: "team_id: no team has id 9", errors: [{ field: "team_id", message: "no team has id 9" }] }, 422) as never,
    );
    fireEvent.change(field("Sender"), { target: { value: "alertmanager" } });
    fireEvent.change(field("Name"), { target: { value: "  Prometheus prod " } });
    fireEvent.click(screen.getByRole("button", { name: "Create integration" }));
    await waitFor(() => expect(errorOf(field("Team"))).toBe("No team has id 9."));
    expect(screen.getByRole("alert").textContent).toBe("Check this field: Team.");
    expect((post.mock.lastCall![1] as { body: unknown }).body).toEqual({ kind: "alertmanager", name: "Prometheus prod", service_id: null, team_id: null });
  });

  it("hands the created integration on, with the secret for signed senders", async () => {
    const onCreated = show();
    const created = integrationFixture({ kind: "grafana", kind_label: "Grafana alerting", name: "Grafana", signed: true });
    const post = vi.spyOn(api, "POST").mockResolvedValue(answer(created, 201) as never);
    fireEvent.change(field("Sender"), { target: { value: "grafana" } });
    fireEvent.change(field("Name"), { target: { value: "Grafana" } });
    fireEvent.change(screen.getByLabelText(/Signing secret/), { target: { value: "s3cret" } });
    await screen.findByRole("option", { name: "Checkout" });
    fireEvent.change(field("Service"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Create integration" }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    expect((post.mock.lastCall![1] as { body: unknown }).body).toEqual({ kind: "grafana", name: "Grafana", service_id: 5, team_id: null, signing_secret: "s3cret" });
  });
});
