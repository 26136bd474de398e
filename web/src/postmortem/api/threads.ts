// Inline comment threads: listed, started on a selection, replied to, resolved. Each write asks
// the list (and the postmortem, whose open_threads counts them) again.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import type { components } from "../../api/schema";
import { postmortemKey, threadsKey } from "./postmortem";

/** An inline comment thread; `id` is what the document's `comment` mark carries as `threadId`. */
export type Thread = components["schemas"]["ThreadDto"];

export { threadsKey };

export function useThreads(ref: string) {
  return useQuery({
    queryKey: threadsKey(ref),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/postmortem/threads", { params: { path: { ref } }, signal })),
    // Others' comments arrive without a stream of their own: asked again while the page is open.
    refetchInterval: 30_000,
  });
}

function useThreadWrite<V, R>(ref: string, write: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: threadsKey(ref) });
      void queryClient.invalidateQueries({ queryKey: postmortemKey(ref) });
    },
  });
}

// The mark holds the thread's id as a string; the paths take the number it spells.
const threadPath = (ref: string, id: string) => ({ ref, id: Number(id) });

/** Starts a thread on a quote; answers the thread, whose id the comment mark then carries. */
export const useStartThread = (ref: string) =>
  useThreadWrite(ref, (v: { quote: string; body: string }) => unwrap(api.POST("/api/v1/incidents/{ref}/postmortem/threads", { params: { path: { ref } }, body: v })));

export const useReply = (ref: string) =>
  useThreadWrite(ref, ({ id, body }: { id: string; body: string }) => unwrap(api.POST("/api/v1/incidents/{ref}/postmortem/threads/{id}/replies", { params: { path: threadPath(ref, id) }, body: { body } })));

export const useResolve = (ref: string) =>
  useThreadWrite(ref, (id: string) => unwrap(api.POST("/api/v1/incidents/{ref}/postmortem/threads/{id}/resolve", { params: { path: threadPath(ref, id) }, body: { resolved: true } })));
