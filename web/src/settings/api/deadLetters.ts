// Deliveries that failed for good (admins): a page at a time, newest first, and retrying one.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { usePagedList } from "../../api/cursor";
import { unwrap } from "../../api/errors";

const deadLettersKey = ["admin", "dead-letters"] as const;

export function useDeadLetters() {
  return usePagedList({
    queryKey: deadLettersKey,
    fetchPage: (cursor, signal) => unwrap(api.GET("/api/v1/admin/dead-letters", { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } }, signal })),
  });
}

/** Queues the delivery again; the list is asked again whatever the outcome (a retried job leaves
 * it, one already retried or gone is no longer there). */
export function useRetryDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST("/api/v1/admin/dead-letters/{id}/retry", { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: deadLettersKey }),
  });
}
