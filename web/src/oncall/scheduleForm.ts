// The schedule form's model: what a person edits (strings, as inputs hold them), the checks made
// before sending (named like the server's field paths, so its answer lands in the same places),
// and the request body the API takes.
import type { components } from "../api/schema";
import { checkText, collect, type FieldErrors } from "../components/forms";
import { isTimeZone } from "../zones";

export type ScheduleRequest = components["schemas"]["ScheduleRequest"];
export type ScheduleDto = components["schemas"]["ScheduleDto"];
export type LayerSpec = components["schemas"]["LayerSpec"];
export type RestrictionSpec = components["schemas"]["RestrictionSpec"];
export type ShiftUnit = components["schemas"]["ShiftUnit"];
export type ShiftSpec = components["schemas"]["ShiftSpec"];

export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Day = (typeof DAYS)[number];
export const UNITS: { unit: ShiftUnit; label: string; max: number }[] = [
  { unit: "hours", label: "hours", max: 8760 },
  { unit: "days", label: "days", max: 365 },
  { unit: "weeks", label: "weeks", max: 52 },
];

export interface RestrictionForm {
  kind: "daily" | "weekly";
  start_day: Day;
  start: string;
  end_day: Day;
  end: string;
}

export interface LayerForm {
  /** A stable React key: layers move and are removed. */
  key: string;
  name: string;
  /** Local wall time in the schedule's zone, as a datetime-local input holds it: 2026-03-02T09:00. */
  start: string;
  unit: ShiftUnit;
  count: string;
  participants: number[];
  restrictions: RestrictionForm[];
  /** Kept as written (RFC 3339) so editing a schedule does not drop a layer's end. */
  end: string | null;
}

export interface ScheduleForm {
  name: string;
  description: string;
  time_zone: string;
  layers: LayerForm[];
}

let keys = 0;
const newKey = () => `layer-${++keys}`;

/** Today's date in a zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    return now.toLocaleDateString("en-CA", { timeZone });
  } catch {
    return now.toLocaleDateString("en-CA");
  }
}

export function emptyRestriction(): RestrictionForm {
  return { kind: "daily", start_day: "monday", start: "09:00", end_day: "friday", end: "17:00" };
}

/** A new layer: a weekly rotation handing off at 09:00 today, in the schedule's zone. */
export function emptyLayer(timeZone: string, index: number, now = new Date()): LayerForm {
  return { key: newKey(), name: index === 0 ? "Primary" : `Layer ${index + 1}`, start: `${todayIn(timeZone, now)}T09:00`, unit: "weeks", count: "1", participants: [], restrictions: [], end: null };
}

export function emptySchedule(timeZone: string, now = new Date()): ScheduleForm {
  return { name: "", description: "", time_zone: timeZone, layers: [emptyLayer(timeZone, 0, now)] };
}

/** A saved schedule, as the form edits it. */
export function fromSchedule(s: Pick<ScheduleDto, "name" | "description" | "time_zone" | "layers">): ScheduleForm {
  return {
    name: s.name,
    description: s.description,
    time_zone: s.time_zone,
    layers: s.layers.map((l) => ({
      key: newKey(),
      name: l.name,
      start: l.start.slice(0, 16),
      unit: l.shift.unit,
      count: String(l.shift.count),
      participants: [...l.participants],
      restrictions: (l.restrictions ?? []).map(restrictionForm),
      end: l.end ?? null,
    })),
  };
}

function restrictionForm(r: RestrictionSpec): RestrictionForm {
  const day = (d: string): Day => DAYS.find((x) => x.startsWith(d.toLowerCase().slice(0, 3))) ?? "monday";
  if (r.kind === "daily") return { ...emptyRestriction(), kind: "daily", start: r.start, end: r.end };
  return { kind: "weekly", start_day: day(r.start_day), start: r.start, end_day: day(r.end_day), end: r.end };
}

