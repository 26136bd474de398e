import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import type { FollowUp } from "../api/followUps";
import { AppContext, type AppData } from "../context";
import { answer, dayFromToday, followUpFixture } from "../testing/followUps";
import { testQueryClient, withClient } from "../testing/wrapper";
import { FollowUpsPanel } from "./FollowUpsPanel";

const people = [
  { id: 5, name: "Ada Lovelace", email: "ada@corp.test", active: true },
  { id: 9, name: "Bo Li", email: "bo@corp.test", active: true },
];
vi.mock("../api/people", () => ({ useDirectory: () => ({ active: people, everyone: people, names: new Map() }) }));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const member = { session: { user: { id: 5, name: "Ada Lovelace" } }, severities: [], types: [], roles: [], canAct: true, isAdmin: false } as unknown as AppData;
const viewer = { ...member, canAct: false } as AppData;

function serve(items: () => FollowUp[], trackers: string[] = []) {
  return vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/teams") return answer({ items: [{ id: 2, name: "Payments" }], next_cursor: null });
    if (path === "/api/v1/trackers") return answer({ trackers });
    if (path === "/api/v1/incidents/{ref}/follow-ups") return answer({ items: items(), next_cursor: null });
    return answer({}, 404);
  }) as never);
}

function show(app = member) {
  const Wrapper = withClient(testQueryClient());
  render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <FollowUpsPanel reference="INC-42" />
      </AppContext.Provider>
    </Wrapper>,
  );
}

