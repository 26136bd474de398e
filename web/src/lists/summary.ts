// What the dashboard derives from the incident lists: counts per severity, who is responding,
// and the latest resolutions.
import type { Incident, Severity } from "../api/client";
import { INCIDENT_MANAGER } from "../roles";

export interface SeverityCount {
  severity: string;
  count: number;
}

/** Open incidents per severity, most severe first; severities with none are left out, unknown
 * keys (a severity deleted since) come last. */
export function severityCounts(incidents: Incident[], severities: Severity[]): SeverityCount[] {
  const rank = new Map(severities.map((s) => [s.key, s.rank]));
  const counts = new Map<string, number>();
  for (const i of incidents) counts.set(i.severity, (counts.get(i.severity) ?? 0) + 1);
  return [...counts]
    .map(([severity, count]) => ({ severity, count }))
    .sort((a, b) => (rank.get(a.severity) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.severity) ?? Number.MAX_SAFE_INTEGER) || a.severity.localeCompare(b.severity));
}

/** The `limit` most recently resolved, newest first (closed incidents were resolved first). */
export function recentlyResolved(incidents: Incident[], limit = 5): Incident[] {
  return incidents
    .filter((i) => (i.status === "resolved" || i.status === "closed") && i.resolved_at)
    .sort((a, b) => Date.parse(b.resolved_at!) - Date.parse(a.resolved_at!) || b.id - a.id)
    .slice(0, limit);
}

/** The incident manager, and everyone else holding a role (once each, in assignment order). */
export function responders(i: Pick<Incident, "roles">): { manager?: string; others: string[] } {
  const manager = i.roles.find((r) => r.role === INCIDENT_MANAGER)?.user;
  const others: string[] = [];
  const seen = new Set(manager ? [manager.id] : []);
  for (const r of i.roles) {
    if (seen.has(r.user.id)) continue;
    seen.add(r.user.id);
    others.push(r.user.name);
  }
  return { manager: manager?.name, others };
}
