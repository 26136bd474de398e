import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { useLiveIncidents } from "../api/live";
import { AppContext, type AppData } from "../context";
import { meetingSpan } from "../reviewWords";
import { FakeEventSource } from "../testing/fakeEventSource";
import { answer } from "../testing/followUps";
import { bookedFixture, proposalFixture, reviewFixture, slotFixture } from "../testing/reviews";
import { testQueryClient, withClient } from "../testing/wrapper";
import { ReviewPanel } from "./ReviewPanel";

beforeEach(() => FakeEventSource.install());

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const people = [
  { id: 1, name: "Ana Diaz", email: "ana@corp.test", role: "member", active: true },
  { id: 2, name: "Bo Chen", email: "bo@corp.test", role: "member", active: true },
  { id: 3, name: "Cy Rao", email: "cy@corp.test", role: "member", active: true },
  { id: 4, name: "Dee Park", email: "dee@corp.test", role: "member", active: true },
];
const app = (canAct = true) => ({ session: { user: { id: 1, name: "Ana Diaz" } }, severities: [], types: [], roles: [], canAct, isAdmin: false }) as unknown as AppData;

/** The panel on a page that follows the company-wide stream, as the postmortem page does. */
function Live({ children }: { children: ReactNode }) {
  useLiveIncidents();
  return <>{children}</>;
}

function show(canAct = true) {
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app(canAct)}>
        <Live>
          <ReviewPanel reference="INC-7" />
        </Live>
      </AppContext.Provider>
    </Wrapper>,
  );
}

/** The server: the review as `current()` says, the directory. */
function server(current: () => unknown) {
  return vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/incidents/{ref}/review") return answer(current());
    if (path === "/api/v1/users") return answer({ items: people, next_cursor: null });
    return answer({ status: 500, title: "unexpected" }, 500);
  }) as never);
}

const panel = () => screen.getByRole("region", { name: "Review meeting" });
const body = (spy: ReturnType<typeof vi.spyOn>) => (spy.mock.lastCall![1] as { body: unknown }).body;

