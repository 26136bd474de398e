// The room's data: the incident, its whole timeline, and the live stream that keeps both current.
import { useCallback, useEffect, useState } from "react";
import { api, describeProblem, type Incident } from "../api/client";
import { mergeEvents, type TimelineEvent } from "../events";
import { foldComments, NO_COMMENTS, type FoldedComments } from "./comments";

export type Connection = "connecting" | "live" | "reconnecting";

/** What a write answers: the incident after it and the events it appended. */
export interface Change {
  incident: Incident;
  events: TimelineEvent[];
}

export function isChange(data: unknown): data is Change {
  return typeof data === "object" && data !== null && "incident" in data && "events" in data;
}

export interface Room {
  incident: Incident | null;
  events: TimelineEvent[];
  /** Comments with their edits and deletions folded in. */
  comments: FoldedComments;
  connection: Connection;
  /** Why the incident could not be loaded (missing, or not visible to this user). */
  missing: string | null;
  /** Shows a write's outcome at once, without waiting for the stream to echo it. */
  apply: (change: Change) => void;
}

async function loadTimeline(reference: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const { data } = await api.GET("/api/v1/incidents/{ref}/timeline", { params: { path: { ref: reference }, query: { limit: 1000, ...(after ? { after } : {}) } } });
    if (!data) break;
    events.push(...data.items);
    if (!data.next_cursor || data.items.length === 0) break;
    after = data.next_cursor;
  }
  return events;
}

export function useRoom(reference: string): Room {
  const [incident, setIncident] = useState<Incident | null>(null);
  const [timeline, setTimeline] = useState<{ events: TimelineEvent[]; comments: FoldedComments }>({ events: [], comments: NO_COMMENTS });
  // Folding next to merging lets unchanged comments keep their objects from the previous fold.
  const setEvents = useCallback(
    (incoming: TimelineEvent[]) =>
      setTimeline((known) => {
        const events = mergeEvents(known.events, incoming);
        return events === known.events ? known : { events, comments: foldComments(events, known.comments) };
      }),
    [],
  );
  const [connection, setConnection] = useState<Connection>("connecting");
  const [missing, setMissing] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let stream: EventSource | null = null;
    let incoming: TimelineEvent[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshIncident = () =>
      api.GET("/api/v1/incidents/{ref}", { params: { path: { ref: reference } } }).then(({ data, error }) => {
        if (!live) return;
        if (data) setIncident((known) => (known && known.last_seq > data.last_seq ? known : data));
        else setMissing(describeProblem(error));
      });
    // A burst of events (a script posting, a catch-up after a drop) renders and refetches the
    // incident once, not once per event.
    const flush = () => {
      flushTimer = undefined;
      const batch = incoming;
      incoming = [];
      setEvents(batch);
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refreshIncident, 150);
    };
    Promise.all([refreshIncident(), loadTimeline(reference)]).then(([, loaded]) => {
      if (!live) return;
      setEvents(loaded);
      const last = loaded.length ? loaded[loaded.length - 1].id : 0;
      // Resume after what was loaded; the browser sends Last-Event-ID itself on reconnects.
      stream = new EventSource(`/api/v1/incidents/${reference}/events?last_event_id=${last}`);
      stream.onopen = () => setConnection("live");
      stream.onerror = () => setConnection("reconnecting");
      stream.onmessage = (m) => {
        incoming.push(JSON.parse(m.data) as TimelineEvent);
        flushTimer ??= setTimeout(flush, 30);
      };
    });
    return () => {
      live = false;
      stream?.close();
      clearTimeout(flushTimer);
      clearTimeout(refreshTimer);
    };
  }, [reference, setEvents]);

  const apply = useCallback(
    (change: Change) => {
      setIncident((known) => (known && known.last_seq > change.incident.last_seq ? known : change.incident));
      setEvents(change.events);
    },
    [setEvents],
  );

  return { incident, events: timeline.events, comments: timeline.comments, connection, missing, apply };
}

/** The current time, updated every `ms`: for "open for 2h 5m" and day changes. */
export function useNow(ms = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
