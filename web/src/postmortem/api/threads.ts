// Moves to the generated client (src/api/schema.d.ts) once the server's OpenAPI has these endpoints.
// Inline comment threads: listed, started on a selection, replied to, resolved. Each write asks
// the list (and the postmortem, whose open_threads counts them) again.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import { pmApi } from "./client";
import { postmortemKey } from "./postmortem";

export const threadsKey = (ref: string) => incidentKeys.about(ref, "postmortem-threads");

export function useThreads(ref: string) {
  return useQuery({
    queryKey: threadsKey(ref),
    queryFn: ({ signal }) => unwrap(pmApi.GET("/api/v1/incidents/{ref}/postmortem/threads", { params: { path: { ref } }, signal })),
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

/** Starts a thread on a quote; answers the thread, whose id the comment mark then carries. */
export const useStartThread = (ref: string) =>
  useThreadWrite(ref, (v: { quote: string; body: string }) => unwrap(pmApi.POST("/api/v1/incidents/{ref}/postmortem/threads", { params: { path: { ref } }, body: v })));

export const useReply = (ref: string) =>
  useThreadWrite(ref, ({ id, body }: { id: string; body: string }) => unwrap(pmApi.POST("/api/v1/incidents/{ref}/postmortem/threads/{id}/replies", { params: { path: { ref, id } }, body: { body } })));

export const useResolve = (ref: string) =>
  useThreadWrite(ref, (id: string) => unwrap(pmApi.POST("/api/v1/incidents/{ref}/postmortem/threads/{id}/resolve", { params: { path: { ref, id } }, body: { resolved: true } })));
