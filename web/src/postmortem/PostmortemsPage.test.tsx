import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { FakeEventSource } from "../testing/fakeEventSource";
import { testQueryClient, withClient } from "../testing/wrapper";
import { parseStateFilter, postmortemsPath } from "./listFilter";
import { PostmortemsPage } from "./PostmortemsPage";

beforeEach(() => FakeEventSource.install());

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  window.history.replaceState(null, "", "/");
});

const answer = (data: unknown, status = 200) => ({ data: status < 300 ? data : undefined, error: status < 300 ? undefined : data, response: new Response(null, { status }) });
const item = { reference: "INC-7", title: "Checkout errors", severity: "SEV1", state: "in_review", version: 2, owner: null, opened_at: "2026-12-01T10:00:00Z", updated_at: new Date(Date.now() - 3 * 3600_000).toISOString() };

function show(search: string) {
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <PostmortemsPage search={new URLSearchParams(search)} />
    </Wrapper>,
  );
}

describe("the postmortems list's filter", () => {
  it("lives in the query string; unknown states mean all", () => {
    expect(parseStateFilter(new URLSearchParams("state=in_review"))).toBe("in_review");
    expect(parseStateFilter(new URLSearchParams("state=lost"))).toBe("");
    expect(postmortemsPath("changes_requested")).toBe("/postmortems?state=changes_requested");
    expect(postmortemsPath("")).toBe("/postmortems");
  });
});

describe("the postmortems page", () => {
  it("asks for the state in the address, and choosing another writes it to the query string", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer([item])) as never);
    show("state=in_review");
    const row = (await screen.findByRole("link", { name: "INC-7" })).closest("tr")!;
    expect(get).toHaveBeenCalledWith("/api/v1/postmortems", expect.objectContaining({ params: { query: { state: "in_review" } } }));
    expect(within(row).getByText("Checkout errors")).toBeTruthy();
    expect(within(row).getByText("SEV1").className).toBe("sev sev-SEV1");
    expect(within(row).getByText("In review")).toBeTruthy();
    expect(within(row).getByText("No incident manager")).toBeTruthy();
    expect(within(row).getByText("3 h ago").tagName).toBe("TIME");
    expect(screen.getByRole("link", { name: "INC-7" }).getAttribute("href")).toBe("/incidents/INC-7/postmortem");

    fireEvent.change(screen.getByLabelText("State"), { target: { value: "published" } });
    expect(window.location.pathname + window.location.search).toBe("/postmortems?state=published");
    fireEvent.change(screen.getByLabelText("State"), { target: { value: "" } });
    expect(window.location.pathname + window.location.search).toBe("/postmortems");
  });

  it("leaves the state out for all, and says when there is nothing", async () => {
    const get = vi.spyOn(api, "GET").mockImplementation((async () => answer([])) as never);
    show("");
    await screen.findByText(/^No postmortems yet\./);
    expect(get).toHaveBeenCalledWith("/api/v1/postmortems", expect.objectContaining({ params: { query: {} } }));
    cleanup();
    show("state=approved");
    await screen.findByText("No postmortem is approved.");
    screen.getByRole("button", { name: "Show all states" });
  });
});
