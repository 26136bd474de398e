import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import type { LearningPolicy } from "../api/learning";
import { AppContext, type AppData } from "../context";
import { answer } from "../testing/followUps";
import { learningPolicyFixture } from "../testing/learning";
import { testQueryClient, withClient } from "../testing/wrapper";
import { LearningSettings } from "./LearningSettings";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const app = {
  session: { user: { id: 1, name: "Ana" } },
  severities: [
    { key: "SEV1", name: "Major", rank: 1 },
    { key: "SEV0", name: "Critical", rank: 0 },
  ],
  types: [{ key: "outage", name: "Outage" }],
  roles: [
    { key: "incident_manager", name: "Incident manager", description: "", single_holder: true },
    { key: "scribe", name: "Scribe", description: "", single_holder: true },
  ],
  canAct: true,
  isAdmin: true,
} as unknown as AppData;

function show(policy = learningPolicyFixture()) {
  vi.spyOn(api, "GET").mockImplementation((async (path: string) => (path === "/api/v1/learning-policy" ? answer(policy) : answer({ status: 500 }, 500))) as never);
  const Wrapper = withClient(testQueryClient());
  return render(
    <Wrapper>
      <AppContext.Provider value={app}>
        <LearningSettings />
      </AppContext.Provider>
    </Wrapper>,
  );
}

const sentBody = (put: ReturnType<typeof vi.spyOn>) => (put.mock.lastCall![1] as { body: LearningPolicy }).body;

describe("the learning settings", () => {
  it("show each rule with its severities and its steps (step, owner role, business days), and explain that the first match applies", async () => {
    const { container } = show();
    const form = await screen.findByRole("form", { name: "Learning policy" });
    within(form).getByText("Default policy");
    within(form).getByText(/The first rule that matches/);
    const rule = within(form).getByRole("group", { name: "Rule 1: Incidents that open a postmortem" });
    const step = within(rule).getByRole("group", { name: "Step 2 of Rule 1: Incidents that open a postmortem" });
    expect((within(step).getByLabelText("Step") as HTMLSelectElement).value).toBe("published");
    expect((within(step).getByLabelText("Owner") as HTMLSelectElement).value).toBe("incident_manager");
    expect(within(within(step).getByLabelText("Owner")).getAllByRole("option").map((o) => o.textContent)).toEqual(["Incident manager", "Scribe"]);
    expect((within(step).getByLabelText("Business days") as HTMLInputElement).value).toBe("7");
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  it("adds a rule with a step, moves it first and saves the whole policy with PUT", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Learning policy" });
    const put = vi.spyOn(api, "PUT").mockImplementation((async (_path: string, init: { body: unknown }) => answer({ ...(init.body as object), customized: true })) as never);
    fireEvent.click(within(form).getByRole("button", { name: "Add a rule" }));
    const name = within(form).getByRole("group", { name: "Rule 2" }).querySelector("input")!;
    expect(document.activeElement).toBe(name);
    fireEvent.change(name, { target: { value: "Security incidents" } });
    const added = within(form).getByRole("group", { name: "Rule 2: Security incidents" });
    fireEvent.change(within(added).getByLabelText("Owner"), { target: { value: "scribe" } });
    fireEvent.change(within(added).getByLabelText("Business days"), { target: { value: "2" } });
    fireEvent.click(within(added).getByRole("button", { name: /^Move up/ }));
    within(form).getByRole("group", { name: "Rule 1: Security incidents" });
    fireEvent.click(within(form).getByRole("button", { name: "Save learning policy" }));
    await within(form).findByText(/The learning policy is saved/);
    const body = sentBody(put);
    expect(body.rules.map((r) => r.name)).toEqual(["Security incidents", "Incidents that open a postmortem"]);
    expect(body.rules[0]).toEqual({ name: "Security incidents", severities: [], types: [], steps: [{ step: "drafted", owner_role: "scribe", due_business_days: 2 }] });
    within(form).getByText("Customized");
  });

  it("explains its own checks before sending, and places the server's 422 beside the fields", async () => {
    show();
    const form = await screen.findByRole("form", { name: "Learning policy" });
    const rule = within(form).getByRole("group", { name: /^Rule 1/ });
    fireEvent.change(within(within(rule).getByRole("group", { name: /^Step 1 of/ })).getByLabelText("Business days"), { target: { value: "0" } });
    const put = vi.spyOn(api, "PUT");
    fireEvent.click(within(form).getByRole("button", { name: "Save learning policy" }));
    within(form).getByRole("alert");
    within(form).getByText(/Enter a whole number of business days from 1 to 60/);
    expect(put).not.toHaveBeenCalled();

    fireEvent.change(within(within(rule).getByRole("group", { name: /^Step 1 of/ })).getByLabelText("Business days"), { target: { value: "3" } });
    put.mockImplementation((async () => answer({ status: 422, detail: "invalid", errors: [{ field: "rules[0].steps[1].owner_role", message: "unknown role scribe" }] }, 422)) as never);
    fireEvent.click(within(form).getByRole("button", { name: "Save learning policy" }));
    const owner = within(within(rule).getByRole("group", { name: /^Step 2 of/ })).getByLabelText("Owner");
    await waitFor(() => expect(owner.getAttribute("aria-invalid")).toBe("true"));
    within(form).getByText("Unknown role scribe.");
    await waitFor(() => expect(document.activeElement).toBe(owner));
  });
});
