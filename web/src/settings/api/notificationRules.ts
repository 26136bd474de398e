// The viewer's notification rules: which verified method, how long after a page starts, for which urgency.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";

const rulesKey = ["me", "notification-rules"] as const;

export function useNotificationRules() {
  return useQuery({ queryKey: rulesKey, queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/notification-rules", { signal })) });
}

export function useSaveNotificationRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"replace_notification_rules">) => unwrap(api.PUT("/api/v1/me/notification-rules", { body })),
    onSuccess: (saved) => queryClient.setQueryData(rulesKey, saved),
  });
}
