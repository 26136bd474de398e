import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { AppContext, type AppData } from "../context";
import type { SetupState } from "./setup";
import { SetupChecklist } from "./SetupChecklist";

let setup: SetupState | undefined;
const asked = vi.fn();
vi.mock("../api/setup", () => ({
  useAdminSetup: (enabled: boolean) => {
    asked(enabled);
    return { data: enabled ? setup : undefined, error: null, isFetching: false, refetch: vi.fn() };
  },
}));

afterEach(() => {
  cleanup();
  localStorage.clear();
  asked.mockClear();
});

const FRESH: SetupState = { email: true, sms: false, slack: false, chat: { slack: "not_configured", mattermost: "not_configured", microsoft_teams: "not_configured" }, people: 1, teams: 0, teams_on_call: 0, teams_with_policy: 0, incident_manager: false, awaited_teams: ["Security", "Legal", "PR"] };
const app = (isAdmin: boolean) => ({ session: { user: { id: 1, name: "Ana", email: "ana@corp.test", role: isAdmin ? "admin" : "member" } }, severities: [], types: [], roles: [], canAct: true, isAdmin }) as unknown as AppData;

function show(state: SetupState | undefined, isAdmin = true) {
  setup = state;
  return render(
    <AppContext.Provider value={app(isAdmin)}>
      <SetupChecklist />
    </AppContext.Provider>,
  );
}

describe("the first-run checklist", () => {
  it("lists the steps in order, ticks what exists and marks the next one", () => {
    show(FRESH);
    const card = screen.getByRole("region", { name: "Set up Goldseam" });
    expect(within(card).getByText("1 of 6 done")).toBeTruthy();
    const steps = within(card).getAllByRole("listitem");
    expect(steps.map((s) => s.querySelector("strong")?.textContent)).toEqual([
      "Connect email or SMS",
      "Add people",
      "A team with an on-call schedule",
      "An escalation policy for it",
      "The incident manager on call",
      "The teams the starter rule names",
    ]);
    expect(steps.map((s) => s.querySelector(".step-state")?.textContent)).toEqual(["Done", "Next", "To do", "To do", "To do", "To do"]);
    expect(steps[1].getAttribute("aria-current")).toBe("step");
    expect(within(steps[1]).getByRole("link", { name: "Go to Users" }).getAttribute("href")).toBe("/settings/users");
    expect(within(steps[5]).getByText("Response rules page or inform Security, Legal and PR, which do not exist yet: create them.")).toBeTruthy();
    // A done step offers no link: there is nothing left to do there.
    expect(within(steps[0]).queryByRole("link")).toBeNull();
  });

  it("names the settings when no channel is configured", () => {
    show({ ...FRESH, email: false });
    const first = screen.getAllByRole("listitem")[0];
    expect([...first.querySelectorAll("code")].map((c) => c.textContent)).toEqual(["smtp_url", "smtp_from", "twilio_account_sid", "twilio_auth_token", "twilio_from"]);
    expect(first.textContent).toContain("Email: smtp_url and smtp_from");
  });

  it("goes once every step is done", () => {
    const { container } = show({ ...FRESH, people: 3, teams: 4, teams_on_call: 1, teams_with_policy: 1, incident_manager: true, awaited_teams: [] });
    expect(container.textContent).toBe("");
  });

  it("can be hidden, and stays hidden in this browser", () => {
    show(FRESH);
    fireEvent.click(screen.getByRole("button", { name: "Hide checklist" }));
    expect(screen.queryByRole("region")).toBeNull();
    cleanup();
    show(FRESH);
    expect(screen.queryByRole("region")).toBeNull();
    expect(asked).toHaveBeenLastCalledWith(false);
  });

  it("is never asked for by members", () => {
    const { container } = show(FRESH, false);
    expect(container.textContent).toBe("");
    expect(asked).toHaveBeenLastCalledWith(false);
  });
});
