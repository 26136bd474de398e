import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { AppContext, type AppData } from "../context";
import { answer } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { CalendarSection } from "./CalendarSection";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = { session: { user: { id: 1, name: "Ana" } }, severities: [], types: [], roles: [], canAct: true, isAdmin: false } as unknown as AppData;
const connected = {
  kind: "caldav",
  url: "https://dav.corp.test/",
  username: "ana",
  scheduling: true,
  calendars: ["Work", "Personal"],
  checked_at: "2026-12-03T10:00:00Z",
  last_error: null,
};

function show(current: unknown) {
  vi.spyOn(api, "GET").mockImplementation((async () => (current === null ? answer({ status: 404, title: "Not Found", detail: "your calendar connection not found" }, 404) : answer(current))) as never);
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <CalendarSection />
      </AppContext.Provider>
    </Wrapper>,
  );
}

const sent = (put: ReturnType<typeof vi.spyOn>) => (put.mock.lastCall![1] as { body: unknown }).body;

describe("Settings → Calendar", () => {
  it("connects a CalDAV account, checked by the server, then shows the connection without its secret", async () => {
    const { container } = show(null);
    const form = await screen.findByRole("form", { name: "Connect a calendar" });
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    const put = vi.spyOn(api, "PUT").mockImplementation((async () => answer(connected)) as never);
    fireEvent.change(within(form).getByLabelText("Server address"), { target: { value: " https://dav.corp.test/ " } });
    fireEvent.change(within(form).getByLabelText("User name"), { target: { value: "ana" } });
    fireEvent.change(within(form).getByLabelText("App password"), { target: { value: "app-secret" } });
    fireEvent.click(within(form).getByRole("button", { name: "Connect" }));
    await screen.findByRole("heading", { name: "Connected" });
    expect(put).toHaveBeenCalledWith("/api/v1/me/calendar", expect.anything());
    expect(sent(put)).toEqual({ kind: "caldav", url: "https://dav.corp.test/", username: "ana", password: "app-secret" });
    screen.getByText("CalDAV account");
    screen.getByText("Work, Personal");
    screen.getByText(/^Yes: busy times come from the server's scheduling outbox/);
    expect(screen.queryByText(/app-secret/)).toBeNull();
  });

  it("sends an ICS address alone, and shows the server's 422 beside the field it names", async () => {
    show(null);
    const form = await screen.findByRole("form", { name: "Connect a calendar" });
    fireEvent.click(within(form).getByRole("radio", { name: /Secret ICS address/ }));
    const put = vi.spyOn(api, "PUT").mockImplementation((async () =>
      answer({ status: 422, title: "Invalid", detail: "invalid", errors: [{ field: "url", message: "the calendar file does not parse: line 12: a content line has no colon" }] }, 422)) as never);
    const address = within(form).getByLabelText("Secret address in iCal format");
    fireEvent.change(address, { target: { value: "https://calendar.google.com/calendar/ical/x/private-abc/basic.ics" } });
    fireEvent.click(within(form).getByRole("button", { name: "Connect" }));
    await within(form).findByText("The calendar file does not parse: line 12: a content line has no colon.");
    expect(sent(put)).toEqual({ kind: "ics", url: "https://calendar.google.com/calendar/ical/x/private-abc/basic.ics" });
    expect(address.getAttribute("aria-invalid")).toBe("true");
    await waitFor(() => expect(document.activeElement).toBe(address));
    within(form).getByRole("alert");
  });

  it("explains what is missing before sending", async () => {
    show(null);
    const form = await screen.findByRole("form", { name: "Connect a calendar" });
    const put = vi.spyOn(api, "PUT");
    fireEvent.change(within(form).getByLabelText("Server address"), { target: { value: "dav.corp.test" } });
    fireEvent.click(within(form).getByRole("button", { name: "Connect" }));
    within(form).getByText("Enter a full address, starting with https://.");
    within(form).getByText("Enter your user name on that server.");
    within(form).getByText("Enter an app password made for Goldseam.");
    expect(put).not.toHaveBeenCalled();
  });

  it("shows the last error of a connection, and disconnects after asking", async () => {
    show({ ...connected, kind: "ics", url: "calendar.google.com", username: "", scheduling: false, calendars: [], last_error: "timed out after 10 s" });
    await screen.findByText("Secret ICS address");
    screen.getByText("calendar.google.com (the rest of the address is secret)");
    screen.getByText("timed out after 10 s");
    const del = vi.spyOn(api, "DELETE").mockImplementation((async () => answer(undefined, 204)) as never);
    fireEvent.click(screen.getByRole("button", { name: "Disconnect" }));
    fireEvent.click(within(screen.getByRole("group", { name: /Disconnect your calendar/ })).getByRole("button", { name: "Disconnect" }));
    await screen.findByRole("form", { name: "Connect a calendar" });
    expect(del).toHaveBeenCalledWith("/api/v1/me/calendar");
  });
});
