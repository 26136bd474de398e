// Problems only an admin can fix (a channel the server is not set up for), for the banner at the
// top of every page. Asked gently: once a minute while the tab is visible, and on coming back to
// it. Non-admins never ask (the server refuses them).
import { type QueryClient, useQuery } from "@tanstack/react-query";
import type { TimelineEvent } from "../events";
import { failedOnSetup } from "../notices";
import { api } from "./client";
import { unwrap } from "./errors";

export const adminNoticesKey = ["admin", "notices"] as const;

export function useAdminNotices(enabled: boolean) {
  return useQuery({
    queryKey: adminNoticesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/notices", { signal })),
    enabled,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}

/** Asks the notices again when the room saw a delivery fail on the server's setup (admins only:
 * for others the query is off and nothing is fetched). */
export function refreshNoticesAfter(queryClient: QueryClient, events: readonly TimelineEvent[]): void {
  if (failedOnSetup(events)) void queryClient.invalidateQueries({ queryKey: adminNoticesKey });
}
