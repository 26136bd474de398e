// An incident's whole event log, read once (every page, through the cursor walker) and then kept
// current by the room's stream and by the room's own writes, never by refetching: a refetch
// mid-stream could drop events that streamed in meanwhile.
import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { incidentKeys, rememberIncident, type Change } from "../../api/incidents";
import { fetchTimeline } from "../../api/timeline";
import { mergeEvents, type TimelineEvent } from "../../events";
import { foldComments, type FoldedComments } from "../comments";

/** The events in id order, and their comments with edits and deletions folded in. */
export interface Timeline {
  events: TimelineEvent[];
  comments: FoldedComments;
}

export const timelineQuery = (reference: string) =>
  queryOptions({
    queryKey: incidentKeys.timeline(reference),
    queryFn: async ({ signal }): Promise<Timeline> => {
      const events = await fetchTimeline(reference, signal);
      return { events, comments: foldComments(events) };
    },
    // Coming back to a room within the cache's lifetime shows what was known at once; the
    // stream then replays what happened meanwhile from the last event's id.
    staleTime: Infinity,
  });

export const useTimeline = (reference: string) => useQuery(timelineQuery(reference));

/** Adds events not seen yet. Folding next to merging lets unchanged comments keep their objects
 * from the previous fold, so rows memoized on them do not render again. */
export function mergeTimeline(known: Timeline, incoming: TimelineEvent[]): Timeline {
  const events = mergeEvents(known.events, incoming);
  return events === known.events ? known : { events, comments: foldComments(events, known.comments) };
}

/** Streamed or written events into the cached timeline (if the room has loaded it). */
export function appendToTimeline(queryClient: QueryClient, reference: string, events: TimelineEvent[]): void {
  if (events.length) queryClient.setQueryData(incidentKeys.timeline(reference), (known: Timeline | undefined) => (known ? mergeTimeline(known, events) : known));
}

/** A write's answer, shown at once without waiting for the stream to echo it: the incident
 * everywhere it is cached (lists included), its events in the timeline. */
export function applyChange(queryClient: QueryClient, change: Change): void {
  rememberIncident(queryClient, change.incident);
  appendToTimeline(queryClient, change.incident.reference, change.events);
}
