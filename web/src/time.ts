// Times in the viewer's time zone (the browser's), absolute on hover, with the date when it is
// not today or the incident spans several days.

/** "14:02" today, "Tue 24 Nov, 14:02" on another day (or whenever `withDate`). */
export function clockTime(at: string | Date, { now = new Date(), withDate = false, timeZone, locale }: { now?: Date; withDate?: boolean; timeZone?: string; locale?: string } = {}): string {
  const d = typeof at === "string" ? new Date(at) : at;
  const day = (x: Date) => x.toLocaleDateString("en-CA", { timeZone });
  const time = d.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit", timeZone });
  if (!withDate && day(d) === day(now)) return time;
  const date = d.toLocaleDateString(locale, { weekday: "short", day: "numeric", month: "short", timeZone, ...(d.getFullYear() !== now.getFullYear() ? { year: "numeric" } : {}) });
  return `${date}, ${time}`;
}

/** The full absolute time, with the zone, for a tooltip: "Tuesday 24 November 2026, 14:02:13 CET". */
export function absoluteTime(at: string | Date, timeZone?: string, locale?: string): string {
  const d = typeof at === "string" ? new Date(at) : at;
  return d.toLocaleString(locale, { dateStyle: "full", timeStyle: "long", timeZone });
}

/** Whether a span of time crosses midnight in the viewer's zone: then every time shows its date. */
export function spansDays(from: string, to: string | Date = new Date(), timeZone?: string): boolean {
  const day = (x: Date) => x.toLocaleDateString("en-CA", { timeZone });
  return day(new Date(from)) !== day(typeof to === "string" ? new Date(to) : to);
}
