import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { testQueryClient, withClient } from "../testing/wrapper";
import type { Postmortem } from "./api/postmortem";
import { ReviewBar } from "./ReviewBar";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const answer = (data: unknown, status = 200) => ({ data: status < 300 ? data : undefined, error: status < 300 ? undefined : data, response: new Response(null, { status }) });
const people = [
  { id: 1, name: "Ana Admin", email: "ana@example.com", active: true, role: "admin" },
  { id: 2, name: "Bo Chen", email: "bo@example.com", active: true, role: "member" },
  { id: 3, name: "Cy Old", email: "cy@example.com", active: false, role: "member" },
];
const base: Postmortem = { reference: "INC-7", state: "draft", version: 1, reviewers: [], open_threads: 0, can_edit: true, sections: [], opened_at: "2026-12-03T10:00:00Z", updated_at: "2026-12-03T10:00:00Z", published_at: null };

function show(pm: Partial<Postmortem>, { me = 1, canAct = true } = {}) {
  const app = { session: { user: { id: me, name: "Me" } }, severities: [], types: [], roles: [], canAct, isAdmin: false } as unknown as AppData;
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/users") return answer({ items: people, next_cursor: null });
    return answer({ ...base, ...pm });
  }) as never);
  const client = testQueryClient();
  const Wrapper = withClient(client);
  render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <ReviewBar reference="INC-7" postmortem={{ ...base, ...pm }} />
      </AppContext.Provider>
    </Wrapper>,
  );
  return client;
}

const buttons = () =>
  screen
    .queryAllByRole("button")
    .map((b) => b.textContent);

describe("the review bar", () => {
  it("offers the moves each state allows", () => {
    show({ state: "draft" });
    expect(buttons()).toEqual(["Request review…"]);
    cleanup();
    show({ state: "in_review", reviewers: [{ user_id: 2, name: "Bo Chen", verdict: null }] });
    expect(buttons()).toEqual([]);
    expect(screen.getByRole("list", { name: "Reviewers" }).textContent).toBe("Bo Chen: not reviewed yet");
    cleanup();
    show({ state: "in_review", reviewers: [{ user_id: 2, name: "Bo Chen", verdict: null }] }, { me: 2 });
    expect(buttons()).toEqual(["Approve", "Request changes"]);
    cleanup();
    show({ state: "approved", reviewers: [{ user_id: 2, name: "Bo Chen", verdict: "approved" }] });
    expect(buttons()).toEqual(["Publish version 1"]);
    cleanup();
    show({ state: "published", version: 2, can_edit: false, published_at: "2026-12-03T11:00:00Z" });
    expect(buttons()).toEqual(["Amend"]);
    expect(screen.getByText("Read-only: published")).toBeTruthy();
    cleanup();
    show({ state: "published", can_edit: false }, { canAct: false });
    expect(buttons()).toEqual([]);
    expect(screen.getByText("Read-only: published")).toBeTruthy();
  });

  it("sends the picked reviewers, then asks for the postmortem again", async () => {
    const client = show({ state: "draft" });
    const invalidate = vi.spyOn(client, "invalidateQueries");
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer({ ...base, state: "in_review", reviewers: [{ user_id: 2, name: "Bo Chen", verdict: null }] })) as never);
    fireEvent.click(screen.getByRole("button", { name: "Request review…" }));
    const picker = screen.getByRole("combobox", { name: "Add a reviewer" });
    expect(document.activeElement).toBe(picker);
    fireEvent.change(picker, { target: { value: "bo" } });
    fireEvent.click(await screen.findByRole("option", { name: /Bo Chen/ }));
    // The one asking, and people no longer active, are not offered.
    fireEvent.change(picker, { target: { value: "a" } });
    expect(screen.queryByRole("option", { name: /Ana Admin|Cy Old/ })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Send for review" }));
    await screen.findByText("Sent for review to Bo Chen.");
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/review", { params: { path: { ref: "INC-7" } }, body: { action: "request_review", reviewers: [2] } });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["incidents", "about", "INC-7", "postmortem"] });
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Review" }));
  });

  it("asks for at least one reviewer, and Cancel gives the keyboard back", () => {
    show({ state: "draft" });
    const post = vi.spyOn(api, "POST");
    fireEvent.click(screen.getByRole("button", { name: "Request review…" }));
    fireEvent.click(screen.getByRole("button", { name: "Send for review" }));
    expect(screen.getByRole("alert").textContent).toBe("Add at least one reviewer.");
    expect(post).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Request review…" }));
  });

  it("shows a refused publication (the open comments listed) beside its button", async () => {
    show({ state: "approved", open_threads: 1, reviewers: [{ user_id: 2, name: "Bo Chen", verdict: "approved" }] });
    vi.spyOn(api, "POST").mockImplementation((async () => answer({ title: "Conflict", status: 409, detail: "1 comment thread is still open: resolve it before publishing: “twenty minutes”" }, 409)) as never);
    const publish = screen.getByRole("button", { name: "Publish version 1" });
    fireEvent.click(publish);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("“twenty minutes”");
    // Beside the button, and read out with it.
    expect(alert.parentElement).toBe(publish.parentElement);
    await waitFor(() => expect(publish.getAttribute("aria-describedby")).toBe(alert.id));
    expect(within(alert.parentElement!).getByRole("button").textContent).toBe("Publish version 1");
  });

  it("lets a named reviewer approve", async () => {
    show({ state: "in_review", reviewers: [{ user_id: 2, name: "Bo Chen", verdict: null }] }, { me: 2 });
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer({ ...base, state: "approved", reviewers: [{ user_id: 2, name: "Bo Chen", verdict: "approved" }] })) as never);
    fireEvent.click(screen.getByRole("button", { name: "Approve" }));
    await screen.findByText(/^Approved: it can be published/);
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/postmortem/review", { params: { path: { ref: "INC-7" } }, body: { action: "approve" } });
  });
});
