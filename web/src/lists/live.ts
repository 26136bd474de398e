// Pages that show incident data follow the company-wide event stream and refetch on changes,
// coalesced so a busy incident costs a few requests a second at most.
import { useEffect, useRef, useState } from "react";
import { coalesce } from "./coalesce";

/** Calls `refresh` (coalesced) whenever the event stream reports a change, a resync, or a
 * reconnection after a drop (events may have been missed meanwhile). */
export function useLiveRefresh(refresh: () => Promise<unknown>) {
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });
  useEffect(() => {
    const refetch = coalesce(() => latest.current(), 250);
    const events = new EventSource("/api/v1/events");
    let dropped = false;
    events.onmessage = () => refetch.trigger();
    events.addEventListener("resync", () => refetch.trigger());
    events.onerror = () => {
      dropped = true;
    };
    events.onopen = () => {
      if (dropped) refetch.trigger();
      dropped = false;
    };
    return () => {
      refetch.stop();
      events.close();
    };
  }, []);
}

/** Re-renders every `ms` so "declared 3m ago" keeps counting. */
export function useTick(ms: number) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
}
