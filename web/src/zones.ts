// IANA time zones for the schedule form: every zone the browser knows, searchable by the words a
// person types ("new york", "paris", "utc") rather than the exact identifier.

/** Every IANA zone the browser knows, with UTC first (Chromium leaves it out of the list). */
export function allTimeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}

/** The viewer's own zone, the sensible default for a new schedule. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[_/\s-]+/g, " ")
    .trim();

/** Zones matching what was typed, best first: a zone whose city starts with it, then any word, then anywhere. */
export function searchZones(zones: readonly string[], query: string, limit = 12): string[] {
  const q = fold(query);
  if (!q) return zones.slice(0, limit);
  const scored: [number, string][] = [];
  for (const zone of zones) {
    const name = fold(zone);
    const city = fold(zone.split("/").pop() ?? zone);
    const score = city.startsWith(q) || name.startsWith(q) ? 0 : name.split(" ").some((w) => w.startsWith(q)) ? 1 : name.includes(q) ? 2 : -1;
    if (score >= 0) scored.push([score, zone]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
    .slice(0, limit)
    .map(([, z]) => z);
}

/** Whether the browser accepts a zone name (an unknown one is refused by the server too). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.trim() !== "";
  } catch {
    return false;
  }
}