/** The body of POST and PUT /schedules. */
export function scheduleRequest(form: ScheduleForm): ScheduleRequest {
  return {
    name: form.name.trim(),
    description: form.description.trim() || null,
    time_zone: form.time_zone.trim(),
    layers: form.layers.map((l) => ({
      name: l.name.trim(),
      start: l.start.slice(0, 16),
      shift: { unit: l.unit, count: Number(l.count) },
      participants: l.participants,
      restrictions: l.restrictions.map((r) => (r.kind === "daily" ? { kind: "daily", start: r.start, end: r.end } : { kind: "weekly", start_day: r.start_day, start: r.start, end_day: r.end_day, end: r.end })),
      ...(l.end ? { end: l.end } : {}),
    })),
  };
}

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** What the server would refuse, found before sending, under the server's field paths. */
export function checkSchedule(form: ScheduleForm): FieldErrors {
  const checks: Record<string, string | null> = {
    name: checkText(form.name, "a name", 100),
    description: [...form.description.trim()].length > 2000 ? `This is ${[...form.description.trim()].length} characters long; at most 2,000 are accepted.` : null,
    time_zone: !form.time_zone.trim() ? "Choose a time zone." : isTimeZone(form.time_zone.trim()) ? null : `“${form.time_zone}” is not a time zone this browser knows; pick one from the list.`,
    layers: form.layers.length ? null : "Add at least one layer.",
  };
  form.layers.forEach((l, i) => {
    const at = `layers[${i}]`;
    checks[`${at}.name`] = checkText(l.name, "a layer name", 100);
    checks[`${at}.start`] = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(l.start) ? null : "Enter the date and time of the first handoff.";
    const unit = UNITS.find((u) => u.unit === l.unit) ?? UNITS[0];
    const count = Number(l.count);
    checks[`${at}.shift`] = Number.isInteger(count) && count >= 1 && count <= unit.max && l.count.trim() !== "" ? null : `Enter a whole number of ${unit.label} from 1 to ${unit.max.toLocaleString("en")}.`;
    checks[`${at}.participants`] = l.participants.length ? null : "Add at least one person to take turns.";
    l.restrictions.forEach((r, j) => {
      checks[`${at}.restrictions[${j}]`] = HHMM.test(r.start) && HHMM.test(r.end) ? null : "Enter both times as HH:MM.";
    });
  });
  return collect(checks);
}

/** A server field path ("layers[0].participants[2]", "layers[1].shift.count") as the form field that shows it. */
export function formField(path: string): string {
  const m = /^layers\[(\d+)\]\.([a-z_]+)(?:\[(\d+)\])?/.exec(path);
  if (!m) return path.replace(/\..*$/, "");
  if (m[2] === "restrictions" && m[3] !== undefined) return `layers[${m[1]}].restrictions[${m[3]}]`;
  return `layers[${m[1]}].${m[2]}`;
}

/** Every field the form shows, in form order, with the label the error summary names it by. */
export function fieldLabels(form: ScheduleForm): Record<string, string> {
  const labels: Record<string, string> = { name: "Name", description: "Description", time_zone: "Time zone", layers: "Layers" };
  form.layers.forEach((l, i) => {
    const n = `layer ${i + 1}`;
    labels[`layers[${i}].name`] = `Name of ${n}`;
    labels[`layers[${i}].start`] = `First handoff of ${n}`;
    labels[`layers[${i}].shift`] = `Shift length of ${n}`;
    labels[`layers[${i}].participants`] = `People in ${n}`;
    labels[`layers[${i}].end`] = `End of ${n}`;
    l.restrictions.forEach((_, j) => (labels[`layers[${i}].restrictions[${j}]`] = `Restriction ${j + 1} of ${n}`));
  });
  return labels;
}

/** The list with the item at `index` moved by `delta` places (a no-op at either end). */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item);
  return next;
}

/** "1 week", "12 hours". */
export function shiftLabel(shift: ShiftSpec): string {
  const unit = shift.count === 1 ? shift.unit.replace(/s$/, "") : shift.unit;
  return `${shift.count} ${unit}`;
}

const dayName = (d: string) => {
  const full = DAYS.find((x) => x.startsWith(d.toLowerCase().slice(0, 3))) ?? d;
  return full[0].toUpperCase() + full.slice(1);
};

/** "Every day 09:00–17:00", "Monday 09:00 to Friday 17:00". */
export function restrictionLabel(r: RestrictionSpec): string {
  if (r.kind === "daily") return `Every day ${r.start}–${r.end}${r.end <= r.start ? " (next day)" : ""}`;
  return `${dayName(r.start_day)} ${r.start} to ${dayName(r.end_day)} ${r.end}`;
}

/** "2026-03-02T09:00" as people read it: "Mon 2 Mar 2026, 09:00". */
export function wallTimeLabel(local: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return local;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const day = date.toLocaleDateString(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return `${day}, ${m[4]}:${m[5]}`;
}
