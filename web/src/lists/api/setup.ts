// What a new installation still lacks (GET /admin/setup), for the admin's first-run checklist.
// Asked again whenever the dashboard opens: the steps are done on other pages.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";

export const setupKey = ["admin", "setup"] as const;

/** Only admins may ask; others never do. */
export function useAdminSetup(enabled: boolean) {
  return useQuery({
    queryKey: setupKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/setup", { signal })),
    enabled,
  });
}