describe("the room's follow-ups panel", () => {
  it("lists the incident's follow-ups with who, when and how they stand; a viewer only reads", async () => {
    serve(() => [followUpFixture(), followUpFixture({ id: 58, title: "Drop the old queue", status: "wont_do", reason: "it is going away", overdue: false, owner: null })]);
    show(viewer);
    const panel = await screen.findByRole("region", { name: /Follow-ups/ });
    const first = (await within(panel).findByText("Alert on queue depth")).closest("li")!;
    within(first).getByText("Overdue");
    within(first).getByText("Payments", { exact: false });
    expect(first.id).toBe("follow-up-57");
    const second = within(panel).getByText("Drop the old queue").closest("li")!;
    within(second).getByText("Won't do: it is going away");
    within(second).getByText("No owner");
    within(panel).getByText("1 open");
    expect(within(panel).queryByRole("button")).toBeNull();
    expect(within(panel).getByRole("link", { name: "All of them on the follow-ups page" }).getAttribute("href")).toBe("/follow-ups?view=all&status=all&incident=INC-42");
  });

  it("files a follow-up in a tracker set up on the server, and links the issue it became", async () => {
    serve(() => [followUpFixture(), followUpFixture({ id: 58, title: "Runbook", tracker: { tracker: "jira", key: "OPS-12", url: "https://corp.atlassian.net/browse/OPS-12" } })], ["github"]);
    const post = vi.spyOn(api, "POST").mockImplementation((async () => answer(followUpFixture(), 202)) as never);
    show();
    const panel = await screen.findByRole("region", { name: /Follow-ups/ });
    const filed = (await within(panel).findByText("Runbook")).closest("li")!;
    expect(within(filed).getByRole("link", { name: "OPS-12" }).getAttribute("href")).toBe("https://corp.atlassian.net/browse/OPS-12");
    expect(within(filed).queryByRole("button", { name: /File/ })).toBeNull();
    fireEvent.click(await within(panel).findByRole("button", { name: "File “Alert on queue depth” in GitHub" }));
    await within(panel).findByText("Filing in GitHub…");
    expect(post).toHaveBeenCalledWith("/api/v1/follow-ups/{id}/file", expect.objectContaining({ params: { path: { id: 57 } }, body: { tracker: "github" } }));
  });

  it("offers no filing for a private incident's follow-ups", async () => {
    const get = serve(() => [followUpFixture({ incident: { id: 42, reference: "INC-42", title: "Leak", severity: "SEV1", status: "active", private: true } })], ["github"]);
    show();
    const panel = await screen.findByRole("region", { name: /Follow-ups/ });
    await within(panel).findByText("Alert on queue depth");
    // Asked and answered (the trackers are there), and still nothing is offered.
    await waitFor(() => expect(get).toHaveBeenCalledWith("/api/v1/trackers", expect.anything()));
    await new Promise((r) => setTimeout(r, 20));
    expect(within(panel).queryByRole("button", { name: /File/ })).toBeNull();
  });

  it("says what to add when there is none yet", async () => {
    serve(() => []);
    show();
    await screen.findByText(/^No follow-ups yet\. Add what should change/);
  });

  it("adds one: checks first, sends with an Idempotency-Key, then shows it", async () => {
    let items: FollowUp[] = [];
    serve(() => items);
    const post = vi.spyOn(api, "POST").mockImplementation((async (_path: string, init: { body: { title: string } }) => {
      const created = followUpFixture({ id: 60, title: init.body.title, overdue: false, due_on: dayFromToday(7), owner: { id: 9, name: "Bo Li" } });
      items = [created];
      return answer(created, 201);
    }) as never);
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Add follow-up" }));
    const form = screen.getByRole("form", { name: "Add a follow-up" });

    // Committed without an owner or a date: said beside each field, nothing sent.
    fireEvent.click(within(form).getByRole("radio", { name: /^Committed/ }));
    fireEvent.click(within(form).getByRole("button", { name: "Add follow-up" }));
    within(form).getByText("Enter a title.");
    within(form).getByText("A committed follow-up needs an owner.");
    within(form).getByText("A committed follow-up needs a due date.");
    within(form).getByText("Check these fields: Title, Owner, Due date.");
    expect(post).not.toHaveBeenCalled();

    fireEvent.change(within(form).getByLabelText("Title"), { target: { value: "Alert on queue age" } });
    fireEvent.change(within(form).getByRole("combobox", { name: "Owner" }), { target: { value: "Bo" } });
    fireEvent.click(within(form).getByRole("option", { name: /Bo Li/ }));
    within(form).getByText("Bo Li");
    fireEvent.change(within(form).getByLabelText("Due date"), { target: { value: dayFromToday(7) } });
    await within(form).findByRole("option", { name: "Payments" });
    fireEvent.change(within(form).getByLabelText("Team"), { target: { value: "2" } });
    fireEvent.change(within(form).getByLabelText("Priority"), { target: { value: "urgent" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add follow-up" }));

    await screen.findByText("Added the follow-up “Alert on queue age”.");
    const [path, init] = post.mock.calls[0] as unknown as [string, { params: unknown; body: unknown; headers: Record<string, string> }];
    expect(path).toBe("/api/v1/incidents/{ref}/follow-ups");
    expect(init.params).toEqual({ path: { ref: "INC-42" } });
    expect(init.body).toEqual({ title: "Alert on queue age", description: null, owner_id: 9, team_id: 2, due_on: dayFromToday(7), priority: "urgent", status: "committed" });
    expect(init.headers["Idempotency-Key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.queryByRole("form", { name: "Add a follow-up" })).toBeNull();
    await screen.findByText("Alert on queue age");
  });

  it("shows the server's field errors beside the fields", async () => {
    serve(() => []);
    vi.spyOn(api, "POST").mockImplementation((async () =>
      answer({ type: "about:blank", title: "Invalid", status: 422, detail: "Invalid fields", errors: [{ field: "owner_id", message: "cannot see this private incident; let them see it first" }] }, 422)) as never);
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Add follow-up" }));
    const form = screen.getByRole("form", { name: "Add a follow-up" });
    fireEvent.change(within(form).getByLabelText("Title"), { target: { value: "Rotate the keys" } });
    fireEvent.change(within(form).getByRole("combobox", { name: "Owner" }), { target: { value: "Bo" } });
    fireEvent.click(within(form).getByRole("option", { name: /Bo Li/ }));
    fireEvent.click(within(form).getByRole("button", { name: "Add follow-up" }));
    await within(form).findByText("Cannot see this private incident; let them see it first.");
    within(form).getByText("Check this field: Owner.");
  });

  it("edits only what changed, and marks one won't do with a reason", async () => {
    let items = [followUpFixture({ overdue: false, due_on: dayFromToday(3) })];
    serve(() => items);
    const patch = vi.spyOn(api, "PATCH").mockImplementation((async (_path: string, init: { body: Partial<FollowUp> }) => {
      items = [{ ...items[0], ...init.body } as FollowUp];
      return answer(items[0]);
    }) as never);
    show();
    fireEvent.click(await screen.findByRole("button", { name: "Edit “Alert on queue depth”" }));
    const form = screen.getByRole("form", { name: "Edit the follow-up “Alert on queue depth”" });
    fireEvent.change(within(form).getByLabelText("Title"), { target: { value: "Alert on queue depth and age" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch.mock.calls[0][1]).toMatchObject({ params: { path: { id: 57 } }, body: { title: "Alert on queue depth and age" } });
    await screen.findByText("Alert on queue depth and age");

    fireEvent.click(screen.getByRole("button", { name: "Won't do “Alert on queue depth and age”…" }));
    fireEvent.change(screen.getByLabelText("Why won't it be done?"), { target: { value: "covered by the new dashboard" } });
    fireEvent.click(screen.getByRole("button", { name: "Won't do" }));
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(2));
    expect(patch.mock.calls[1][1]).toMatchObject({ body: { status: "wont_do", reason: "covered by the new dashboard" } });
  });
});
