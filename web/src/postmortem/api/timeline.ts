// The incident's timeline, for quoting events into the postmortem. Read on its own key: the
// room's cached timeline is the room's (kept by its stream); this one is read when the dialog
// opens and again if it is older than a minute.
import { useQuery } from "@tanstack/react-query";
import { incidentKeys } from "../../api/incidents";
import { fetchTimeline } from "../../api/timeline";

export function useTimelineEvents(ref: string, enabled: boolean) {
  return useQuery({
    queryKey: incidentKeys.about(ref, "postmortem-timeline"),
    queryFn: ({ signal }) => fetchTimeline(ref, signal),
    staleTime: 60_000,
    enabled,
  });
}