describe("the review meeting panel", () => {
  it("before a booking: the rule, and who is invited with their zone and calendar; a required attendee without a zone is flagged", async () => {
    server(() => reviewFixture({ invitees: [...reviewFixture().invitees, { user_id: 4, name: "Dee Park", required: true, answer: null, time_zone: null, calendar: null }] }));
    const { container } = show();
    await within(panel()).findByText("Not booked yet.");
    within(panel()).getByText("Rule “Major incidents”: 60 minutes, between 1 and 5 business days after the postmortem goes to review.");
    const table = within(panel()).getByRole("table", { name: "Invited" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getByRole("rowheader").textContent)).toEqual(["Ana Diaz", "Bo Chen", "Cy Rao", "Dee Park"]);
    expect(within(rows[0]).getByText("Europe/Berlin")).toBeTruthy();
    within(rows[0]).getByText("CalDAV calendar");
    within(rows[1]).getByText("Working hours only");
    expect((within(rows[2]).getByRole("checkbox", { name: "Required: Cy Rao" }) as HTMLInputElement).checked).toBe(false);
    within(rows[3]).getByText(/None: set one in their profile/);
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("saves each change to the list at once: required, removed, someone added", async () => {
    let review = reviewFixture();
    server(() => review);
    const put = vi.spyOn(api, "PUT").mockImplementation((async (_path: string, init: { body: { invitees: { user_id: number; required: boolean }[] } }) => {
      review = reviewFixture({ invitees: init.body.invitees.map((i) => ({ ...(reviewFixture().invitees.find((x) => x.user_id === i.user_id) ?? { user_id: i.user_id, name: "Dee Park", answer: null, time_zone: "UTC", calendar: null }), required: i.required })) });
      return answer(review);
    }) as never);
    show();
    fireEvent.click(await within(panel()).findByRole("checkbox", { name: "Required: Cy Rao" }));
    await waitFor(() => expect((within(panel()).getByRole("checkbox", { name: "Required: Cy Rao" }) as HTMLInputElement).checked).toBe(true));
    expect(put).toHaveBeenCalledWith("/api/v1/incidents/{ref}/review/invitees", expect.objectContaining({ params: { path: { ref: "INC-7" } } }));
    expect(body(put)).toEqual({ invitees: [{ user_id: 1, required: true }, { user_id: 2, required: true }, { user_id: 3, required: true }] });

    fireEvent.click(within(panel()).getByRole("button", { name: "Remove Bo Chen" }));
    await waitFor(() => expect(within(panel()).queryByRole("rowheader", { name: "Bo Chen" })).toBeNull());
    expect(body(put)).toEqual({ invitees: [{ user_id: 1, required: true }, { user_id: 3, required: true }] });

    const picker = within(panel()).getByRole("combobox", { name: "Invite someone" });
    fireEvent.change(picker, { target: { value: "Dee" } });
    fireEvent.click(await within(panel()).findByRole("option", { name: /Dee Park/ }));
    await within(panel()).findByRole("rowheader", { name: "Dee Park" });
    expect(body(put)).toEqual({ invitees: [{ user_id: 1, required: true }, { user_id: 3, required: true }, { user_id: 4, required: false }] });
  });

  it("shows the server's refusal of a list beside it", async () => {
    server(() => reviewFixture());
    vi.spyOn(api, "PUT").mockImplementation((async () => answer({ status: 422, title: "Invalid", detail: "invalid", errors: [{ field: "invitees", message: "name at least one required attendee" }] }, 422)) as never);
    show();
    fireEvent.click(await within(panel()).findByRole("checkbox", { name: "Required: Ana Diaz" }));
    await within(panel()).findByText("Not saved: Invitees: name at least one required attendee.");
  });

  it("finds a time: the best slot and alternatives in everyone's own time, the reasons, the unread calendars; Book books it", async () => {
    let review = reviewFixture();
    server(() => review);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer(proposalFixture())) as never);
    const put = vi.spyOn(api, "PUT").mockImplementation((async () => {
      review = bookedFixture();
      return answer(review);
    }) as never);
    const { container } = show();
    fireEvent.click(await within(panel()).findByRole("button", { name: "Find a time" }));
    const proposal = await within(panel()).findByRole("region", { name: "Proposed times" });
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/review/proposal", expect.objectContaining({ params: { path: { ref: "INC-7" } } }));
    within(proposal).getByText("Ana Diaz: calendar could not be read: no answer within 10 s");
    const best = within(proposal).getByRole("article", { name: new RegExp(`^Best time: ${meetingSpan("2026-12-03T15:00:00Z", "2026-12-03T16:00:00Z")}`) });
    within(best).getByText("earliest day every required attendee is free (Thu 3 Dec)");
    const bo = within(best).getByRole("rowheader", { name: "Bo Chen" }).closest("tr")!;
    expect(bo.textContent).toBe("Bo ChenThu 3 Dec 10:00–11:00 New YorkFree");
    const cy = within(best).getByRole("rowheader", { name: /Cy Rao/ }).closest("tr")!;
    expect(cy.textContent).toBe("Cy RaoOptionalThu 3 Dec 20:30–21:30 KolkataFree");
    const alternative = within(proposal).getByRole("article", { name: /^Alternative: / });
    expect(within(alternative).getByRole("rowheader", { name: /Cy Rao/ }).closest("tr")!.textContent).toContain("Busy");
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

    fireEvent.click(within(best).getByRole("button", { name: "Book this time" }));
    await within(panel()).findByText("Booked: invitations are on their way to everyone invited.");
    expect(put).toHaveBeenCalledWith("/api/v1/incidents/{ref}/review/meeting", expect.objectContaining({ params: { path: { ref: "INC-7" } } }));
    expect(body(put)).toEqual({ start: "2026-12-03T15:00:00Z", duration_minutes: 60, reason: "earliest day every required attendee is free (Thu 3 Dec)" });
    expect(within(panel()).queryByRole("region", { name: "Proposed times" })).toBeNull();
    within(panel()).getByText("Booked");
    within(panel()).getByText(meetingSpan("2026-12-03T15:00:00Z", "2026-12-03T16:00:00Z"));
    within(panel()).getByRole("table", { name: "Attendees" });
  });

  it("when nothing fits, names who blocks the nearest misses and how", async () => {
    server(() => reviewFixture());
    const miss = slotFixture("2026-12-03T12:00:00Z", ["free", "outside_hours", "free"], ["blocked by Bo Chen (outside working hours)", "earliest day"]);
    vi.spyOn(api, "POST").mockImplementation((async () =>
      answer(proposalFixture({ best: null, alternatives: [], unconfirmed: [], misses: [{ slot: miss, blockers: [{ user_id: 2, name: "Bo Chen", how: "outside_hours", minutes: 120, detail: "07:00-08:00 America/New_York is outside their working hours; they would have to stretch them by 120 min" }] }] }))) as never);
    show();
    fireEvent.click(await within(panel()).findByRole("button", { name: "Find a time" }));
    await within(panel()).findByText("No time in the window suits every required attendee.");
    const card = within(panel()).getByRole("article", { name: /^Near miss: / });
    within(within(card).getByRole("list", { name: "Blocked by" })).getByText("Bo Chen: 07:00-08:00 America/New_York is outside their working hours; they would have to stretch them by 120 min");
    expect(within(card).getByRole("rowheader", { name: "Bo Chen" }).closest("tr")!.textContent).toContain("Outside working hours");
    within(card).getByRole("button", { name: "Book anyway" });
  });

  it("books the best time in one click, and says why not when nothing fits (409)", async () => {
    let review = reviewFixture();
    server(() => review);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer({ status: 409, title: "Conflict", detail: "no slot in the window suits every required attendee; ask for a proposal to see the nearest misses and who blocks them" }, 409)) as never);
    show();
    fireEvent.click(await within(panel()).findByRole("button", { name: "Book the best time" }));
    await within(panel()).findByText(/^No slot in the window suits every required attendee/);
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/review/meeting/best", expect.anything());

    post.mockImplementation((async () => {
      review = bookedFixture();
      return answer(review);
    }) as never);
    fireEvent.click(within(panel()).getByRole("button", { name: "Book the best time" }));
    await within(panel()).findByText("Booked at the best time: invitations are on their way.");
    within(panel()).getByRole("button", { name: "Move to the best time" });
    // The button pressed stays, but the keyboard is taken to what it did.
    await waitFor(() => expect(document.activeElement?.className).toBe("rv-summary"));

    // Moved by Goldseam after a decline: the news of the booking is old news.
    review = bookedFixture({ sequence: 1, reason: "moved because Bo Chen declined" });
    FakeEventSource.open()[0].send({ id: 50, reference: "INC-7", kind: "review_scheduled", data: {} }, 50);
    await within(panel()).findByText("Why this time: moved because Bo Chen declined");
    expect(within(panel()).queryByText("Booked at the best time: invitations are on their way.")).toBeNull();
  });

  it("once moved after a decline: says so and why, each attendee's answer; cancelling asks why", async () => {
    let review = bookedFixture({ sequence: 1, start: "2026-12-04T14:00:00Z", end: "2026-12-04T15:00:00Z", reason: "moved because Bo Chen declined; a later day (Fri 4 Dec)" }, { 1: "accepted", 3: "tentative" });
    server(() => review);
    const del = vi.spyOn(api, "DELETE").mockImplementation((async () => {
      review = { ...review, meeting: { ...review.meeting!, state: "cancelled", sequence: 2, reason: "merged with INC-3's review" } };
      return answer(review);
    }) as never);
    show();
    await within(panel()).findByText("Moved");
    within(panel()).getByText(meetingSpan("2026-12-04T14:00:00Z", "2026-12-04T15:00:00Z"));
    within(panel()).getByText("Why this time: moved because Bo Chen declined; a later day (Fri 4 Dec)");
    const table = within(panel()).getByRole("table", { name: "Attendees" });
    const answers = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((r) => within(r).getAllByRole("cell")[1].textContent);
    expect(answers).toEqual(["Accepted", "No answer yet", "Maybe"]);

    fireEvent.click(within(panel()).getByRole("button", { name: "Cancel the meeting…" }));
    const form = within(panel()).getByRole("form", { name: "Cancel the meeting" });
    fireEvent.click(within(form).getByRole("button", { name: "Cancel the meeting" }));
    within(form).getByText("Say why: the reason goes to everyone invited.");
    expect(del).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByLabelText("Why is it cancelled?"), { target: { value: "merged with INC-3's review" } });
    fireEvent.click(within(form).getByRole("button", { name: "Cancel the meeting" }));
    await within(panel()).findByText("Cancelled");
    expect(body(del)).toEqual({ reason: "merged with INC-3's review" });
    within(panel()).getByText("Why it was cancelled: merged with INC-3's review");
  });

  it("follows the incident's events: an answer or a move shows without reloading", async () => {
    let review = bookedFixture();
    const get = server(() => review);
    show();
    await within(panel()).findByText("Booked");
    review = bookedFixture({}, { 2: "declined" });
    FakeEventSource.open()[0].send({ id: 40, reference: "INC-7", kind: "review_answered", data: { user_id: 2, answer: "declined", sequence: 0 } }, 40);
    await within(panel()).findByText("Declined");
    review = bookedFixture({ sequence: 1, start: "2026-12-04T14:00:00Z", end: "2026-12-04T15:00:00Z", reason: "moved because Bo Chen declined" });
    FakeEventSource.open()[0].send({ id: 41, reference: "INC-7", kind: "review_scheduled", data: {} }, 41);
    await within(panel()).findByText("Why this time: moved because Bo Chen declined");
    expect(get.mock.calls.filter((call) => (call as unknown[])[0] === "/api/v1/incidents/{ref}/review").length).toBe(3);
  });

  it("for viewers: the meeting and who is invited, and the proposal without booking", async () => {
    server(() => reviewFixture());
    vi.spyOn(api, "POST").mockImplementation((async () => answer(proposalFixture())) as never);
    show(false);
    await within(panel()).findByText("Not booked yet.");
    expect(within(panel()).queryByRole("checkbox")).toBeNull();
    expect(within(panel()).queryByRole("button", { name: "Book the best time" })).toBeNull();
    fireEvent.click(within(panel()).getByRole("button", { name: "Find a time" }));
    await within(panel()).findByRole("region", { name: "Proposed times" });
    expect(within(panel()).queryByRole("button", { name: "Book this time" })).toBeNull();
  });
});
