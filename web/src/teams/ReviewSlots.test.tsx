import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { agendaFixture, slotFixture } from "../testing/reviewSlots";
import { testQueryClient, withClient } from "../testing/wrapper";
import { ReviewSlots } from "./ReviewSlots";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const answer = (data: unknown, status = 200) => ({ data: status < 300 ? data : undefined, error: status < 300 ? undefined : data, response: new Response(null, { status }) });
const team = { id: 7, name: "Payments", members: [{ user_id: 5, name: "Bo Chen", email: "bo@example.com", role: null }] };

function show({ me = 5, role = "member", slots = [slotFixture()] } = {}) {
  const app = { session: { user: { id: me, name: "Me", role } }, severities: [], types: [], roles: [], canAct: role !== "viewer", isAdmin: role === "admin" } as unknown as AppData;
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/teams/{id}/review-slots") return answer({ items: slots });
    if (path === "/api/v1/review-slots/{id}/agenda") return answer(agendaFixture());
    if (path === "/api/v1/me/profile") return answer({ time_zone: "America/New_York", working_hours: [] });
    return answer({ status: 404, detail: "not found" }, 404);
  }) as never);
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <ReviewSlots team={team} />
      </AppContext.Provider>
    </Wrapper>,
  );
  return { get };
}

const section = () => screen.getByRole("region", { name: "Review slots" });

describe("the team's review slots", () => {
  it("shows each slot in words with its next meetings, their state and the postmortems on them", async () => {
    show();
    const slot = await screen.findByRole("heading", { name: "Payments review" });
    expect(slot).toBeTruthy();
    within(section()).getByText("every other Monday, 10:00 Europe/Berlin, 60 min");
    const meetings = await screen.findByRole("list", { name: "Next meetings" });
    const items = within(meetings).getAllByRole("listitem").filter((li) => li.parentElement === meetings);
    expect(items).toHaveLength(3);
    within(items[0]).getByText(/7 Dec 2026, 10:00/);
    within(items[0]).getByText("Agenda sent");
    expect(within(items[0]).getByRole("link", { name: "INC-42: Checkout down" }).getAttribute("href")).toBe("/incidents/INC-42/postmortem");
    within(items[0]).getByText("1 more of private incidents you cannot open");
    within(items[1]).getByText("Cancelled: nothing to review");
    within(items[2]).getByText("Scheduled: agenda still open");
    within(items[2]).getByText(/no postmortems yet/);
    fireEvent.click(screen.getByRole("button", { name: "Add a review slot" }));
    await screen.findByRole("form", { name: "New review slot" });
    const results = await axe.run(section(), { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("shows viewers and people outside the team the list but no buttons", async () => {
    show({ role: "viewer" });
    await screen.findByRole("list", { name: "Next meetings" });
    expect(within(section()).queryAllByRole("button")).toEqual([]);
    cleanup();
    show({ me: 9, role: "member" });
    await screen.findByRole("list", { name: "Next meetings" });
    expect(within(section()).queryAllByRole("button")).toEqual([]);
  });

  it("says when the team has none", async () => {
    show({ slots: [] });
    await screen.findByText(/Payments has no review slots\. Add one below\./);
  });

  it("adds a slot in the viewer's zone as an RRULE, and shows the server's field errors beside their fields", async () => {
    show({ slots: [] });
    fireEvent.click(await screen.findByRole("button", { name: "Add a review slot" }));
    const form = await screen.findByRole("form", { name: "New review slot" });
    expect((within(form).getByLabelText("Time zone") as HTMLInputElement).value).toBe("America/New_York");
    const post = vi.spyOn(api, "POST").mockResolvedValueOnce(answer({ status: 422, detail: "invalid", errors: [{ field: "starts_on", message: "the first meeting on or after 2026-12-01 would be on 2026-12-01, already past; choose a later date" }] }, 422) as never);
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Payments review" } });
    fireEvent.change(within(form).getByLabelText("Every how many weeks (1 to 12)"), { target: { value: "2" } });
    fireEvent.click(within(form).getByLabelText("Wednesday"));
    fireEvent.click(within(form).getByLabelText("Monday"));
    within(form).getByText("Meets every other Monday and Wednesday, 10:00.");
    fireEvent.change(within(form).getByLabelText("Starts on"), { target: { value: "2026-12-01" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add review slot" }));
    await within(form).findByText("The first meeting on or after 2026-12-01 would be on 2026-12-01, already past; choose a later date.");
    expect(within(form).getByRole("alert").textContent).toBe("Check this field: Starts on.");
    expect(within(form).getByLabelText("Starts on").getAttribute("aria-invalid")).toBe("true");
    expect(post).toHaveBeenCalledWith("/api/v1/teams/{id}/review-slots", {
      params: { path: { id: 7 } },
      body: { name: "Payments review", zone: "America/New_York", start_time: "10:00", duration_minutes: 60, rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", starts_on: "2026-12-01" },
    });

    post.mockResolvedValueOnce(answer(slotFixture({ rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE" }), 201) as never);
    fireEvent.change(within(form).getByLabelText("Starts on"), { target: { value: "" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add review slot" }));
    await waitFor(() => expect(screen.queryByRole("form")).toBeNull());
    within(section()).getByText("Payments review is added; the members are invited to the series.");
    expect(post.mock.calls[1][1]).not.toHaveProperty("body.starts_on");
  });

  it("checks the form before sending: a day at least", async () => {
    show({ slots: [] });
    fireEvent.click(await screen.findByRole("button", { name: "Add a review slot" }));
    const form = await screen.findByRole("form", { name: "New review slot" });
    const post = vi.spyOn(api, "POST");
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Review" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add review slot" }));
    within(form).getByText("Choose at least one day.");
    expect(within(form).getByRole("alert").textContent).toBe("Check this field: Repeat.");
    expect(post).not.toHaveBeenCalled();
  });

  it("edits a slot sending only what changed", async () => {
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Edit Payments review" }));
    const form = screen.getByRole("form", { name: "Edit Payments review" });
    expect((within(form).getByLabelText("Monday") as HTMLInputElement).checked).toBe(true);
    const patch = vi.spyOn(api, "PATCH").mockResolvedValue(answer(slotFixture({ duration_minutes: 90 })) as never);
    fireEvent.change(within(form).getByLabelText("Length (minutes)"), { target: { value: "90" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save review slot" }));
    await waitFor(() => expect(screen.queryByRole("form")).toBeNull());
    expect(patch).toHaveBeenCalledWith("/api/v1/review-slots/{id}", { params: { path: { id: 3 } }, body: { duration_minutes: 90 } });
    within(section()).getByText("Payments review is saved; the members get the series again.");
  });

  it("deletes a slot after asking", async () => {
    show({ me: 1, role: "admin" });
    const del = vi.spyOn(api, "DELETE").mockResolvedValue({ data: undefined, error: undefined, response: new Response(null, { status: 204 }) } as never);
    fireEvent.click(await screen.findByRole("button", { name: "Delete Payments review" }));
    expect(del).not.toHaveBeenCalled();
    screen.getByText(/The members' calendars get the series cancelled/);
    fireEvent.click(screen.getByRole("button", { name: "Delete Payments review" }));
    await waitFor(() => expect(del).toHaveBeenCalledWith("/api/v1/review-slots/{id}", { params: { path: { id: 3 } } }));
    await within(section()).findByText("Payments review is deleted; the series is cancelled.");
  });
});
