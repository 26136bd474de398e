// Overrides: who may remove one, and the datetime-local values the add form starts with and sends.
import type { components } from "../api/schema";

export type Override = components["schemas"]["OverrideDto"];

/** Admins remove any override; members those that put them on call or that they added. */
export function canRemoveOverride(o: Pick<Override, "user" | "created_by">, me: { id: number; role: string }): boolean {
  if (me.role === "admin") return true;
  if (me.role === "viewer") return false;
  return o.user.id === me.id || o.created_by === me.id;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A Date as a datetime-local input's value, in the viewer's zone, to the minute. */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (the viewer's zone) as RFC 3339 in UTC, or null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The add form's first values: from now (to the minute) for a day. */
export function defaultOverrideRange(now = new Date()): { start: string; end: string } {
  const start = new Date(now);
  start.setSeconds(0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { start: toLocalInput(start), end: toLocalInput(end) };
}

/** What is wrong with a range before sending, by field. */
export function checkOverride(start: string, end: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const s = fromLocalInput(start);
  const e = fromLocalInput(end);
  if (!s) errors.start = "Enter when the override starts.";
  if (!e) errors.end = "Enter when it ends.";
  if (s && e && Date.parse(e) <= Date.parse(s)) errors.end = "The end must be after the start.";
  return errors;
}
