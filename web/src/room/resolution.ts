// How a finished incident ended, for the top of its room: a resolved room leads with what fixed
// it, not with the last "next update in 30 minutes". Pure, tested beside.
import type { Incident } from "../api/client";
import type { TimelineEvent } from "../events";

export interface Ending {
  /** "Resolved" or "Canceled". */
  how: string;
  /** When, and by whom (null for Goldseam). */
  at: string;
  by: string | null;
  /** What fixed it, or why it was a false alarm; null when nobody said. */
  reason: string | null;
}

/** The event that ended the incident as it stands now (resolved, closed after resolving, or
 * canceled); null while it runs. The latest such event wins: a reopened and resolved-again
 * incident shows its second resolution. */
export function endingOf(incident: Pick<Incident, "status">, events: readonly TimelineEvent[]): Ending | null {
  const wanted = incident.status === "canceled" ? ["canceled"] : incident.status === "resolved" || incident.status === "closed" ? ["resolved"] : null;
  if (!wanted) return null;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.kind !== "status_changed") continue;
    const data = e.data as { to?: string; reason?: string | null };
    if (!data.to || !wanted.includes(data.to)) continue;
    return { how: data.to === "canceled" ? "Canceled" : "Resolved", at: e.at, by: e.actor?.name || null, reason: data.reason?.trim() || null };
  }
  return null;
}
