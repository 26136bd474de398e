// The company-wide event stream (/api/v1/events) feeding the cache. Pages that show incident lists
// subscribe with useLiveIncidents(); while any does, one EventSource is open for all of them, and
// each event invalidates the queries it may change: every incident list, and the incident it is
// about. Refetches are coalesced, so a busy incident costs a few requests a second at most. A
// `resync`, or a reconnection after a drop (events may have been missed), refreshes everything
// about incidents; a `revoked` event closes the stream and asks whether the session still holds.
// The room follows its own incident's stream (src/room/api/roomStream.ts) into the same cache.
// Follow-up events (added, changed) also ask the follow-up lists again (src/api/followUps.ts), so
// a page of follow-ups that follows this stream stays current too.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { SESSION_EXPIRED } from "./client";
import { coalesce, type Coalescer } from "./coalesce";
import { followUpIdOf, followUpKeys, invalidateFollowUps, isFollowUpEvent } from "./followUps";
import { incidentKeys } from "./incidents";
import { sessionKey } from "./session";

/** Refetches of lists start at most this often while events keep coming. */
export const LIVE_GAP_MS = 250;

interface Feed {
  subscribers: number;
  close: () => void;
}

const feeds = new WeakMap<QueryClient, Feed>();

/** Everything about incidents and their follow-ups, except timelines: those follow their room's
 * stream, which replays from its last event id, and refetching one mid-stream could drop what
 * streamed in meanwhile. */
const allButTimelines = {
  predicate: (q: { queryKey: readonly unknown[] }) => (q.queryKey[0] === incidentKeys.all[0] && q.queryKey[1] !== "timeline") || q.queryKey[0] === followUpKeys.all[0],
};

/** What a `revoked` event means for the app: the stream is over; if the session ended, the app
 * asks to sign in again; otherwise (a role changed, an incident became private) what is shown is
 * asked again under the new rights. Shared with the room's stream. */
export async function afterRevoked(queryClient: QueryClient): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: sessionKey });
  if (queryClient.getQueryData(sessionKey) === null) window.dispatchEvent(new Event(SESSION_EXPIRED));
  else await queryClient.invalidateQueries(allButTimelines);
}

function open(queryClient: QueryClient): Feed {
  const touched = new Set<string>();
  // Incidents whose follow-ups changed, and which follow-ups.
  const followUpRefs = new Set<string>();
  const followUpIds = new Set<number>();
  let everything = false;
  const refresh: Coalescer = coalesce(() => {
    const refs = [...touched];
    const all = everything;
    const followUps = { references: [...followUpRefs], ids: [...followUpIds] };
    touched.clear();
    followUpRefs.clear();
    followUpIds.clear();
    everything = false;
    if (all) return queryClient.invalidateQueries(allButTimelines);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: incidentKeys.lists }),
      ...refs.flatMap((ref) => [queryClient.invalidateQueries({ queryKey: incidentKeys.detail(ref) }), queryClient.invalidateQueries({ queryKey: incidentKeys.allAbout(ref) })]),
      ...(followUps.references.length ? [invalidateFollowUps(queryClient, followUps)] : []),
    ]);
  }, LIVE_GAP_MS);

  let source: EventSource | null = null;
  const connect = () => {
    const events = new EventSource("/api/v1/events");
    source = events;
    let dropped = false;
    events.onmessage = (m) => {
      try {
        const event = JSON.parse(m.data) as { reference?: unknown; kind?: unknown; id?: unknown; data?: unknown };
        const reference = event.reference;
        if (typeof reference === "string") {
          touched.add(reference);
          if (typeof event.kind === "string" && isFollowUpEvent(event.kind)) {
            followUpRefs.add(reference);
            const id = followUpIdOf({ id: Number(event.id), kind: event.kind, data: event.data });
            if (id !== null) followUpIds.add(id);
          }
        }
      } catch {
        // Not an event we can read: the lists are refreshed all the same.
      }
      refresh.trigger();
    };
    events.addEventListener("resync", () => {
      everything = true;
      refresh.trigger();
    });
    events.addEventListener("revoked", () => {
      events.close();
      source = null;
      void afterRevoked(queryClient).then(() => {
        // Still signed in and still followed: listen again under the new rights.
        if (feeds.get(queryClient) === feed && queryClient.getQueryData(sessionKey)) connect();
      });
    });
    events.onerror = () => {
      dropped = true;
    };
    events.onopen = () => {
      if (dropped) {
        everything = true;
        refresh.trigger();
      }
      dropped = false;
    };
  };
  const feed: Feed = {
    subscribers: 0,
    close: () => {
      refresh.stop();
      source?.close();
      source = null;
    },
  };
  connect();
  return feed;
}

/** Keeps incident queries current while the calling component is mounted. */
export function useLiveIncidents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const feed = feeds.get(queryClient) ?? open(queryClient);
    feeds.set(queryClient, feed);
    feed.subscribers++;
    return () => {
      feed.subscribers--;
      if (feed.subscribers > 0) return;
      feed.close();
      feeds.delete(queryClient);
    };
  }, [queryClient]);
}
