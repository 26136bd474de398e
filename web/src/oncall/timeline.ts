// The timeline: the coming days in the viewer's zone, one band per day from local midnight to
// the next (23 or 25 hours on a daylight-saving day), with each shift or gap placed on it.
import type { components } from "../api/schema";

export type Shift = components["schemas"]["ShiftDto"];

export interface Segment {
  /** The shift shown; null for a gap, when nobody is on call. */
  shift: Shift | null;
  start: Date;
  end: Date;
  /** Position on the day's band, in percent. */
  left: number;
  width: number;
  /** The shift began before this day / goes on after it. */
  fromBefore: boolean;
  toAfter: boolean;
}

export interface TimelineDay {
  /** YYYY-MM-DD in the viewer's zone. */
  key: string;
  start: Date;
  end: Date;
  segments: Segment[];
}

const pad = (n: number) => String(n).padStart(2, "0");
const dayKey = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** `days` bands from the local midnight of `from`'s day, each with the shifts (and gaps) that touch it. */
export function timelineDays(shifts: readonly Shift[], from: Date, days: number): TimelineDay[] {
  const sorted = [...shifts].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const out: TimelineDay[] = [];
  for (let i = 0; i < days; i++) {
    const start = new Date(from.getFullYear(), from.getMonth(), from.getDate() + i);
    const end = new Date(from.getFullYear(), from.getMonth(), from.getDate() + i + 1);
    const span = end.getTime() - start.getTime();
    const place = (shift: Shift | null, s: number, e: number, fromBefore: boolean, toAfter: boolean): Segment => ({
      shift,
      start: new Date(s),
      end: new Date(e),
      left: ((s - start.getTime()) / span) * 100,
      width: ((e - s) / span) * 100,
      fromBefore,
      toAfter,
    });
    const segments: Segment[] = [];
    let cursor = start.getTime();
    for (const shift of sorted) {
      const s = Date.parse(shift.start);
      const e = Date.parse(shift.end);
      if (e <= start.getTime() || s >= end.getTime()) continue;
      const a = Math.max(s, start.getTime());
      const b = Math.min(e, end.getTime());
      if (a > cursor) segments.push(place(null, cursor, a, false, false));
      segments.push(place(shift, a, b, s < start.getTime(), e > end.getTime()));
      cursor = Math.max(cursor, b);
    }
    if (cursor < end.getTime()) segments.push(place(null, cursor, end.getTime(), false, false));
    out.push({ key: dayKey(start), start, end, segments });
  }
  return out;
}

/** A color slot (0 to `slots - 1`) per person, in the order they first appear, so each person keeps one color. */
export function colorSlots(shifts: readonly Shift[], slots = 6): Map<number, number> {
  const map = new Map<number, number>();
  for (const s of shifts) if (!map.has(s.user.id)) map.set(s.user.id, map.size % slots);
  return map;
}

/** Where "now" falls on a day's band, in percent, or null on another day. */
export function nowOffset(day: Pick<TimelineDay, "start" | "end">, now = new Date()): number | null {
  const t = now.getTime();
  if (t < day.start.getTime() || t >= day.end.getTime()) return null;
  return ((t - day.start.getTime()) / (day.end.getTime() - day.start.getTime())) * 100;
}

/** "8 h", "1 d 4 h", "45 min": how long a shift lasts, for the list. */
export function durationLabel(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 24) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${d} d ${h} h` : `${d} d`;
}
