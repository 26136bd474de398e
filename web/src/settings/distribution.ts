// The postmortem distribution policy as the settings form edits it, the pure part: the form's
// shape (rules and audiences carry ids of their own, so an error stays with its rule or audience
// whatever is added or removed after it was sent), the checks made before sending, and the
// server's 422 paths (`rules[1].audiences[0].address`) placed on what was sent.
import type { Audience, AudienceKind, DistributionPolicy, Rendering } from "../api/distribution";
import { collect, sentence, type FieldErrors } from "../components/forms";

export interface AudienceRow {
  uid: number;
  kind: AudienceKind;
  /** The team's id as the select holds it ("" until one is chosen). */
  teamId: string;
  address: string;
  channel: string;
  url: string;
  rendering: Rendering;
  required: boolean;
}

export interface RuleRow {
  uid: number;
  name: string;
  severities: string[];
  types: string[];
  audiences: AudienceRow[];
}

export interface PolicyForm {
  participantsRequired: boolean;
  remind: boolean;
  reminderDays: string;
  rules: RuleRow[];
}

export const LIMITS = { rules: 50, audiences: 20, name: 80, minDays: 1, maxDays: 60 } as const;

export const AUDIENCE_KINDS: readonly { kind: AudienceKind; label: string }[] = [
  { kind: "subscribers", label: "The incident's subscribers" },
  { kind: "team", label: "A team's members" },
  { kind: "everyone", label: "Everyone in Goldseam" },
  { kind: "mailing_list", label: "A mailing list" },
  { kind: "slack_channel", label: "A Slack channel" },
  { kind: "webhook", label: "A webhook" },
];

/** Audiences of people, who can be tracked and so required (and reminded); lists, channels and
 * webhooks cannot. */
export const isPeople = (kind: AudienceKind) => kind === "subscribers" || kind === "team" || kind === "everyone";

let next = 1;
const uid = () => next++;

export function emptyAudience(): AudienceRow {
  return { uid: uid(), kind: "subscribers", teamId: "", address: "", channel: "", url: "", rendering: "full", required: false };
}

export function emptyRule(): RuleRow {
  return { uid: uid(), name: "", severities: [], types: [], audiences: [emptyAudience()] };
}

export function policyForm(p: DistributionPolicy): PolicyForm {
  return {
    participantsRequired: p.participants_required,
    remind: p.reminder_days !== null,
    // Reminders switched back on start from the default's 3 days.
    reminderDays: String(p.reminder_days ?? 3),
    rules: p.rules.map((r) => ({
      uid: uid(),
      name: r.name,
      severities: [...(r.severities ?? [])],
      types: [...(r.types ?? [])],
      audiences: r.audiences.map((a) => ({
        uid: uid(),
        kind: a.kind,
        teamId: a.team_id == null ? "" : String(a.team_id),
        address: a.address ?? "",
        channel: a.channel ?? "",
        url: a.url ?? "",
        rendering: a.rendering,
        required: a.required ?? false,
      })),
    })),
  };
}

/** Only the field of the audience's kind is sent; `required` only for people. */
export function audienceBody(a: AudienceRow): Audience {
  const base = { kind: a.kind, rendering: a.rendering, required: isPeople(a.kind) && a.required };
  if (a.kind === "team") return { ...base, team_id: Number(a.teamId) };
  if (a.kind === "mailing_list") return { ...base, address: a.address.trim() };
  if (a.kind === "slack_channel") return { ...base, channel: a.channel.trim() };
  if (a.kind === "webhook") return { ...base, url: a.url.trim() };
  return base;
}

/** The PUT body. `customized` is the server's to say (it ignores it on PUT); it is sent back as
 * read, because the contract types the body as the whole policy. */
export function policyBody(form: PolicyForm, customized: boolean): DistributionPolicy {
  return {
    participants_required: form.participantsRequired,
    reminder_days: form.remind ? Number(form.reminderDays) : null,
    rules: form.rules.map((r) => ({ name: r.name.trim(), severities: r.severities, types: r.types, audiences: r.audiences.map(audienceBody) })),
    customized,
  };
}

