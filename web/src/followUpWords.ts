// Follow-ups (action items from incidents and postmortems) in words: their statuses, priorities
// and due dates. Shared by the follow-ups page, the room's panel, the postmortem's follow-up block
// and the activity log's sentences, so all four say the same thing the same way.
import type { components } from "./api/schema";

export type FollowUpStatus = components["schemas"]["FollowUpDto"]["status"];
export type FollowUpPriority = components["schemas"]["FollowUpDto"]["priority"];

export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ["proposed", "committed", "in_progress", "done", "wont_do"];
export const FOLLOW_UP_PRIORITIES: readonly FollowUpPriority[] = ["urgent", "high", "medium", "low"];

const STATUS_LABELS: Record<FollowUpStatus, string> = { proposed: "Proposed", committed: "Committed", in_progress: "In progress", done: "Done", wont_do: "Won't do" };
const PRIORITY_LABELS: Record<FollowUpPriority, string> = { urgent: "Urgent", high: "High", medium: "Medium", low: "Low" };

export const isFollowUpStatus = (s: unknown): s is FollowUpStatus => typeof s === "string" && (FOLLOW_UP_STATUSES as readonly string[]).includes(s);
export const isFollowUpPriority = (s: unknown): s is FollowUpPriority => typeof s === "string" && (FOLLOW_UP_PRIORITIES as readonly string[]).includes(s);

/** "In progress"; a status the app does not know yet reads as itself, spaced. */
export const followUpStatusLabel = (s: string): string => (isFollowUpStatus(s) ? STATUS_LABELS[s] : s.replace(/_/g, " "));
export const priorityLabel = (p: string): string => (isFollowUpPriority(p) ? PRIORITY_LABELS[p] : p);

/** Still to do: an idea (proposed), a promise (committed) or under way. */
export const isOpenStatus = (s: string): boolean => s === "proposed" || s === "committed" || s === "in_progress";

/** Committing (or starting) promises a person and a date: the server refuses either without them. */
export const needsOwnerAndDate = (s: string): boolean => s === "committed" || s === "in_progress";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** A civil date ("2026-12-10") as a UTC midnight, or null when it is not one. A due date is a day,
 * not an instant: it is never shifted into the viewer's zone. */
function civil(date: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Today in the viewer's zone, as the civil date the API writes ("2026-12-03"). */
export function todayCivil(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "10 Dec", with the year when it is not `today`'s: "10 Dec 2027". */
export function shortDate(date: string, today: string = todayCivil()): string {
  const d = civil(date);
  if (!d) return date;
  const year = d.getUTCFullYear() === Number(today.slice(0, 4)) ? "" : ` ${d.getUTCFullYear()}`;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year}`;
}

/** "Thu 10 Dec 2026": the whole date, for a tooltip or beside the relative words. */
export function longDate(date: string): string {
  const d = civil(date);
  if (!d) return date;
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Whole days from `today` to `date` (negative: in the past). */
export function daysUntil(date: string, today: string = todayCivil()): number | null {
  const d = civil(date);
  const t = civil(today);
  if (!d || !t) return null;
  return Math.round((d.getTime() - t.getTime()) / 86_400_000);
}

/** When it is due, relative to today: "due today", "due tomorrow", "due in 5 days", "due 3 days ago". */
export function dueInWords(date: string, today: string = todayCivil()): string {
  const days = daysUntil(date, today);
  if (days === null) return `due ${date}`;
  if (days === 0) return "due today";
  if (days === 1) return "due tomorrow";
  if (days === -1) return "due yesterday";
  return days > 1 ? `due in ${days} days` : `due ${-days} days ago`;
}
