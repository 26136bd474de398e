// The review policy as the settings form edits it, the pure part: rules carry ids of their own (so
// an error stays with its rule whatever is added, moved or removed after it was sent), the checks
// made before sending (the server's limits), and the server's 422 paths
// (`rules[0].duration_minutes`) placed on what was sent.
import { collect, sentence, type FieldErrors } from "../components/forms";
import type { ReviewPolicy, ReviewRule } from "./api/reviews";

export interface ReviewRuleRow {
  uid: number;
  name: string;
  severities: string[];
  types: string[];
  /** As the inputs hold them. */
  prep: string;
  deadline: string;
  duration: string;
  autoBook: boolean;
}

/** The server's limits (crates/core/src/review/booking_policy.rs). */
export const REVIEW_LIMITS = { rules: 20, name: 80, maxDays: 30, minDuration: 15, maxDuration: 240, grid: 15 } as const;

let next = 1;
const uid = () => next++;

/** A new rule: the defaults a server starts with for most incidents. */
export function emptyReviewRule(): ReviewRuleRow {
  return { uid: uid(), name: "", severities: [], types: [], prep: "1", deadline: "5", duration: "30", autoBook: false };
}

export function reviewPolicyForm(p: ReviewPolicy): ReviewRuleRow[] {
  return p.rules.map((r) => ({
    uid: uid(),
    name: r.name,
    severities: [...(r.severities ?? [])],
    types: [...(r.types ?? [])],
    prep: String(r.prep_business_days),
    deadline: String(r.deadline_business_days),
    duration: String(r.duration_minutes),
    autoBook: r.auto_book ?? false,
  }));
}

/** The PUT body. `customized` is the server's to say; it is sent back as read. */
export function reviewPolicyBody(rules: ReviewRuleRow[], onCallIsBusy: boolean, customized: boolean): ReviewPolicy {
  return {
    rules: rules.map(
      (r): ReviewRule => ({
        name: r.name.trim(),
        severities: r.severities,
        types: r.types,
        prep_business_days: Number(r.prep.trim()),
        deadline_business_days: Number(r.deadline.trim()),
        duration_minutes: Number(r.duration.trim()),
        auto_book: r.autoBook,
      }),
    ),
    on_call_is_busy: onCallIsBusy,
    customized,
  };
}

export type ReviewRuleField = "name" | "severities" | "types" | "prep_business_days" | "deadline_business_days" | "duration_minutes";

/** Where an error shows: a rule's fields by its id; `rules` for the list itself. */
export const reviewRuleField = (rule: number, field: ReviewRuleField) => `rule-${rule}.${field}`;

const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : null);

/** The server's checks that need nothing but the form, so a mistake is explained before sending. */
export function checkReviewPolicy(rules: ReviewRuleRow[]): FieldErrors {
  const L = REVIEW_LIMITS;
  const checks: Record<string, string | null> = { rules: rules.length > L.rules ? `At most ${L.rules} rules are accepted.` : null };
  for (const r of rules) {
    const at = (f: ReviewRuleField) => reviewRuleField(r.uid, f);
    const length = [...r.name.trim()].length;
    checks[at("name")] = length === 0 ? "Enter a name, such as Major incidents." : length > L.name ? `This is ${length} characters long; at most ${L.name} are accepted.` : null;
    const prep = whole(r.prep);
    const deadline = whole(r.deadline);
    const duration = whole(r.duration);
    checks[at("prep_business_days")] = prep === null || prep > L.maxDays ? `Enter a whole number of business days from 0 to ${L.maxDays}.` : null;
    checks[at("deadline_business_days")] =
      deadline === null || deadline < 1 || deadline > L.maxDays
        ? `Enter a whole number of business days from 1 to ${L.maxDays}.`
        : prep !== null && deadline <= prep
          ? "Make it later than the preparation days, or no day is left for the meeting."
          : null;
    checks[at("duration_minutes")] = duration === null || duration < L.minDuration || duration > L.maxDuration || duration % L.grid !== 0 ? `Enter ${L.minDuration} to ${L.maxDuration} minutes, a multiple of ${L.grid}.` : null;
  }
  return collect(checks);
}

const FIELDS: readonly ReviewRuleField[] = ["name", "severities", "types", "prep_business_days", "deadline_business_days", "duration_minutes"];

/** A 422's errors placed on the rules as they were sent: `rules[0].duration_minutes` on that
 * rule's duration, `rules[0].severities[2]` on its severities; what names nothing the form shows
 * (or a refusal with no fields) becomes the message. */
export function placeReviewPolicyErrors(error: unknown, sent: ReviewRuleRow[]): { fields: FieldErrors; message: string | null } {
  const problem = (error ?? {}) as { detail?: string; errors?: { field: string; message: string }[] };
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const e of problem.errors ?? []) {
    const m = /^rules\[(\d+)\]\.([a-z_]+)(?:\[\d+\])?$/.exec(e.field);
    const rule = m ? sent[Number(m[1])] : undefined;
    if (m && rule && (FIELDS as readonly string[]).includes(m[2])) fields[reviewRuleField(rule.uid, m[2] as ReviewRuleField)] ??= sentence(e.message);
    else if (e.field === "rules" || /^rules\[\d+\]$/.test(e.field)) fields.rules ??= sentence(e.message);
    else other.push(`${e.field}: ${e.message}`);
  }
  if (other.length) return { fields, message: other.join("; ") };
  if (Object.keys(fields).length) return { fields, message: null };
  return { fields, message: problem.detail ?? "Something went wrong; try again." };
}
