// Review slots' words and form: the weekly rule as the form edits it (every N weeks on days) and
// as the server takes it (an RRULE), the schedule in words, who may change slots (mirroring the
// server), and the checks made before sending.
import { checkText, collect, type FieldErrors } from "../components/forms";
import type { Team } from "../api/lists";
import type { ReviewSlot, ReviewSlotChange, NewReviewSlot } from "./api/reviewSlots";
import { membership, type Me } from "./teams";

/** RRULE day codes in the week's order (ISO: Monday first), with their names. */
export const DAYS = [
  ["MO", "Monday"],
  ["TU", "Tuesday"],
  ["WE", "Wednesday"],
  ["TH", "Thursday"],
  ["FR", "Friday"],
  ["SA", "Saturday"],
  ["SU", "Sunday"],
] as const;
export type Day = (typeof DAYS)[number][0];
const CODES: readonly string[] = DAYS.map(([c]) => c);

export const MAX_INTERVAL = 12;

/** Admins, and the team's members who are not viewers, make, change and delete its slots. */
export function canEditSlots(team: Pick<Team, "members">, me: Me): boolean {
  if (me.role === "admin") return true;
  return me.role === "member" && membership(team, me.id) !== undefined;
}

/** The rule the server takes: `FREQ=WEEKLY;INTERVAL=N;BYDAY=MO,WE` (INTERVAL left out for every week). */
export function buildRrule(interval: number, days: readonly Day[]): string {
  const byDay = CODES.filter((c) => days.includes(c as Day)).join(",");
  return `FREQ=WEEKLY${interval > 1 ? `;INTERVAL=${interval}` : ""};BYDAY=${byDay}`;
}

/** A weekly rule's interval and days, or null for a rule the form cannot show. */
export function parseRrule(rrule: string): { interval: number; days: Day[] } | null {
  const parts = new Map(
    rrule
      .split(";")
      .filter(Boolean)
      .map((p) => {
        const [k, v = ""] = p.split("=");
        return [k.trim().toUpperCase(), v.trim().toUpperCase()] as const;
      }),
  );
  if (parts.get("FREQ") !== "WEEKLY") return null;
  const interval = parts.has("INTERVAL") ? Number(parts.get("INTERVAL")) : 1;
  if (!Number.isInteger(interval) || interval < 1) return null;
  const days = (parts.get("BYDAY") ?? "")
    .split(",")
    .map((d) => d.replace(/^[+-]?\d+/, ""))
    .filter((d): d is Day => CODES.includes(d));
  if (!days.length) return null;
  return { interval, days: CODES.filter((c) => days.includes(c as Day)) as Day[] };
}

