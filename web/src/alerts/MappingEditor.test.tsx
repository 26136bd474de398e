import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { integrationFixture } from "../testing/alerts";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { MappingEditor } from "./MappingEditor";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const webhook = integrationFixture({ id: 8, kind: "webhook", kind_label: "Generic JSON webhook", name: "Uptime checks" });

function show() {
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <MappingEditor integration={webhook} />
    </Wrapper>,
  );
}

const input = (name: string) => screen.getByLabelText(name) as HTMLInputElement;
const errorOf = (control: HTMLElement) => {
  const ids = control.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains("error"))?.textContent;
};
const preview = (over: Record<string, unknown> = {}) => ({
  preview: { accepted: true, dedup_key: "disk-db-1", key_from: "template", status: "firing", summary: "Disk almost full on db-1", severity: "warning", source: "db-1", link: null, labels: { env: "prod" }, annotations: {}, errors: [], warnings: [], ...over },
  route: "default",
  group_key: "disk-db-1",
});

describe("the mapping editor", () => {
  it("starts from the default mapping and shows what it makes of the sample: fields, dedup key, route and group key", async () => {
    show();
    expect(input("Summary").value).toContain("payload.summary or payload.title");
    expect(input("Resolve when").value).toBe('payload.action == "close" or payload.status == "resolved"');
    const post = vi.spyOn(api, "POST").mockResolvedValue(answer(preview()) as never);
    fireEvent.change(input("Summary"), { target: { value: "{{ payload.title }}" } });
    fireEvent.click(screen.getByRole("button", { name: "Add a label" }));
    fireEvent.change(input("Labels: name 1"), { target: { value: "env" } });
    fireEvent.change(input("Labels: template 1"), { target: { value: "prod" } });
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    const result = await screen.findByRole("region", { name: "The sample would be accepted" });
    const facts = within(result).getAllByRole("definition").map((d) => d.textContent);
    expect(facts).toEqual(["Disk almost full on db-1", "Firing", "Warning", "db-1", "disk-db-1 (from the mapping's dedup template)", "default", "disk-db-1", "env=prod"]);
    const body = (post.mock.lastCall![1] as { body: { mapping: Record<string, unknown>; sample: unknown } }).body;
    expect(post.mock.lastCall![0]).toBe("/api/v1/integrations/preview");
    expect(body.mapping.summary).toBe("{{ payload.title }}");
    expect(body.mapping.labels).toEqual({ env: "prod" });
    expect(body.sample).toEqual(expect.objectContaining({ title: "Disk almost full on db-1" }));
  });

  it("shows each field's error beside it and in the result, and what was adjusted", async () => {
    show();
    vi.spyOn(api, "POST").mockResolvedValue(
      answer(
        preview({
          accepted: false,
          dedup_key: null,
          summary: null,
          errors: [
            { field: "summary", message: "line 1: unexpected end of input" },
            { field: "labels.env", message: "line 1: undefined value" },
          ],
          warnings: [{ field: "severity", message: "“urgent-ish” is not a severity: error is used" }],
        }),
      ) as never,
    );
    fireEvent.click(screen.getByRole("button", { name: "Add a label" }));
    fireEvent.change(input("Labels: name 1"), { target: { value: "env" } });
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    const result = await screen.findByRole("region", { name: "The sample would be refused" });
    expect(within(result).getByRole("list", { name: "Errors" }).textContent).toBe("summary: line 1: unexpected end of input" + "labels.env: line 1: undefined value");
    expect(within(result).getByRole("list", { name: "Warnings" }).textContent).toContain("severity: “urgent-ish” is not a severity");
    expect(errorOf(input("Summary"))).toBe("line 1: unexpected end of input");
    expect(input("Summary").getAttribute("aria-invalid")).toBe("true");
    expect(errorOf(input("Labels: template 1"))).toBe("line 1: undefined value");
  });

  it("says when the sample is not JSON, without asking the server", () => {
    show();
    const post = vi.spyOn(api, "POST");
    fireEvent.change(screen.getByLabelText("Sample payload"), { target: { value: "{not json" } });
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(errorOf(screen.getByLabelText("Sample payload"))).toMatch(/^The sample is not JSON/);
    expect(post).not.toHaveBeenCalled();
  });

  it("saves the mapping with the integration's other settings as they are; a refused template is named beside its field", async () => {
    show();
    const put = vi.spyOn(api, "PUT").mockResolvedValueOnce(
      answer({ title: "Invalid", status: 422, detail: "mapping.severity: line 1: syntax error", errors: [{ field: "mapping.severity", message: "line 1: syntax error" }] }, 422) as never,
    );
    fireEvent.change(input("Severity"), { target: { value: "{{ payload." } });
    fireEvent.change(input("Source"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Save mapping" }));
    await waitFor(() => expect(errorOf(input("Severity"))).toBe("line 1: syntax error"));
    expect(screen.getByRole("alert").textContent).toBe("Check the fields marked below.");
    const body = (put.mock.lastCall![1] as { body: Record<string, unknown> & { mapping: Record<string, unknown> } }).body;
    expect(body).toEqual(expect.objectContaining({ name: "Uptime checks", service_id: null, team_id: null, policy: webhook.policy }));
    expect(body.mapping.severity).toBe("{{ payload.");
    // An emptied optional template is sent as none.
    expect(body.mapping.source).toBeNull();
    put.mockResolvedValueOnce(answer(webhook) as never);
    fireEvent.change(input("Severity"), { target: { value: "{{ payload.severity }}" } });
    fireEvent.click(screen.getByRole("button", { name: "Save mapping" }));
    await screen.findByText("The mapping is saved: the next requests are read with it.");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
