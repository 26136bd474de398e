// Alerts in (issue 16): the types every alert view reads, and the one read two features share:
// the alert groups on an incident (the room's Alerts panel; the Alerts page links to them). The
// Alerts page's own lists and the integrations (admins) live in src/alerts/api.
import { useQuery, type QueryClient } from "@tanstack/react-query";
import type { TimelineEvent } from "../events";
import { api } from "./client";
import { unwrap } from "./errors";
import { incidentKeys } from "./incidents";
import type { components } from "./schema";

type Schemas = components["schemas"];
export type AlertGroup = Schemas["AlertGroupDto"];
export type AlertGroupDetail = Schemas["AlertGroupDetail"];
export type Alert = Schemas["AlertDto"];

export const incidentAlertKeys = {
  /** Under the incident's "about" keys, so the company-wide stream's events about the incident
   * (src/api/live.ts) and a resync ask it again with everything else about the incident. */
  groups: (reference: string) => incidentKeys.about(reference, "alert-groups"),
};

/** The alert groups on an incident: those that opened it or joined it. */
export function useIncidentAlertGroups(reference: string) {
  return useQuery({
    queryKey: incidentAlertKeys.groups(reference),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/alert-groups", { params: { path: { ref: reference } }, signal })),
  });
}

/** After events streamed into the room: the groups again when an alert event came (a group
 * attached, an alert joined, a group resolved); the room's stream calls this once per burst. */
export function refreshAlertGroupsAfter(queryClient: QueryClient, reference: string, events: readonly TimelineEvent[]): void {
  if (!events.some((e) => (e.kind as string) === "alert")) return;
  void queryClient.invalidateQueries({ queryKey: incidentAlertKeys.groups(reference) });
}