/** Where an error shows: the policy's own fields by name, a rule's and an audience's by their ids. */
export const ruleField = (rule: number, field: "name" | "severities" | "types" | "audiences") => `rule-${rule}.${field}`;
export const audienceField = (audience: number, field: string) => `audience-${audience}.${field}`;

/** The server's checks that need nothing but the form, so a mistake is explained before sending. */
export function checkPolicy(form: PolicyForm): FieldErrors {
  const days = form.reminderDays.trim();
  const checks: Record<string, string | null> = {
    reminder_days: form.remind && !(/^\d+$/.test(days) && Number(days) >= LIMITS.minDays && Number(days) <= LIMITS.maxDays) ? `Enter a whole number of days from ${LIMITS.minDays} to ${LIMITS.maxDays}.` : null,
    rules: form.rules.length > LIMITS.rules ? `At most ${LIMITS.rules} rules are accepted.` : null,
  };
  for (const r of form.rules) {
    const length = [...r.name.trim()].length;
    checks[ruleField(r.uid, "name")] = length === 0 ? "Enter a name, such as Leadership for SEV0-1." : length > LIMITS.name ? `This is ${length} characters long; at most ${LIMITS.name} are accepted.` : null;
    checks[ruleField(r.uid, "audiences")] = r.audiences.length === 0 ? "Add at least one audience." : r.audiences.length > LIMITS.audiences ? `At most ${LIMITS.audiences} audiences are accepted.` : null;
    for (const a of r.audiences) {
      if (a.kind === "team") checks[audienceField(a.uid, "team_id")] = a.teamId ? null : "Choose a team.";
      if (a.kind === "mailing_list") checks[audienceField(a.uid, "address")] = /^[^\s@]+@[^\s@]+$/.test(a.address.trim()) ? null : "Enter an email address, such as postmortems@example.com.";
      if (a.kind === "slack_channel") checks[audienceField(a.uid, "channel")] = a.channel.trim() ? null : "Enter the channel's id, such as C0123ABCD.";
      if (a.kind === "webhook") checks[audienceField(a.uid, "url")] = /^https?:\/\/\S+$/i.test(a.url.trim()) ? null : "Enter an http:// or https:// URL.";
    }
  }
  return collect(checks);
}

/** A 422's errors placed on the form as it was sent: `rules[1].audiences[0].address` on that
 * audience's address, `rules[0].severities[2]` on the rule's severities; what names nothing the
 * form shows (or a refusal with no fields) becomes the message. */
export function placePolicyErrors(error: unknown, sent: PolicyForm): { fields: FieldErrors; message: string | null } {
  const problem = (error ?? {}) as { detail?: string; errors?: { field: string; message: string }[] };
  const fields: FieldErrors = {};
  const other: string[] = [];
  const put = (key: string, message: string) => {
    fields[key] ??= sentence(message);
  };
  for (const e of problem.errors ?? []) {
    // An error about a whole audience (no field named) shows beside its kind.
    const audience = /^rules\[(\d+)\]\.audiences\[(\d+)\](?:\.(kind|team_id|address|channel|url|rendering|required))?$/.exec(e.field);
    const rule = /^rules\[(\d+)\]\.(name|severities|types|audiences)(?:\[\d+\])?$/.exec(e.field);
    const a = audience ? sent.rules[Number(audience[1])]?.audiences[Number(audience[2])] : undefined;
    const r = rule ? sent.rules[Number(rule[1])] : undefined;
    if (audience && a) put(audienceField(a.uid, audience[3] ?? "kind"), e.message);
    else if (rule && r) put(ruleField(r.uid, rule[2] as "name"), e.message);
    else if (e.field === "reminder_days" || e.field === "rules") put(e.field, e.message);
    else other.push(`${e.field}: ${e.message}`);
  }
  if (other.length) return { fields, message: other.join("; ") };
  if (Object.keys(fields).length) return { fields, message: null };
  return { fields, message: problem.detail ?? "Something went wrong; try again." };
}
