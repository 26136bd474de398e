import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import type { FollowUp } from "../api/followUps";
import { AppContext, type AppData } from "../context";
import { FakeEventSource } from "../testing/fakeEventSource";
import { answer, dayFromToday as day, followUpFixture as followUp } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { apiQuery, followUpsPath, parseFilter } from "./filter";
import { FollowUpsPage } from "./FollowUpsPage";

vi.mock("../api/people", () => ({ useDirectory: () => ({ active: [], everyone: [], names: new Map() }) }));

beforeEach(() => FakeEventSource.install());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  window.history.replaceState(null, "", "/");
});

const app = { session: { user: { id: 5, name: "Ada Lovelace" } }, severities: [], types: [], roles: [], canAct: true, isAdmin: false } as unknown as AppData;

/** Answers the follow-up list by the query it is asked, and the service catalog. */
function serve(pages: (query: Record<string, unknown>) => { items: FollowUp[]; next_cursor?: string | null }) {
  return vi.spyOn(api, "GET").mockImplementation((async (path: string, init: { params?: { query?: Record<string, unknown> } }) => {
    if (path === "/api/v1/services") return answer({ items: [{ id: 3, name: "Checkout API" }], next_cursor: null });
    if (path === "/api/v1/follow-ups") return answer(pages(init.params?.query ?? {}));
    return answer({}, 404);
  }) as never);
}

function show(search: string) {
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <FollowUpsPage search={new URLSearchParams(search)} />
      </AppContext.Provider>
    </Wrapper>,
  );
}

describe("the follow-ups page's filters", () => {
  it("live in the address, defaults left out, and become the API's query", () => {
    expect(parseFilter(new URLSearchParams(""))).toEqual({ view: "mine", status: "open", incident: "", service: "" });
    const f = parseFilter(new URLSearchParams("view=overdue&status=done&incident=inc-7&service=3"));
    expect(f).toEqual({ view: "overdue", status: "done", incident: "INC-7", service: "3" });
    expect(followUpsPath(f)).toBe("/follow-ups?view=overdue&status=done&incident=INC-7&service=3");
    expect(apiQuery(f)).toEqual({ overdue: true, status: "done", incident: "INC-7", service: 3 });
    expect(apiQuery(parseFilter(new URLSearchParams("")))).toEqual({ owner: "me" });
    expect(apiQuery(parseFilter(new URLSearchParams("view=teams&status=all")))).toEqual({ team: "mine", status: "all" });
    // What the app does not know means the default; a reference is normalized or dropped.
    expect(parseFilter(new URLSearchParams("view=theirs&status=lost&incident=nope&service=x"))).toEqual({ view: "mine", status: "open", incident: "", service: "" });
    expect(parseFilter(new URLSearchParams("incident=42")).incident).toBe("INC-42");
    expect(followUpsPath(parseFilter(new URLSearchParams("view=mine&status=open")))).toBe("/follow-ups");
  });
});

