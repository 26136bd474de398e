import type { IncidentType, Severity } from "../api/client";
import { checkText, collect, type FieldErrors } from "../components/forms";
import { minutesWords } from "../durations";

// The server's limits for catalog entries (crates/core severity.rs and text.rs).
const NAME_MAX = 100;
const DESCRIPTION_MAX = 2000;
export const RANK_MAX = 99;
/** The longest update cadence a severity may ask for: a week (core's MAX_UPDATE_EVERY_MINUTES). */
export const UPDATE_EVERY_MAX = 7 * 24 * 60;

export interface SeverityForm {
  key: string;
  name: string;
  description: string;
  rank: string;
  /** Minutes between status updates stakeholders expect; blank for no expectation. */
  update_every: string;
  /** The status that opens the postmortem by itself; blank: only by hand. */
  postmortem_on: PostmortemOn;
}

/** Statuses a severity may open its postmortem at ("": only by hand). */
export const POSTMORTEM_ON = ["", "mitigated", "resolved", "closed"] as const;
export type PostmortemOn = (typeof POSTMORTEM_ON)[number];

/** "When resolved", or "By hand": the setting as the severities table shows it. */
export function postmortemOnWords(status: string | null | undefined): string {
  return status ? `When ${status}` : "By hand";
}

export interface TypeForm {
  key: string;
  name: string;
  description: string;
  default_private: boolean;
}

export const SEVERITY_LABELS = { key: "Key", name: "Name", description: "When to pick it", rank: "Rank", update_every_minutes: "Status update every (minutes)", postmortem_on: "Postmortem opens" } as const;
export const TYPE_LABELS = { key: "Key", name: "Name", description: "When to pick it" } as const;

function checkLabels(form: { name: string; description: string }) {
  return {
    name: checkText(form.name, "a short name", NAME_MAX),
    description: checkText(form.description, "one line saying when to pick it", DESCRIPTION_MAX),
  };
}

/** `adding` refuses a key that exists: saving would silently overwrite that entry. */
export function checkSeverity(form: SeverityForm, existing: readonly Pick<Severity, "key">[], adding: boolean): FieldErrors {
  const key = form.key.trim();
  const rank = form.rank.trim();
  return collect({
    key: !/^[A-Z0-9]{1,16}$/.test(key)
      ? "Use 1 to 16 uppercase letters or digits, like SEV5."
      : adding && existing.some((s) => s.key === key)
        ? `${key} already exists; edit it in the list instead.`
        : null,
    ...checkLabels(form),
    rank: /^\d+$/.test(rank) && Number(rank) <= RANK_MAX ? null : `Use a whole number from 0 (most severe) to ${RANK_MAX}.`,
    update_every_minutes: checkUpdateEvery(form.update_every),
  });
}

/** Blank (no expectation) or a whole number of minutes from 1 to a week. */
function checkUpdateEvery(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= UPDATE_EVERY_MAX
    ? null
    : `Use a whole number of minutes from 1 to ${UPDATE_EVERY_MAX} (a week), or leave it blank for no expectation.`;
}

/** "Every 30 min", "Every 4 h", or "No expectation": the cadence as the severities table shows it. */
export function updateEveryWords(minutes: number | null | undefined): string {
  return minutes ? `Every ${minutesWords(minutes)}` : "No expectation";
}

export function checkType(form: TypeForm, existing: readonly Pick<IncidentType, "key">[], adding: boolean): FieldErrors {
  const key = form.key.trim();
  return collect({
    key: !/^[a-z0-9_-]{1,40}$/.test(key)
      ? "Use 1 to 40 lowercase letters, digits, '-' or '_', like data-loss."
      : adding && existing.some((t) => t.key === key)
        ? `${key} already exists; edit it in the list instead.`
        : null,
    ...checkLabels(form),
  });
}

export function severityBody(form: SeverityForm) {
  const every = form.update_every.trim();
  return {
    name: form.name.trim(),
    description: form.description.trim(),
    rank: Number(form.rank.trim()),
    update_every_minutes: every ? Number(every) : null,
    postmortem_on: form.postmortem_on || null,
  };
}

export function typeBody(form: TypeForm) {
  return { name: form.name.trim(), description: form.description.trim(), default_private: form.default_private };
}

/** Most severe first (rank 0), ties by key. */
export function sortSeverities(severities: readonly Severity[]): Severity[] {
  return [...severities].sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key));
}

/** A new severity's starting values: the next SEVn key and the rank just below the least severe. */
export function nextSeverity(severities: readonly Severity[]): SeverityForm {
  const numbers = severities.map((s) => /^SEV(\d+)$/.exec(s.key)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  let n = numbers.length ? Math.max(...numbers) + 1 : 0;
  while (severities.some((s) => s.key === `SEV${n}`)) n++;
  const rank = severities.length ? Math.min(RANK_MAX, Math.max(...severities.map((s) => s.rank)) + 1) : 0;
  return { key: `SEV${n}`, name: "", description: "", rank: String(rank), update_every: "", postmortem_on: "" };
}

export function severityForm(s: Severity): SeverityForm {
  const on = POSTMORTEM_ON.find((status) => status === s.postmortem_on) ?? "";
  return { key: s.key, name: s.name, description: s.description, rank: String(s.rank), update_every: s.update_every_minutes == null ? "" : String(s.update_every_minutes), postmortem_on: on };
}

export function typeForm(t: IncidentType): TypeForm {
  return { key: t.key, name: t.name, description: t.description, default_private: t.default_private };
}
