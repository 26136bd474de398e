import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { api, type Incident } from "../api/client";
import { AppContext, type AppData } from "../context";
import { testQueryClient, withClient } from "../testing/wrapper";
import type { TimelineEvent } from "../events";
import type { Viewers } from "./access";
import { AccessPanel } from "./AccessPanel";

const people = [
  { id: 1, name: "Ana Admin", email: "ana@corp.test", active: true },
  { id: 3, name: "Lena Legal", email: "lena@corp.test", active: true },
  { id: 4, name: "Peter PR", email: "peter@corp.test", active: true },
];
vi.mock("../api/people", () => ({ useDirectory: () => ({ active: people, names: new Map() }) }));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const answer = (data: unknown, status = 200) => ({ data: status < 300 ? data : undefined, error: status < 300 ? undefined : data, response: new Response(null, { status }) });
const app = { session: { user: { id: 1, name: "Ana Admin" } }, severities: [], types: [], roles: [], canAct: true, isAdmin: true } as unknown as AppData;
const incident = { reference: "INC-7", private: true } as Incident;
const list: Viewers = {
  private: true,
  viewers: [
    { user: { id: 1, name: "Ana Admin", email: "ana@corp.test" }, reasons: ["declared", "admin"] },
    { user: { id: 4, name: "Peter PR", email: "peter@corp.test" }, reasons: ["informed"] },
  ],
};

// Private because its type starts private: the line under the header says so.
const events = [{ id: 1, seq: 1, kind: "declared", data: { title: "Leak", severity: "SEV1", type: "security", private: true, private_because: "Security incidents start private" }, actor: null, at: "2026-12-03T10:00:00Z" }] as unknown as TimelineEvent[];

function show() {
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <AccessPanel incident={incident} events={events} />
      </AppContext.Provider>
    </Wrapper>,
  );
}

describe("who can see a private incident, in the room", () => {
  it("lists them with their reasons, and lets someone in with a reason", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(list)) as never);
    const post = vi.spyOn(api, "POST").mockImplementation((async () =>
      answer({ private: true, viewers: [...list.viewers, { user: { id: 3, name: "Lena Legal", email: "lena@corp.test" }, reasons: ["added"] }] })) as never);
    show();
    const toggle = await screen.findByRole("button", { name: "Private: 2 people can see this" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    screen.getByText("· why: Security incidents start private");
    fireEvent.click(toggle);
    const items = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual(["Ana Admin (you): declared it and is an admin", "Peter PR: was informed"]);

    fireEvent.click(screen.getByRole("button", { name: "Let someone see it…" }));
    const form = screen.getByRole("form", { name: "Let someone see this incident" });
    // Both are needed; said beside each.
    fireEvent.click(within(form).getByRole("button", { name: "Let them see it" }));
    within(form).getByText("Choose the person who should see it.");
    within(form).getByText("Say why they should see it.");
    expect(post).not.toHaveBeenCalled();

    const picker = within(form).getByRole("combobox", { name: "Person who should see it" });
    fireEvent.change(picker, { target: { value: "Lena" } });
    // Those who can already see it are not offered.
    expect(within(form).queryByRole("option", { name: /Peter PR/ })).toBeNull();
    fireEvent.click(within(form).getByRole("option", { name: /Lena Legal/ }));
    fireEvent.change(within(form).getByLabelText("Why (shown on the timeline)"), { target: { value: "reviews the disclosure" } });
    fireEvent.click(within(form).getByRole("button", { name: "Let them see it" }));
    await screen.findByText("Lena Legal can now see this incident.");
    expect(post.mock.calls[0][1]).toMatchObject({ params: { path: { ref: "INC-7" } }, body: { user_id: 3, reason: "reviews the disclosure" } });
    await screen.findByRole("button", { name: "Private: 3 people can see this" });
    screen.getByText("was added");
  });

  it("shows the server's refusal beside the form", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(list)) as never);
    vi.spyOn(api, "POST").mockImplementation((async () => answer({ status: 409, detail: "Lena Legal can already see it" }, 409)) as never);
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Private: 2 people can see this" }));
    fireEvent.click(screen.getByRole("button", { name: "Let someone see it…" }));
    const form = screen.getByRole("form", { name: "Let someone see this incident" });
    fireEvent.change(within(form).getByRole("combobox"), { target: { value: "Lena" } });
    fireEvent.click(within(form).getByRole("option", { name: /Lena Legal/ }));
    fireEvent.change(within(form).getByLabelText("Why (shown on the timeline)"), { target: { value: "legal" } });
    fireEvent.click(within(form).getByRole("button", { name: "Let them see it" }));
    await within(form).findByText("Lena Legal can already see it.");
  });

  it("warns before making it public, and needs a reason", async () => {
    vi.spyOn(api, "GET").mockImplementation((async () => answer(list)) as never);
    const patch = vi.spyOn(api, "PATCH").mockImplementation((async () => answer({ status: 422, detail: "invalid", errors: [{ field: "reason", message: "must not be blank" }] }, 422)) as never);
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Private: 2 people can see this" }));
    fireEvent.click(screen.getByRole("button", { name: "Make public…" }));
    const form = screen.getByRole("form", { name: "Make public" });
    within(form).getByText(/Everyone who can sign in to Goldseam will see this incident and its whole timeline/);
    fireEvent.click(within(form).getByRole("button", { name: "Make public" }));
    within(form).getByText("Say why everyone may see it now.");
    expect(patch).not.toHaveBeenCalled();
    fireEvent.change(within(form).getByLabelText("Why (shown on the timeline)"), { target: { value: " " } });
    fireEvent.change(within(form).getByLabelText("Why (shown on the timeline)"), { target: { value: "notice is out" } });
    fireEvent.click(within(form).getByRole("button", { name: "Make public" }));
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch.mock.calls[0][1]).toMatchObject({ body: { private: false, reason: "notice is out" } });
    // The server's field error lands beside the field.
    await within(form).findByText("Must not be blank.");
  });
});
