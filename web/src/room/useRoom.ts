// The room's data: the incident, its whole timeline, and the live stream that keeps both current.
import { useEffect, useState } from "react";
import { useIncident } from "../api/incidents";
import { useRoomStream } from "./api/roomStream";
import { useTimeline } from "./api/timeline";

export type { Connection } from "./api/roomStream";

export function useRoom(reference: string) {
  const incident = useIncident(reference);
  const timeline = useTimeline(reference);
  const connection = useRoomStream(reference, timeline.data !== undefined);
  return { incident, timeline, connection };
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
