// The first-run checklist an admin sees on the dashboard of a new installation: what Goldseam
// needs before a page reaches anyone, in an order where no step asks for something that cannot
// exist yet (people before a rotation, a schedule before a team uses it and before the incident
// manager setting names it). Each step is done by itself when the thing exists, read from
// GET /admin/setup. Pure, tested beside.
import type { components } from "../api/schema";

/** What GET /api/v1/admin/setup answers. */
export type SetupState = components["schemas"]["SetupDto"];

export interface SetupLink {
  to: string;
  text: string;
}

export interface SetupStep {
  key: "delivery" | "people" | "on-call" | "policy" | "incident-manager" | "awaited-teams";
  title: string;
  done: boolean;
  /** What to do, or (once done) what is there. */
  detail: string;
  /** Where it is done in the app; none for server configuration. */
  links: SetupLink[];
  /** Settings to set, per channel, shown as code (server configuration only). */
  settings?: { channel: string; keys: string[] }[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Security", "Security and Legal", "Security, Legal and PR". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function setupSteps(s: SetupState): SetupStep[] {
  const channels = [s.email && "Email", s.sms && "SMS"].filter((c): c is string => !!c);
  return [
    {
      key: "delivery",
      title: "Connect email or SMS",
      done: channels.length > 0,
      detail: channels.length
        ? `${andList(channels)} ${channels.length === 1 ? "is" : "are"} connected.`
        : "Goldseam cannot page or email anyone yet. This is server configuration: set one of these in the [delivery] table of the configuration file (or as GOLDSEAM_ environment variables), then restart Goldseam. docs/configuration.md, “Delivery”, explains each.",
      links: [],
      settings: channels.length
        ? undefined
        : [
            { channel: "Email", keys: ["smtp_url", "smtp_from"] },
            { channel: "SMS", keys: ["twilio_account_sid", "twilio_auth_token", "twilio_from"] },
          ],
    },
    {
      key: "people",
      title: "Add people",
      done: s.people > 1,
      detail: s.people > 1 ? `${plural(s.people, "person has", "people have")} an account.` : "Only you have an account. Add the people who respond to incidents.",
      links: [{ to: "/settings/users", text: "Go to Users" }],
    },
    {
      key: "on-call",
      title: "A team with an on-call schedule",
      done: s.teams_on_call > 0,
      detail:
        s.teams_on_call > 0
          ? `${plural(s.teams_on_call, "team has", "teams have")} an on-call schedule.`
          : s.teams > 0
            ? `${s.teams === 1 ? "Your team has no" : `None of your ${s.teams} teams has an`} on-call schedule yet. Make the rotation on the On-call page, then choose it on the team's page.`
            : "Make the rotation on the On-call page, then create a team that uses it on the Teams page.",
      links: [
        { to: "/oncall", text: "Go to On-call" },
        { to: "/teams", text: "Go to Teams" },
      ],
    },
    {
      key: "policy",
      title: "An escalation policy for it",
      done: s.teams_with_policy > 0,
      detail:
        s.teams_with_policy > 0
          ? `${plural(s.teams_with_policy, "team has", "teams have")} an escalation policy.`
          : "Say who is woken, and when, if a page is not acknowledged: add a policy, then choose it on the team's page.",
      links: [
        { to: "/settings/escalation-policies", text: "Go to Escalation policies" },
        { to: "/teams", text: "Go to Teams" },
      ],
    },
    {
      key: "incident-manager",
      title: "The incident manager on call",
      done: s.incident_manager,
      detail: s.incident_manager
        ? "Serious incidents get whoever is on call in the incident managers' schedule as their lead."
        : "Choose the schedule of incident managers: whoever is on call in it leads each serious incident and is paged.",
      links: [{ to: "/settings/response-rules", text: "Go to Response rules" }],
    },
    {
      key: "awaited-teams",
      title: "The teams the starter rule names",
      done: s.awaited_teams.length === 0,
      detail: s.awaited_teams.length
        ? `Response rules page or inform ${andList(s.awaited_teams)}, which ${s.awaited_teams.length === 1 ? "does" : "do"} not exist yet: create ${s.awaited_teams.length === 1 ? "it" : "them"}.`
        : "Every team the response rules name exists.",
      links: [{ to: "/teams", text: "Go to Teams" }],
    },
  ];
}

/** "2 of 6 done". */
export function progress(steps: readonly SetupStep[]): string {
  return `${steps.filter((s) => s.done).length} of ${steps.length} done`;
}

/** The first step not done: the one to do next. */
export function nextStep(steps: readonly SetupStep[]): SetupStep | undefined {
  return steps.find((s) => !s.done);
}

/** The card shows until every step is done, or the admin hides it. */
export function showChecklist(steps: readonly SetupStep[], dismissed: boolean): boolean {
  return !dismissed && steps.some((s) => !s.done);
}