describe("the follow-ups page", () => {
  it("shows mine by default: what, which incident, who, which team, when (overdue said in words), priority and status", async () => {
    const get = serve(() => ({ items: [followUp()], next_cursor: null }));
    show("");
    const row = (await screen.findByRole("link", { name: "Alert on queue depth" })).closest("tr")!;
    expect(get).toHaveBeenCalledWith("/api/v1/follow-ups", expect.objectContaining({ params: { query: { owner: "me", limit: 50 } } }));
    expect(within(row).getByRole("link", { name: "INC-42" }).getAttribute("href")).toBe("/incidents/INC-42");
    expect(within(row).getByRole("link", { name: "Alert on queue depth" }).getAttribute("href")).toBe("/incidents/INC-42#follow-up-57");
    within(row).getByText("Checkout down");
    within(row).getByText("Ada Lovelace");
    within(row).getByText("Payments");
    within(row).getByText("Overdue");
    expect(within(row).getByText(/^due 2 days ago \(/).tagName).toBe("TIME");
    within(row).getByText("High");
    within(row).getByText("Committed");
    expect(screen.getByRole("link", { name: "Mine" }).getAttribute("aria-current")).toBe("page");
    screen.getByText("1 follow-up shown");
  });

  it("switches views and filters through the address", async () => {
    const get = serve(() => ({ items: [], next_cursor: null }));
    show("view=overdue");
    await screen.findByText(/^Nothing is overdue\./);
    expect(get).toHaveBeenCalledWith("/api/v1/follow-ups", expect.objectContaining({ params: { query: { overdue: true, limit: 50 } } }));
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "all" } });
    expect(window.location.pathname + window.location.search).toBe("/follow-ups?view=overdue&status=all");
    fireEvent.change(screen.getByLabelText("Service"), { target: { value: "" } });

    // A reference is checked before it goes to the address.
    const incident = screen.getByLabelText("Incident");
    fireEvent.change(incident, { target: { value: "checkout" } });
    fireEvent.click(screen.getByRole("button", { name: "Show" }));
    screen.getByText("Enter an incident reference, like INC-42.");
    expect(incident.getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(incident, { target: { value: "inc-42" } });
    fireEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(window.location.search).toBe("?view=overdue&incident=INC-42");
    expect(screen.getByRole("link", { name: "All" }).getAttribute("href")).toBe("/follow-ups?view=all");
  });

  it("says what to do when a view is empty, and offers to widen narrowed filters", async () => {
    serve(() => ({ items: [], next_cursor: null }));
    show("");
    await screen.findByText(/^Nothing is yours to follow up\./);
    fireEvent.click(screen.getByRole("button", { name: "Show everyone's" }));
    expect(window.location.search).toBe("?view=all");
    cleanup();
    show("view=teams&incident=INC-3");
    await screen.findByText("No follow-up matches these filters.");
    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(window.location.search).toBe("?view=teams");
  });

  it("loads more with next_cursor", async () => {
    const get = serve((q) => (q.cursor === "p2" ? { items: [followUp({ id: 58, title: "Runbook", overdue: false, due_on: day(3) })], next_cursor: null } : { items: [followUp()], next_cursor: "p2" }));
    show("view=all");
    await screen.findByText("1 follow-up shown, more below");
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByRole("link", { name: "Runbook" });
    expect(get).toHaveBeenCalledWith("/api/v1/follow-ups", expect.objectContaining({ params: { query: { limit: 50, cursor: "p2" } } }));
    screen.getByText(/^due in 3 days/);
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("lets the owner mark theirs done, asks why for won't do, and leaves others' alone", async () => {
    let items = [followUp(), followUp({ id: 58, title: "Someone else's", owner: { id: 9, name: "Bo" } })];
    serve(() => ({ items, next_cursor: null }));
    const patch = vi.spyOn(api, "PATCH").mockImplementation((async (_path: string, init: { body: { status: string } }) => {
      const done = followUp({ status: init.body.status as FollowUp["status"], overdue: false });
      items = [done, items[1]];
      return answer(done);
    }) as never);
    show("view=all");
    const row = (await screen.findByRole("link", { name: "Alert on queue depth" })).closest("tr")!;
    const other = screen.getByRole("link", { name: "Someone else's" }).closest("tr")!;
    expect(within(other).queryByRole("button")).toBeNull();

    fireEvent.click(within(row).getByRole("button", { name: "Won't do “Alert on queue depth”…" }));
    const why = within(row).getByRole("form", { name: "Why “Alert on queue depth” won't be done" });
    fireEvent.click(within(why).getByRole("button", { name: "Won't do" }));
    within(row).getByText("Say why it won't be done.");
    expect(patch).not.toHaveBeenCalled();
    fireEvent.keyDown(why, { key: "Escape" });

    fireEvent.click(within(row).getByRole("button", { name: "Mark “Alert on queue depth” done" }));
    await waitFor(() => expect(patch).toHaveBeenCalledWith("/api/v1/follow-ups/{id}", expect.objectContaining({ params: { path: { id: 57 } }, body: { status: "done" } })));
    await waitFor(() => expect(within(screen.getByRole("link", { name: "Alert on queue depth" }).closest("tr")!).queryByText("Overdue")).toBeNull());
    screen.getByText("Alert on queue depth: done.");
  });

  it("asks again when a follow-up event arrives on the global stream", async () => {
    const get = serve(() => ({ items: [followUp()], next_cursor: null }));
    show("");
    await screen.findByRole("link", { name: "Alert on queue depth" });
    const calls = () => get.mock.calls.filter((c) => c[0] === "/api/v1/follow-ups").length;
    expect(calls()).toBe(1);
    const [stream] = FakeEventSource.open();
    expect(stream.url).toBe("/api/v1/events");
    stream.send({ id: 90, seq: 9, reference: "INC-42", incident_id: 42, kind: "follow_up_changed", data: { follow_up_id: 57, title: "Alert on queue depth", changes: { status: "done" } }, at: "2026-12-03T10:00:00Z", actor: null });
    await waitFor(() => expect(calls()).toBe(2));
  });
});
