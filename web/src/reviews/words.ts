// The review panel in words: a slot's statuses, an attendee's local time read from the server's
// own RFC 3339 (so it is their wall clock whatever the browser knows of their zone), the review
// rule, calendars and why the assistant could not use one. Pure, tested beside.
import type { Blocker, ReviewRule, SlotAttendee, SlotStatus, Unconfirmed } from "./api/review";

const STATUS_LABELS: Record<SlotStatus, string> = {
  free: "Free",
  tentative: "Tentative",
  busy: "Busy",
  outside_hours: "Outside working hours",
  unknown: "Calendar unknown",
};

/** "Free", "Outside working hours"; a status the app does not know yet reads as itself, spaced. */
export const slotStatusLabel = (status: string): string => STATUS_LABELS[status as SlotStatus] ?? status.replace(/_/g, " ");

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The wall clock of an RFC 3339 time with its offset ("2026-03-10T15:00:00+01:00"), as written. */
function wall(rfc3339: string): { day: string; time: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339);
  if (!m) return null;
  const weekday = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return { day: `${WEEKDAYS[weekday]} ${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}`, time: `${m[4]}:${m[5]}` };
}

/** An attendee's side of a slot: "Tue 10 Mar 15:00–16:00" in their zone (the end's day too when
 * it is another); null without a zone (an optional attendee may have none). */
export function localSpan(a: Pick<SlotAttendee, "local_start" | "local_end">): string | null {
  const from = a.local_start ? wall(a.local_start) : null;
  const to = a.local_end ? wall(a.local_end) : null;
  if (!from || !to) return null;
  return `${from.day} ${from.time}–${to.day === from.day ? to.time : `${to.day} ${to.time}`}`;
}

/** "60 minutes, between 1 and 5 business days after the postmortem goes to review". */
export function ruleWords(rule: ReviewRule): string {
  const days = (n: number) => `${n} business ${n === 1 ? "day" : "days"}`;
  const window = `between ${rule.prep_business_days} and ${days(rule.deadline_business_days)} after the postmortem goes to review`;
  return `${rule.duration_minutes} minutes, ${window}${rule.auto_book ? "; booked by itself when it does" : ""}`;
}

/** How Goldseam knows when someone is busy. */
export function calendarLabel(kind: string | null | undefined): string {
  if (kind === "caldav") return "CalDAV calendar";
  if (kind === "ics") return "ICS calendar";
  return "Working hours only";
}

/** "Ana: calendar could not be read: no answer within 10 s". */
export const unconfirmedLine = (u: Unconfirmed): string => `${u.name}: ${u.reason}`;

/** "Bo: busy for 30 min of it". */
export const blockerLine = (b: Blocker): string => `${b.name}: ${b.detail}`;

const ZONE_WORDS: Record<string, string> = { UTC: "UTC" };

/** A zone as people say it: "Europe/Berlin" → "Berlin", "America/New_York" → "New York". */
export function zoneWords(zone: string): string {
  if (ZONE_WORDS[zone]) return ZONE_WORDS[zone];
  const last = zone.split("/").pop() ?? zone;
  return last.replace(/_/g, " ");
}
