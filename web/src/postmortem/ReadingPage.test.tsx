import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { api } from "../api/client";
import { readingFixture } from "../testing/distribution";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { readingFailure } from "./reading";
import { ReadingPage } from "./ReadingPage";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  window.history.replaceState(null, "", "/");
});

const acknowledged = (at = "2026-12-04T09:00:00Z") => readingFixture({ reader: { ...readingFixture().reader, acknowledged_at: at } });

function show(token = "t.1") {
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <ReadingPage token={token} />
    </Wrapper>,
  );
}

describe("the reading page", () => {
  it("opens from /read/:token without a session: no sign-in form, the session never asked", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => (path === "/api/v1/read/{token}" ? answer(readingFixture()) : answer({ status: 401, title: "Unauthorized" }, 401))) as never);
    window.history.replaceState(null, "", "/read/t.1");
    render(<App />, { wrapper: withClient(testQueryClient()) });
    await screen.findByRole("heading", { level: 1, name: "INC-7: Checkout errors" });
    expect(get).toHaveBeenCalledWith("/api/v1/read/{token}", expect.objectContaining({ params: expect.objectContaining({ path: { token: "t.1" } }) }));
    expect(get).not.toHaveBeenCalledWith("/api/v1/auth/session", expect.anything());
    expect(screen.queryByLabelText(/password/i)).toBeNull();
  });

  it("shows the header, the document and, for a required reader, I have read it; acknowledging replaces the button", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(readingFixture({ html: '<h2>Summary</h2><p>Checkout failed.</p><script>alert(1)</script><img src="x" onerror="alert(2)">' }))) as never);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer(acknowledged())) as never);
    const { container } = show();
    await screen.findByRole("heading", { level: 1, name: "INC-7: Checkout errors" });
    screen.getByText(/^Postmortem · version 2 · published/);
    expect(screen.getByText("SEV1").className).toBe("sev sev-SEV1");
    screen.getByRole("heading", { level: 2, name: "Summary" });
    screen.getByText("Checkout failed.");
    // Sanitized again before it goes into the page.
    expect(container.querySelector("script, img")).toBeNull();
    screen.getByText(/You are asked to read this postmortem/);
    expect(screen.queryByText(/Amended since you read it/)).toBeNull();
    expect(screen.queryByRole("link", { name: "Read the full postmortem" })).toBeNull();

    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "I have read it" }));
    const status = await screen.findByText(/You acknowledged it on/);
    expect(post).toHaveBeenCalledWith("/api/v1/read/{token}/acknowledge", expect.objectContaining({ params: expect.objectContaining({ path: { token: "t.1" } }) }));
    expect(screen.queryByRole("button", { name: "I have read it" })).toBeNull();
    expect(status.closest('[role="status"]')).not.toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(status.closest('[role="status"]')));
  });

  it("for a summary reader: says so, lists what changed since they read it, and links to the full postmortem", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () =>
      answer(readingFixture({ rendering: "summary", version: 3, changes: ["Impact: rewritten", "Added section Timeline"], full_link: "/incidents/INC-7/postmortem" }))) as never);
    show();
    await screen.findByText(/^Executive summary · version 3/);
    const changes = screen.getByRole("region", { name: "Amended since you read it" });
    expect(within(changes).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Impact: rewritten", "Added section Timeline"]);
    expect(screen.getByRole("link", { name: "Read the full postmortem" }).getAttribute("href")).toBe("/incidents/INC-7/postmortem");
  });

  it("offers neither acknowledging nor unsubscribing on a mailing list's link", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(readingFixture({ reader: { ...readingFixture().reader, name: "exec@example.com", required: false, is_person: false } }))) as never);
    show();
    await screen.findByRole("heading", { level: 1, name: "INC-7: Checkout errors" });
    expect(screen.queryByRole("button", { name: "I have read it" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Stop sending me postmortems" })).toBeNull();
  });

  it("says when it was acknowledged, with no button, on a later visit", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(acknowledged())) as never);
    show();
    await screen.findByText(/You acknowledged it on/);
    expect(screen.queryByRole("button", { name: "I have read it" })).toBeNull();
  });

  it("shows the server's refusal of the acknowledgement and keeps the button", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(readingFixture())) as never);
    vi.spyOn(api, "POST").mockImplementation((async () => answer({ status: 404, title: "Not Found", detail: "This link is not valid: it was altered, or the postmortem is no longer shared with you." }, 404)) as never);
    show();
    fireEvent.click(await screen.findByRole("button", { name: "I have read it" }));
    await screen.findByText(/Not saved: This link is not valid/);
    screen.getByRole("button", { name: "I have read it" });
  });

  it("turns a link that is not valid (404) into a friendly page with the server's detail, without Try again", async () => {
    const detail = "This link is not valid: it was altered, or the postmortem is no longer shared with you.";
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer({ status: 404, title: "Not Found", detail }, 404)) as never);
    show();
    await screen.findByRole("heading", { level: 1, name: "This link does not open a postmortem" });
    expect(screen.getByRole("alert").textContent).toBe(detail);
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
    // A 4xx is the server's considered answer: asked once.
    expect(get).toHaveBeenCalledTimes(1);
  });

  it("unsubscribes in one click", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(readingFixture())) as never);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer({ unsubscribed: true })) as never);
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Stop sending me postmortems" }));
    await screen.findByText("You will no longer get postmortems you are not required to read.");
    expect(post).toHaveBeenCalledWith("/api/v1/read/{token}/unsubscribe", expect.objectContaining({ params: { path: { token: "t.1" } } }));
  });
});

describe("readingFailure", () => {
  it("offers to try again only when asking again may help", () => {
    expect(readingFailure(404, "gone").retry).toBe(false);
    expect(readingFailure(404).text).toMatch(/not valid/);
    expect(readingFailure(0)).toMatchObject({ title: "Goldseam could not be reached", retry: true });
    expect(readingFailure(503, "try later")).toMatchObject({ text: "Try later", retry: true });
  });
});
