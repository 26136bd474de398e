// The profile section's logic: choosing a time zone, editing working hours per weekday, and the
// calendar feed's address. Pure, so it is tested without a browser.
import type { components } from "../api/schema";
import type { FieldErrors } from "../components/forms";

export type Profile = components["schemas"]["ProfileDto"];
export type WorkWindow = components["schemas"]["WindowDto"];

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const DAY_NAMES: Record<Weekday, string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};

/** The zones to offer: what the browser knows, plus UTC and any zone already chosen (an alias the
 * browser lists under another name still shows), sorted. */
export function zoneList(supported: readonly string[], ...extra: (string | null | undefined)[]): string[] {
  const all = new Set(supported);
  all.add("UTC");
  for (const z of extra) if (z) all.add(z);
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** The zones this browser knows (`Intl.supportedValuesOf`), or a few common ones on old browsers. */
export function supportedZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    if (intl.supportedValuesOf) return intl.supportedValuesOf("timeZone");
  } catch {
    // fall through
  }
  return ["UTC", "Europe/London", "Europe/Paris", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"];
}

/** The zone this browser runs in, such as `Europe/Paris` (null if it does not say). */
export function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/** Zones whose name contains every word typed ("new york", "paris", "america/"), spaces and
 * underscores alike; the chosen zone always stays in the list so the select keeps its value. */
export function filterZones(zones: readonly string[], query: string, keep?: string | null): string[] {
  const fold = (s: string) => s.toLowerCase().replace(/[_\s]+/g, " ");
  const words = fold(query).split(" ").filter(Boolean);
  if (!words.length) return [...zones];
  return zones.filter((z) => z === keep || words.every((w) => fold(z).includes(w)));
}

/** The current time in a zone, to check the choice: "14:02". */
export function timeIn(zone: string, now = new Date()): string | null {
  try {
    return now.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", timeZone: zone });
  } catch {
    return null;
  }
}

/** One editable window: its day and its place among that day's windows make its key. */
export interface HoursRow {
  start: string;
  end: string;
}
export type Hours = Record<Weekday, HoursRow[]>;

export function emptyHours(): Hours {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as Hours;
}

/** The server's list (Monday first) as rows per day. Unknown days are dropped. */
export function hoursFromWindows(windows: readonly WorkWindow[]): Hours {
  const hours = emptyHours();
  for (const w of windows) {
    if ((WEEKDAYS as readonly string[]).includes(w.day)) hours[w.day as Weekday].push({ start: w.start, end: w.end });
  }
  return hours;
}

/** The rows as the server's list, in day order then row order; `keys` names each window's row
 * (`monday.0`) so an error the server reports at `working_hours[3]` finds its row. */
export function windowsFromHours(hours: Hours): { windows: WorkWindow[]; keys: string[] } {
  const windows: WorkWindow[] = [];
  const keys: string[] = [];
  for (const day of WEEKDAYS) {
    hours[day].forEach((row, i) => {
      windows.push({ day, start: row.start, end: row.end });
      keys.push(`${day}.${i}`);
    });
  }
  return { windows, keys };
}

/** Office hours on weekdays, the usual start. */
export function weekdayHours(start = "09:00", end = "17:00"): Hours {
  const hours = emptyHours();
  for (const day of WEEKDAYS.slice(0, 5)) hours[day] = [{ start, end }];
  return hours;
}

const minutes = (hhmm: string): number | null => {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return null;
  const total = Number(m[1]) * 60 + Number(m[2]);
  return total > 24 * 60 ? null : total;
};

/** The server's rules, checked before sending: HH:MM times, the end after the start (24:00 is the
 * end of the day), no overlap on a day. Errors are keyed `monday.0.start`, `monday.0.end`. */
export function checkHours(hours: Hours): FieldErrors {
  const errors: FieldErrors = {};
  for (const day of WEEKDAYS) {
    const rows = hours[day];
    const spans: { i: number; from: number; to: number }[] = [];
    rows.forEach((row, i) => {
      const from = minutes(row.start);
      const to = minutes(row.end);
      if (from === null || from >= 24 * 60) errors[`${day}.${i}.start`] = "Enter a start time such as 09:00.";
      if (to === null) errors[`${day}.${i}.end`] = "Enter an end time such as 17:30 (24:00 for midnight).";
      else if (from !== null && to <= from) errors[`${day}.${i}.end`] = "End after the start. To work past midnight, add hours on the next day from 00:00.";
      if (from !== null && to !== null && to > from) spans.push({ i, from, to });
    });
    spans.sort((a, b) => a.from - b.from);
    for (let k = 1; k < spans.length; k++) {
      if (spans[k].from < spans[k - 1].to && !errors[`${day}.${spans[k].i}.start`]) {
        errors[`${day}.${spans[k].i}.start`] = `These hours overlap others on ${DAY_NAMES[day]}.`;
      }
    }
  }
  return errors;
}

/** Server errors under `working_hours[i].start` as row keys (`monday.0.start`); the rest as text. */
export function hoursErrorsFromServer(errors: readonly { field: string; message: string }[], keys: readonly string[]): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const e of errors) {
    const m = /^working_hours\[(\d+)\](?:\.(start|end|day))?$/.exec(e.field);
    const key = m ? keys[Number(m[1])] : undefined;
    if (key) {
      const part = m?.[2] === "end" ? "end" : "start";
      fields[`${key}.${part}`] ??= e.message;
    } else other.push(`${e.field}: ${e.message}`);
  }
  return { fields, other };
}

/** A short account of the hours: "Monday 09:00–17:00; Tuesday 09:00–12:00 and 13:00–17:00". */
export function describeHours(hours: Hours): string {
  const days = WEEKDAYS.filter((d) => hours[d].length).map((d) => `${DAY_NAMES[d]} ${hours[d].map((r) => `${r.start}–${r.end}`).join(" and ")}`);
  return days.length ? days.join("; ") : "No working hours set.";
}

/** The feed's full URL on this server, from the path the server answers with. */
export function feedUrl(origin: string, path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  return `${origin.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
