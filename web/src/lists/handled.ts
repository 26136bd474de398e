// Whether an open incident is handled, in the words the dashboard shows (who leads comes from
// summary.ts's `responders`): whether the page reached someone, how old the last status update
// is, and whether that is older than the severity's update cadence promises stakeholders. Pure:
// every function takes `now`.
import type { Incident, Severity } from "../api/client";
import { minutesWords, spanWords } from "../durations";
import { isRunning } from "../lifecycle";

/** The incident's `paging` summary (how many pages, how many acknowledged, the oldest waiting). */
export type Paging = NonNullable<Incident["paging"]>;

/** A tone the dashboard colours by; the words always say the same, colour is never alone. */
export type Tone = "ok" | "warn" | "danger" | "neutral";

const MINUTE = 60_000;

const since = (at: string, now: Date) => now.getTime() - Date.parse(at);

/** Whether the page reached anyone: "Not paged", "Paged, waiting 4 min", "Paged, 1 of 2
 * acknowledged, waiting 4 min", "Paged, acknowledged", or "Paged, not acknowledged" when the pages
 * ended (escalation ran out, or they were stopped) without anyone answering. */
export function pagingWords(paging: Paging | null | undefined, now: Date): { text: string; tone: Tone } {
  if (!paging || paging.pages === 0) return { text: "Not paged", tone: "neutral" };
  const some = paging.acknowledged > 0 && paging.pages > 1 ? `${paging.acknowledged} of ${paging.pages} acknowledged, ` : "";
  if (paging.waiting_since) return { text: `Paged, ${some}waiting ${spanWords(since(paging.waiting_since, now))}`, tone: paging.acknowledged > 0 ? "warn" : "danger" };
  if (paging.acknowledged > 0) return { text: "Paged, acknowledged", tone: "ok" };
  return { text: "Paged, not acknowledged", tone: "danger" };
}

/** "Last update 47 min ago", "Last update just now", or "No update yet". */
export function lastUpdateWords(i: Pick<Incident, "last_update">, now: Date): string {
  if (!i.last_update) return "No update yet";
  const ms = since(i.last_update.at, now);
  return ms < MINUTE ? "Last update just now" : `Last update ${spanWords(ms)} ago`;
}

/** The severity's update cadence in minutes, or null when it expects none (or is unknown). */
export function cadenceOf(severity: string, severities: readonly Pick<Severity, "key" | "update_every_minutes">[]): number | null {
  return severities.find((s) => s.key === severity)?.update_every_minutes ?? null;
}

/** "No update for 47 min; SEV1 expects one every 30 min" when a running incident's last status
 * update (or, with none yet, its declaration) is older than its severity's cadence; null when it
 * is not overdue, expects nothing, or is no longer running. */
export function staleFlag(i: Pick<Incident, "status" | "severity" | "declared_at" | "last_update">, every: number | null, now: Date): string | null {
  if (every == null || every <= 0 || !isRunning(i.status)) return null;
  const ms = since(i.last_update?.at ?? i.declared_at, now);
  if (ms <= every * MINUTE) return null;
  const expects = `${i.severity} expects one every ${minutesWords(every)}`;
  return i.last_update ? `No update for ${spanWords(ms)}; ${expects}` : `No update in the ${spanWords(ms)} since it was declared; ${expects}`;
}
