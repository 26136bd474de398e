// The room's live stream: one incident's events, from the last one the room has. Events land in
// the cached timeline in small batches; after a batch the incident is asked again (its status,
// roles and pins are a projection of the events), which also brings every cached list holding
// it up to date (src/api/incidents.ts) and marks the lists stale: what the room sees, the
// dashboard shows. The browser resumes a dropped stream with Last-Event-ID by itself.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { refreshAlertGroupsAfter } from "../../api/alerts";
import { refreshFollowUpsAfter } from "../../api/followUps";
import { incidentKeys } from "../../api/incidents";
import { refreshChecklistAfter } from "../../api/learning";
import { afterRevoked } from "../../api/live";
import { refreshNoticesAfter } from "../../api/notices";
import type { TimelineEvent } from "../../events";
import { appendToTimeline, type Timeline } from "./timeline";
import { refreshViewersAfter } from "./viewers";

export type Connection = "connecting" | "live" | "reconnecting";

/** Events arriving within this many milliseconds render together. */
export const BATCH_MS = 30;
/** The incident is asked again this long after the last batch: once per burst, not per event. */
export const REFRESH_MS = 150;

/** Follows the incident's stream once its timeline is loaded (`ready`). */
export function useRoomStream(reference: string, ready: boolean): Connection {
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<Connection>("connecting");

  useEffect(() => {
    if (!ready) return;
    let incoming: TimelineEvent[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshIncident = () => {
      void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(reference) });
      void queryClient.invalidateQueries({ queryKey: incidentKeys.lists });
    };
    // A burst of events (a script posting, a catch-up after a drop) renders and refetches the
    // incident once, not once per event.
    const flush = () => {
      flushTimer = undefined;
      const batch = incoming;
      incoming = [];
      appendToTimeline(queryClient, reference, batch);
      // Someone let in, the incident made public or private, someone paged: who can see it changed.
      refreshViewersAfter(queryClient, reference, batch);
      // A message that could not go out on the server's setup: the admin banner says it now.
      refreshNoticesAfter(queryClient, batch);
      // A follow-up added or changed (here, on the follow-ups page, in the postmortem): the panel again.
      refreshFollowUpsAfter(queryClient, reference, batch);
      // A step done (published, committed, distributed), waived, or the incident resolved: the checklist again.
      refreshChecklistAfter(queryClient, reference, batch);
      // A group attached, an alert joined, a group resolved: the Alerts panel again.
      refreshAlertGroupsAfter(queryClient, reference, batch);
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refreshIncident, REFRESH_MS);
    };
    // Resume after what is loaded (or was cached from an earlier visit).
    const known = queryClient.getQueryData<Timeline>(incidentKeys.timeline(reference));
    const last = known?.events.at(-1)?.id ?? 0;
    const stream = new EventSource(`/api/v1/incidents/${reference}/events?last_event_id=${last}`);
    stream.onopen = () => setConnection("live");
    stream.onerror = () => setConnection("reconnecting");
    stream.onmessage = (m) => {
      incoming.push(JSON.parse(m.data) as TimelineEvent);
      flushTimer ??= setTimeout(flush, BATCH_MS);
    };
    // Access ended (the incident became private, the session ended): no reconnecting; the
    // incident asked again answers what this user may now see.
    stream.addEventListener("revoked", () => {
      stream.close();
      setConnection("reconnecting");
      void afterRevoked(queryClient);
    });
    return () => {
      stream.close();
      clearTimeout(flushTimer);
      clearTimeout(refreshTimer);
    };
  }, [reference, ready, queryClient]);

  return connection;
}
