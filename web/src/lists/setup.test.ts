import { describe, expect, it } from "vitest";
import { andList, nextStep, progress, setupSteps, showChecklist, type SetupState } from "./setup";

const FRESH: SetupState = {
  email: false,
  sms: false,
  slack: false,
  chat: { slack: "not_configured", mattermost: "not_configured", microsoft_teams: "not_configured" },
  people: 1,
  teams: 0,
  teams_on_call: 0,
  teams_with_policy: 0,
  incident_manager: false,
  awaited_teams: ["Security", "Legal", "PR"],
};

describe("setupSteps", () => {
  it("lists the steps in an order where each needs only what the ones before make", () => {
    expect(setupSteps(FRESH).map((s) => s.title)).toEqual([
      "Connect email or SMS",
      "Add people",
      "A team with an on-call schedule",
      "An escalation policy for it",
      "The incident manager on call",
      "The teams the starter rule names",
    ]);
  });

  it("has nothing done on a fresh install, and says what to do", () => {
    const steps = setupSteps(FRESH);
    expect(steps.every((s) => !s.done)).toBe(true);
    expect(progress(steps)).toBe("0 of 6 done");
    expect(nextStep(steps)?.key).toBe("delivery");
    expect(steps[0].settings).toEqual([
      { channel: "Email", keys: ["smtp_url", "smtp_from"] },
      { channel: "SMS", keys: ["twilio_account_sid", "twilio_auth_token", "twilio_from"] },
    ]);
    expect(steps[0].links).toEqual([]);
    expect(steps[1].detail).toBe("Only you have an account. Add the people who respond to incidents.");
    expect(steps[2].detail).toBe("Make the rotation on the On-call page, then create a team that uses it on the Teams page.");
    expect(steps[5].detail).toBe("Response rules page or inform Security, Legal and PR, which do not exist yet: create them.");
    expect(steps.map((s) => s.links.map((l) => l.to))).toEqual([[], ["/settings/users"], ["/oncall", "/teams"], ["/settings/escalation-policies", "/teams"], ["/settings/response-rules"], ["/teams"]]);
  });

  it("ticks each step by itself when the thing exists", () => {
    const steps = setupSteps({ ...FRESH, sms: true, people: 4, teams: 2, teams_on_call: 1, awaited_teams: ["Legal"] });
    expect(steps.map((s) => s.done)).toEqual([true, true, true, false, false, false]);
    expect(steps[0].detail).toBe("SMS is connected.");
    expect(steps[0].settings).toBeUndefined();
    expect(steps[1].detail).toBe("4 people have an account.");
    expect(steps[2].detail).toBe("1 team has an on-call schedule.");
    expect(steps[5].detail).toBe("Response rules page or inform Legal, which does not exist yet: create it.");
    expect(progress(steps)).toBe("3 of 6 done");
    expect(nextStep(steps)?.key).toBe("policy");
  });

  it("email alone, or Slack alone, is not the same: Slack cannot page by itself", () => {
    expect(setupSteps({ ...FRESH, email: true })[0]).toMatchObject({ done: true, detail: "Email is connected." });
    expect(setupSteps({ ...FRESH, email: true, sms: true })[0].detail).toBe("Email and SMS are connected.");
    expect(setupSteps({ ...FRESH, slack: true })[0].done).toBe(false);
  });

  it("says when teams exist but none is on call", () => {
    expect(setupSteps({ ...FRESH, teams: 1 })[2].detail).toBe("Your team has no on-call schedule yet. Make the rotation on the On-call page, then choose it on the team's page.");
    expect(setupSteps({ ...FRESH, teams: 3 })[2].detail).toBe("None of your 3 teams has an on-call schedule yet. Make the rotation on the On-call page, then choose it on the team's page.");
  });
});

describe("showChecklist", () => {
  const done: SetupState = { ...FRESH, email: true, people: 2, teams: 1, teams_on_call: 1, teams_with_policy: 1, incident_manager: true, awaited_teams: [] };
  it("shows until everything is done, or the admin hides it", () => {
    expect(showChecklist(setupSteps(FRESH), false)).toBe(true);
    expect(showChecklist(setupSteps(FRESH), true)).toBe(false);
    expect(showChecklist(setupSteps(done), false)).toBe(false);
    expect(progress(setupSteps(done))).toBe("6 of 6 done");
    expect(nextStep(setupSteps(done))).toBeUndefined();
  });
  it("joins names as a sentence", () => {
    expect(andList([])).toBe("");
    expect(andList(["Security"])).toBe("Security");
    expect(andList(["Security", "Legal"])).toBe("Security and Legal");
  });
});
