// Ordered lists edited as a whole and saved with one PUT (a postmortem template's sections, the
// contributing-factor taxonomy). Rows carry an id of their own so that moving a row moves its
// field errors with it; the server names errors by position (`sections[1].key`), which is mapped
// onto the rows as they were sent.
import { sentence } from "../components/forms";

export type Row<F extends string> = { uid: number } & Record<F, string>;

let next = 1;
/** A row for each item, with fresh ids. */
export function toRows<F extends string>(items: readonly Record<F, string>[], fields: readonly F[]): Row<F>[] {
  return items.map((item) => ({ uid: next++, ...(Object.fromEntries(fields.map((f) => [f, item[f] ?? ""])) as Record<F, string>) }));
}

export function emptyRow<F extends string>(fields: readonly F[]): Row<F> {
  return toRows([Object.fromEntries(fields.map((f) => [f, ""])) as Record<F, string>], fields)[0];
}

/** The list with row `index` moved by `delta` (-1 up, +1 down); unchanged past either end. */
export function moveRow<T>(rows: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const copy = [...rows];
  [copy[index], copy[to]] = [copy[to], copy[index]];
  return copy;
}

/** What the server said about a list, placed: per row (by uid) and field, about the list as a
 * whole (`sections`: "at least one section"), and anything else. */
export interface ListErrors {
  rows: Record<number, Record<string, string>>;
  list: string | null;
  message: string | null;
}

export const NO_ERRORS: ListErrors = { rows: {}, list: null, message: null };

interface ProblemLike {
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** Places a 422's `errors` (`<listField>[i].<field>`) on the rows that were sent, in order. */
export function placeErrors(error: unknown, listField: string, sent: readonly { uid: number }[], fields: readonly string[]): ListErrors {
  const problem = (error ?? {}) as ProblemLike;
  const out: ListErrors = { rows: {}, list: null, message: null };
  const other: string[] = [];
  const pattern = new RegExp(`^${listField}\\[(\\d+)\\]\\.(\\w+)$`);
  for (const e of problem.errors ?? []) {
    const m = pattern.exec(e.field);
    const row = m ? sent[Number(m[1])] : undefined;
    if (m && row && fields.includes(m[2])) {
      const mine = (out.rows[row.uid] ??= {});
      mine[m[2]] ??= sentence(e.message);
    } else if (e.field === listField) {
      out.list = out.list ? `${out.list} ${sentence(e.message)}` : sentence(e.message);
    } else {
      other.push(`${e.field}: ${e.message}`);
    }
  }
  if (other.length) out.message = other.join("; ");
  else if (!problem.errors?.length) out.message = problem.detail ?? "Something went wrong; try again.";
  return out;
}

/** How many rows have an error, for the summary above the list. */
export const rowsWithErrors = (errors: ListErrors) => Object.keys(errors.rows).length;