/** "Monday", "Monday and Wednesday", "Monday, Wednesday and Friday". */
function joinWords(words: string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** How often, in words: "every Monday", "every other Monday", "every 3 weeks on Monday and Friday". */
export function repeatWords(interval: number, days: readonly Day[]): string {
  const names = joinWords(DAYS.filter(([c]) => days.includes(c)).map(([, n]) => n));
  if (interval === 1) return `every ${names}`;
  if (interval === 2) return `every other ${names}`;
  return `every ${interval} weeks on ${names}`;
}

/** The slot in words: "every other Monday, 10:00 Europe/Berlin, 60 min" (the server's words for a
 * rule the form cannot read). */
export function slotWords(slot: Pick<ReviewSlot, "rrule" | "start_time" | "zone" | "duration_minutes" | "schedule">): string {
  const rule = parseRrule(slot.rrule);
  if (!rule) return slot.schedule;
  return `${repeatWords(rule.interval, rule.days)}, ${slot.start_time} ${slot.zone}, ${slot.duration_minutes} min`;
}

/** A meeting's start on the slot's own wall clock, from `local_start`
 * (`2026-12-07T10:00:00+01:00[Europe/Berlin]`): "Mon, 7 Dec 2026, 10:00". */
export function meetingWords(localStart: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(localStart);
  if (!m) return localStart;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const day = date.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return `${day}, ${m[4]}`;
}

export const STATE_WORDS: Record<string, string> = {
  scheduled: "Scheduled: agenda still open",
  agenda_sent: "Agenda sent",
  cancelled: "Cancelled: nothing to review",
};

export interface SlotForm {
  name: string;
  zone: string;
  start_time: string;
  duration_minutes: string;
  interval: string;
  days: Day[];
  starts_on: string;
}

export const SLOT_LABELS = {
  name: "Name",
  zone: "Time zone",
  start_time: "Start time",
  duration_minutes: "Length (minutes)",
  rrule: "Repeat",
  starts_on: "Starts on",
};

export function emptySlotForm(zone: string): SlotForm {
  return { name: "", zone, start_time: "10:00", duration_minutes: "60", interval: "1", days: [], starts_on: "" };
}

/** The form for editing a slot; `starts_on` stays empty (sent only to pick other weeks). */
export function formFromSlot(slot: ReviewSlot): SlotForm {
  const rule = parseRrule(slot.rrule) ?? { interval: 1, days: [] };
  return {
    name: slot.name,
    zone: slot.zone,
    start_time: slot.start_time,
    duration_minutes: String(slot.duration_minutes),
    interval: String(rule.interval),
    days: rule.days,
    starts_on: "",
  };
}

/** The server's limits, checked before sending; errors by the request's field names. */
export function checkSlot(form: SlotForm): FieldErrors {
  const minutes = Number(form.duration_minutes);
  const interval = Number(form.interval);
  return collect({
    name: checkText(form.name, "a name", 100),
    zone: form.zone.trim() ? null : "Choose the time zone the meeting's time is kept in.",
    start_time: /^\d{2}:\d{2}$/.test(form.start_time) ? null : "Enter a start time like 10:00.",
    duration_minutes:
      form.duration_minutes.trim() && Number.isInteger(minutes) && minutes >= 15 && minutes <= 240 && minutes % 15 === 0 ? null : "Enter 15 to 240 minutes, a multiple of 15.",
    rrule:
      !form.interval.trim() || !Number.isInteger(interval) || interval < 1 || interval > MAX_INTERVAL
        ? `Repeat every 1 to ${MAX_INTERVAL} weeks.`
        : form.days.length
          ? null
          : "Choose at least one day.",
    starts_on: !form.starts_on || /^\d{4}-\d{2}-\d{2}$/.test(form.starts_on) ? null : "Enter a date like 2026-12-07.",
  });
}

export function newSlotBody(form: SlotForm): NewReviewSlot {
  return {
    name: form.name.trim(),
    zone: form.zone.trim(),
    start_time: form.start_time,
    duration_minutes: Number(form.duration_minutes),
    rrule: buildRrule(Number(form.interval), form.days),
    ...(form.starts_on ? { starts_on: form.starts_on } : {}),
  };
}

/** Only what changed: a change of zone, time, rule or first date moves the series, so an unchanged
 * field is not sent. Empty when nothing changed. */
export function slotChange(slot: ReviewSlot, form: SlotForm): ReviewSlotChange {
  const next = newSlotBody(form);
  const change: ReviewSlotChange = {};
  if (next.name !== slot.name) change.name = next.name;
  if (next.zone !== slot.zone) change.zone = next.zone;
  if (next.start_time !== slot.start_time) change.start_time = next.start_time;
  if (next.duration_minutes !== slot.duration_minutes) change.duration_minutes = next.duration_minutes;
  const before = parseRrule(slot.rrule);
  const rule = parseRrule(next.rrule);
  const sameRule = before && rule && before.interval === rule.interval && before.days.join() === rule.days.join();
  if (!sameRule) change.rrule = next.rrule;
  if (next.starts_on) change.starts_on = next.starts_on;
  return change;
}
