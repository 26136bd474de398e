// An incident's whole event log, every page through the cursor walker: the room keeps it current
// from its stream, the postmortem quotes from it.
import { api } from "./client";
import { allItems } from "./cursor";
import { unwrap } from "./errors";
import type { TimelineEvent } from "../events";

export function fetchTimeline(reference: string, signal?: AbortSignal): Promise<TimelineEvent[]> {
  return allItems((after) => unwrap(api.GET("/api/v1/incidents/{ref}/timeline", { params: { path: { ref: reference }, query: { limit: 1000, ...(after ? { after } : {}) } }, signal })), signal);
}
