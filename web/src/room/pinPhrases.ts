// Which event each pin and unpin in the timeline is about, in a few words. Rows are memoized on
// one shared context, so the phrases come as one map whose identity changes only when a phrase
// does (a pin, or an edit to a pinned comment), not with every event that arrives.
import { useMemo } from "react";
import { describeEvent, pinnedPhrase, type TimelineEvent } from "../events";
import { plainExcerpt } from "../excerpt";
import type { FoldedComments } from "./comments";

const excerpt = (body: string) => plainExcerpt(body, 60);

/** [event id, phrase] for every event a pin or unpin in `events` names. Pure, tested beside. */
export function pinPhraseEntries(
  events: readonly TimelineEvent[],
  byId: ReadonlyMap<number, TimelineEvent>,
  comments: FoldedComments,
  names: ReadonlyMap<number, string>,
  roleNames: ReadonlyMap<string, string>,
  serviceNames: ReadonlyMap<number, string>,
): [number, string][] {
  const out: [number, string][] = [];
  const seen = new Set<number>();
  for (const e of events) {
    if (e.kind !== "pinned" && e.kind !== "unpinned") continue;
    const id = Number((e.data as { event_id?: unknown }).event_id);
    const target = byId.get(id);
    if (!target || seen.has(id)) continue;
    seen.add(id);
    const comment = comments.comments.get(id);
    const body = comment ? (comment.deleted ? null : comment.body) : target.kind === "status_update" ? String((target.data as { body?: unknown }).body ?? "") : null;
    out.push([id, pinnedPhrase(target, describeEvent(target, names, roleNames, serviceNames), body, excerpt)]);
  }
  return out;
}

/** The phrases as a map, the same object for as long as they read the same. */
export function usePinPhrases(...args: Parameters<typeof pinPhraseEntries>): ReadonlyMap<number, string> {
  const key = JSON.stringify(pinPhraseEntries(...args));
  return useMemo(() => new Map(JSON.parse(key) as [number, string][]), [key]);
}
