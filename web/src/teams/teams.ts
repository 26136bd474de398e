// Who may change what among teams and services (mirroring the server's rules, so nobody is shown
// a control the server would refuse), and the checks the forms make before sending.
import { checkText, collect, errorSummary, sentence, splitProblem, type FieldErrors } from "../components/forms";
import type { Service, Team } from "../api/lists";

export interface Me {
  id: number;
  role: string;
}

/** Their role in the team, or undefined if they are not in it (null: a member without a role). */
export function membership(team: Pick<Team, "members">, userId: number): string | null | undefined {
  const m = team.members.find((x) => x.user_id === userId);
  return m ? (m.role ?? null) : undefined;
}

/** Admins and the team's leads add and remove members. */
export function canManageMembers(team: Pick<Team, "members">, me: Me): boolean {
  if (me.role === "admin") return true;
  return me.role !== "viewer" && membership(team, me.id) === "lead";
}

/** Admins and members (not viewers) of the owning team create, edit and delete its services. */
export function canEditService(service: Pick<Service, "team_id">, teams: readonly Pick<Team, "id" | "members">[], me: Me): boolean {
  if (me.role === "admin") return true;
  if (me.role === "viewer") return false;
  const team = teams.find((t) => t.id === service.team_id);
  return !!team && membership(team, me.id) !== undefined;
}

/** The teams a service may be given to: all for admins, one's own teams for members. */
export function assignableTeams<T extends Pick<Team, "id" | "members">>(teams: readonly T[], me: Me): T[] {
  if (me.role === "admin") return [...teams];
  if (me.role === "viewer") return [];
  return teams.filter((t) => membership(t, me.id) !== undefined);
}

/** Tags as typed ("#pci, eu  payments") in the server's form: lowercased, no #, no repeats. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[\s,]+/)
    .map((t) => t.replace(/^#/, "").toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}

const TAG = /^[a-z0-9_-]{1,50}$/;
export const ROLE = /^[A-Za-z0-9_-]{1,32}$/;

export interface ServiceForm {
  name: string;
  team_id: string;
  description: string;
  tags: string;
}

export function checkService(form: ServiceForm): FieldErrors {
  const bad = parseTags(form.tags).filter((t) => !TAG.test(t));
  return collect({
    name: checkText(form.name, "a name", 100),
    team_id: form.team_id ? null : "Choose the team that owns it.",
    description: [...form.description].length > 2000 ? "At most 2,000 characters are accepted." : null,
    tags: bad.length ? `Tags use letters, digits, - and _ only: ${bad.join(", ")}.` : null,
  });
}

export interface TeamForm {
  name: string;
  description: string;
  schedule_id: string;
  escalation_policy_id: string;
}

export function checkTeam(form: TeamForm): FieldErrors {
  return collect({
    name: checkText(form.name, "a name", 100),
    description: [...form.description].length > 2000 ? "At most 2,000 characters are accepted." : null,
  });
}

/** A select's value as an id, or null for "none". */
export const idOrNull = (value: string): number | null => (value ? Number(value) : null);

/** Members by name, leads first. */
export function sortMembers<M extends { name: string; role?: string | null }>(members: readonly M[]): M[] {
  return [...members].sort((a, b) => Number(b.role === "lead") - Number(a.role === "lead") || a.name.localeCompare(b.name));
}

/** The server's refusal of a team or service form, as field errors (indexed fields such as tags[2] fall on
 * their field; a bare conflict on the name) and the message above the form. */
export function editorProblem(error: unknown, labels: Record<string, string>): { fields: FieldErrors; message: string } {
  const p = (error ?? {}) as { errors?: { field: string; message: string }[] };
  const normal = { ...p, errors: p.errors?.map((x) => ({ ...x, field: x.field.replace(/\[\d+\].*$/, "") })) };
  const split = splitProblem(normal, Object.keys(labels), "name");
  return { fields: split.fields, message: [split.message && sentence(split.message), errorSummary(split.fields, labels)].filter(Boolean).join(" ") };
}
