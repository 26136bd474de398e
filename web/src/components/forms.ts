// Form checks shared by every form: the server's limits, checked before sending so a mistake is
// explained beside its field at once; the server's own field errors land in the same place.
import { describeProblem } from "../api/client";

/** Messages by field name; an empty object means the form may be sent. */
export type FieldErrors = Record<string, string>;

/** Mirrors the server's single-line labels (names, token names): trimmed, 1 to `max` characters. */
export function checkText(value: string, what: string, max: number): string | null {
  const text = value.trim();
  if (!text) return `Enter ${what}.`;
  const length = [...text].length;
  if (length > max) return `This is ${length} characters long; at most ${max} are accepted.`;
  return null;
}

/** Keeps only the fields that have a message. */
export function collect(checks: Record<string, string | null>): FieldErrors {
  return Object.fromEntries(Object.entries(checks).filter((entry): entry is [string, string] => entry[1] !== null));
}

interface ProblemLike {
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** Splits a problem+json answer: messages for the form's own fields go beside them, anything else
 * (a field the form does not show, a refusal) becomes the general message. A 409 names no field
 * but is about one (the email already taken): `conflictField` puts it there. */
export function splitProblem(error: unknown, fields: readonly string[], conflictField?: string): { fields: FieldErrors; message: string | null } {
  const problem = (error ?? {}) as ProblemLike;
  if (conflictField && problem.status === 409 && !problem.errors?.length && problem.detail) {
    return { fields: { [conflictField]: sentence(problem.detail) }, message: null };
  }
  const own: FieldErrors = {};
  const other: string[] = [];
  for (const e of problem.errors ?? []) {
    if (fields.includes(e.field) && !own[e.field]) own[e.field] = sentence(e.message);
    else other.push(`${e.field}: ${e.message}`);
  }
  if (other.length) return { fields: own, message: other.join("; ") };
  if (Object.keys(own).length) return { fields: own, message: null };
  return { fields: own, message: problem.detail ?? "Something went wrong; try again." };
}

/** The server writes field messages to follow the field's name ("must not be empty"); beside the
 * field they read as a sentence. */
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** One line for the alert above a form, naming the fields to fix in form order. */
export function errorSummary(errors: FieldErrors, labels: Record<string, string>): string | null {
  const names = Object.keys(labels).filter((f) => errors[f]).map((f) => labels[f]);
  if (!names.length) return null;
  return `Check ${names.length === 1 ? "this field" : "these fields"}: ${names.join(", ")}.`;
}

/** A problem+json answer as one sentence, capitalised (the server writes details to follow a name). */
export function problemText(error: unknown): string {
  return sentence(describeProblem(error));
}
