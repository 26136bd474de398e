// What a new installation still lacks (GET /admin/setup): the admin's first-run checklist on the
// dashboard, and whether Slack is connected for the chat settings. Asked again whenever either
// opens: the steps are done on other pages.
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";

export const setupKey = ["admin", "setup"] as const;

/** Only admins may ask; others never do. */
export function useAdminSetup(enabled: boolean) {
  return useQuery({
    queryKey: setupKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/setup", { signal })),
    enabled,
  });
}
