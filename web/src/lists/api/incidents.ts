// The incident lists: what the dashboard shows, and the filtered, paged list of the incidents page
// and the tag views. Both live under incidentKeys.lists, so writes and the event stream refresh them.
import { useQuery } from "@tanstack/react-query";
import { api, type Incident } from "../../api/client";
import { usePagedList } from "../../api/cursor";
import { unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import type { IncidentQuery } from "../filters";
import { recentlyResolved } from "../summary";

export interface DashboardLists {
  open: Incident[];
  resolved: Incident[];
}

/** Every open incident, and the latest resolutions. */
export function useDashboardIncidents() {
  return useQuery({
    queryKey: incidentKeys.list("dashboard"),
    queryFn: async ({ signal }): Promise<DashboardLists> => {
      const [open, resolved] = await Promise.all([
        unwrap(api.GET("/api/v1/incidents", { params: { query: { status: "open", limit: 200 } }, signal })),
        // Newest declared first; a long incident resolved today may be older, so take a wide page.
        unwrap(api.GET("/api/v1/incidents", { params: { query: { status: "resolved,closed", limit: 50 } }, signal })),
      ]);
      return { open: open.items, resolved: recentlyResolved(resolved.items, 5) };
    },
  });
}

/** Incidents matching `query`, newest first, a page at a time. While other filters load, the
 * previous results stay on screen (marked stale) rather than flashing empty. */
export function useIncidentSearch(query: IncidentQuery, pageSize: number) {
  return usePagedList({
    queryKey: incidentKeys.list("search", query),
    fetchPage: (cursor, signal) => unwrap(api.GET("/api/v1/incidents", { params: { query: { ...query, limit: pageSize, ...(cursor ? { cursor } : {}) } }, signal })),
    keepPrevious: true,
  });
}
