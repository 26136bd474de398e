// What the response to a declaration did beyond paging, in words for the top of the room: who
// was informed (told by email, not woken), and which rules matched but could not act. Read from
// the timeline's `informed` and `response_gap` events, so it is current as soon as they stream in.
import type { ResponseGap, TimelineEvent } from "../events";

/** One `informed` event in a few words: "Lena Legal, Peter PR (team Legal by rule: Security incidents)". */
export function informedPhrases(events: readonly TimelineEvent[], names: ReadonlyMap<number, string>): string[] {
  const phrases: string[] = [];
  for (const e of events) {
    if ((e.kind as string) !== "informed") continue;
    const data = e.data as { user_ids?: unknown; reason?: unknown };
    const ids = Array.isArray(data.user_ids) ? data.user_ids.map(Number) : [];
    if (!ids.length) continue;
    const who = ids.map((id) => names.get(id) ?? `user #${id}`).join(", ");
    phrases.push(typeof data.reason === "string" && data.reason.trim() ? `${who} (${data.reason.trim()})` : who);
  }
  return phrases;
}

/** The rules that could not act, once each (a rule evaluated again on a change may report the
 * same gap twice), in the order they were found. */
export function responseGaps(events: readonly TimelineEvent[]): ResponseGap[] {
  const seen = new Set<string>();
  const gaps: ResponseGap[] = [];
  for (const e of events) {
    if ((e.kind as string) !== "response_gap") continue;
    const gap = e.data as unknown as ResponseGap;
    const key = JSON.stringify([gap.rule ?? null, gap.action, gap.target, gap.problem]);
    if (seen.has(key)) continue;
    seen.add(key);
    gaps.push(gap);
  }
  return gaps;
}

/** Where an admin fixes a gap: a missing or unstaffed team on the Teams page, the incident-manager
 * schedule on the On-call page. */
export function gapFix(gap: ResponseGap): { to: string; label: string } {
  if (!gap.rule) return { to: "/oncall", label: "Open On-call" };
  if (/no team of that name/i.test(gap.problem)) return { to: "/teams", label: `Create the ${gap.target} team` };
  return { to: "/teams", label: `Set up ${gap.target} in Teams` };
}

/** The line said when no page went out: never only "nobody" when a rule meant to page someone;
 * the rules that could not follow it, one sentence each. */
export function nobodyPagedLine(gaps: readonly ResponseGap[]): string {
  return gaps.some((g) => g.action === "page") ? "Nobody has been paged, because:" : "Nobody has been paged.";
}

