import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import type { Checklist } from "../api/learning";
import { AppContext, type AppData } from "../context";
import { answer } from "../testing/followUps";
import { checklistFixture, stepFixture } from "../testing/learning";
import { testQueryClient, withClient } from "../testing/wrapper";
import { LearningPanel } from "./LearningPanel";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const admin = {
  session: { user: { id: 1, name: "Grace Hopper" } },
  severities: [],
  types: [],
  roles: [{ key: "incident_manager", name: "Incident manager", description: "", single_holder: true }],
  canAct: true,
  isAdmin: true,
} as unknown as AppData;
const member = { ...admin, isAdmin: false } as AppData;
const viewer = { ...admin, isAdmin: false, canAct: false } as AppData;

function show(checklist: Checklist | (() => Checklist), app = admin) {
  const get = vi.spyOn(api, "GET").mockImplementation((async (path: string) => {
    if (path === "/api/v1/incidents/{ref}/learning") return answer(typeof checklist === "function" ? checklist() : checklist);
    return answer({ status: 500 }, 500);
  }) as never);
  const client = testQueryClient();
  const Wrapper = withClient(client);
  const view = render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <LearningPanel reference="INC-42" />
      </AppContext.Provider>
    </Wrapper>,
  );
  return { ...view, get, client };
}

describe("the room's learning checklist", () => {
  it("lists each step with its owner, due day, done or waived, and what is left", async () => {
    const { container } = show(checklistFixture());
    const panel = await screen.findByRole("region", { name: /Learning/ });
    within(panel).getByText("2 open");
    within(panel).getByText("Incidents that open a postmortem", { exact: false });
    const items = within(panel).getAllByRole("listitem");
    expect(items.map((li) => li.querySelector("strong")!.textContent)).toEqual(["Postmortem drafted", "Review meeting held", "Postmortem published", "Postmortem distributed"]);
    within(items[0]).getByText(/Done/);
    expect(items[0].textContent).toContain("✓");
    within(items[1]).getByText("No owner yet");
    expect(items[1].textContent).toMatch(/due (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ [A-Z][a-z]{2}/);
    within(items[2]).getByText("Overdue");
    within(items[2]).getByText("Ada Lovelace");
    within(items[2]).getByText("(Incident manager)");
    within(items[3]).getByText(/Waived by Grace Hopper on .*: sent by hand/);
    // Admins may waive what is open, and nothing else.
    expect(within(panel).getAllByRole("button", { name: /^Waive/ }).map((b) => b.textContent)).toEqual(["Waive “Review meeting held”…", "Waive “Postmortem published”…"]);
    within(panel).getByRole("button", { name: "Review meeting held" });
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it("is absent when the incident owes nothing, and says Ready to close when every step is settled", async () => {
    const { get, unmount } = show({ rule: null, complete: true, steps: [] });
    await waitFor(() => expect(get).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole("region", { name: /Learning/ })).toBeNull();
    unmount();
    vi.restoreAllMocks();
    show(checklistFixture({ complete: true, steps: [stepFixture({ done_at: "2026-12-04T09:30:00Z" })] }), viewer);
    const panel = await screen.findByRole("region", { name: /Learning/ });
    within(panel).getByText("Ready to close");
    expect(within(panel).queryByRole("button")).toBeNull();
  });

  it("members record the review meeting but may not waive; viewers do neither", async () => {
    let current = checklistFixture();
    const { unmount } = show(() => current, member);
    const panel = await screen.findByRole("region", { name: /Learning/ });
    expect(within(panel).queryByRole("button", { name: /Waive/ })).toBeNull();
    const post = vi.spyOn(api, "POST").mockImplementation((async () => {
      current = checklistFixture({ steps: current.steps.map((s) => (s.step === "meeting_held" ? { ...s, done_at: "2026-12-07T10:00:00Z" } : s)) });
      return answer(current);
    }) as never);
    fireEvent.click(within(panel).getByRole("button", { name: "Review meeting held" }));
    await within(panel).findByText("The review meeting is recorded as held.");
    expect(post).toHaveBeenCalledWith("/api/v1/incidents/{ref}/learning/meeting", expect.objectContaining({ params: { path: { ref: "INC-42" } } }));
    expect(within(panel).queryByRole("button", { name: "Review meeting held" })).toBeNull();
    unmount();
    show(checklistFixture(), viewer);
    const read = await screen.findByRole("region", { name: /Learning/ });
    expect(within(read).queryByRole("button")).toBeNull();
  });

  it("an admin waives a step with a reason; a refusal shows the server's words in the form", async () => {
    show(checklistFixture());
    const panel = await screen.findByRole("region", { name: /Learning/ });
    fireEvent.click(within(panel).getByRole("button", { name: /^Waive ?“Postmortem published”…$/ }));
    const form = within(panel).getByRole("form", { name: "Waive “Postmortem published”" });
    // No reason: said before sending.
    fireEvent.click(within(form).getByRole("button", { name: "Waive step" }));
    const reason = within(form).getByLabelText("Why is “Postmortem published” not needed?");
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    within(form).getByText("Say why this step is not needed for this incident.");

    const post = vi
      .spyOn(api, "POST")
      .mockImplementationOnce((async () => answer({ status: 422, detail: "invalid", errors: [{ field: "reason", message: "must be at most 500 characters" }] }, 422)) as never)
      .mockImplementationOnce((async () => answer({ status: 409, detail: "Postmortem published is already done" }, 409)) as never)
      .mockImplementationOnce((async () => answer(checklistFixture({ steps: [stepFixture({ waived: { by: "Grace Hopper", reason: "published elsewhere", at: "2026-12-07T10:00:00Z" } })] }))) as never);
    fireEvent.change(reason, { target: { value: "  published elsewhere " } });
    fireEvent.click(within(form).getByRole("button", { name: "Waive step" }));
    await within(form).findByText("Must be at most 500 characters.");
    fireEvent.change(reason, { target: { value: "published elsewhere" } });
    fireEvent.click(within(form).getByRole("button", { name: "Waive step" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("Postmortem published is already done");
    fireEvent.click(within(form).getByRole("button", { name: "Waive step" }));
    await within(panel).findByText("“Postmortem published” is waived.");
    expect(post).toHaveBeenLastCalledWith("/api/v1/incidents/{ref}/learning/waivers", expect.objectContaining({ body: { step: "published", reason: "published elsewhere" } }));
    within(panel).getByText(/Waived by Grace Hopper on .*: published elsewhere/);
  });
});
