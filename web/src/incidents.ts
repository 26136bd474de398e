// What the dashboard shows first: the most severe open incidents, oldest first within a severity.
import type { Incident, Severity } from "./api/client";
import { splitSpecial } from "./special";

/** Open incidents by severity rank (most severe first), then by age (oldest first). */
export function dashboardOrder(incidents: Incident[], severities: Severity[]): Incident[] {
  const rank = new Map(severities.map((s) => [s.key, s.rank]));
  const open = incidents.filter((i) => ["triage", "active", "mitigated"].includes(i.status));
  return open.sort(
    (a, b) =>
      (rank.get(a.severity) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.severity) ?? Number.MAX_SAFE_INTEGER) ||
      Date.parse(a.declared_at) - Date.parse(b.declared_at),
  );
}

/** "45s", "12m", "3h 5m", "2d 4h": how long ago `since` was, for "declared 3h 5m ago". */
export function elapsed(since: string, now: Date = new Date()): string {
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** "#payments, eu  #Checkout" → ["payments", "eu", "checkout"]: tags typed in one field. */
export function parseTagList(text: string): string[] {
  const tags = text
    .split(/[\s,]+/)
    .map((t) => t.replace(/^#+/, "").toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}

/**
 * The #tags typed in a title, and the title without them: tags at the end go, a tag in the
 * middle of a sentence keeps its word ("#Checkout fails #eu" → "Checkout fails", [checkout,
 * eu]). A title that is nothing but tags stays as typed.
 */
export function titleTags(title: string): { title: string; tags: string[] } {
  const segments = splitSpecial(title);
  const tags = segments.flatMap((s) => (s.kind === "tag" ? [s.tag] : []));
  if (tags.length === 0) return { title, tags };
  // Trailing tags (and the spaces and commas between them) are dropped.
  let end = segments.length;
  while (end > 0) {
    const s = segments[end - 1];
    if (s.kind === "tag" || (s.kind === "text" && /^[\s,]*$/.test(s.text))) end--;
    else break;
  }
  const clean = segments
    .slice(0, end)
    .map((s) => (s.kind === "tag" ? s.text.replace(/^#/, "") : s.text))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  return { title: clean || title, tags: [...new Set(tags)] };
}
