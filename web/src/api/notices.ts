// Problems only an admin can fix (a channel the server is not set up for), for the banner at the
// top of every page. Asked gently: once a minute while the tab is visible, and on coming back to
// it. Non-admins never ask (the server refuses them).
import { useQuery } from "@tanstack/react-query";
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
