// Who can see a private incident, letting someone in, and making the incident public or private.
// The list is asked again whenever the timeline shows a change to who may see it (the room's
// stream calls `refreshViewersAfter`), so every open room agrees with the server.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";
import { incidentKeys, rememberIncident } from "../../api/incidents";
import type { TimelineEvent } from "../../events";
import { changesAccess, type Viewers } from "../access";

const viewersKey = (ref: string) => incidentKeys.about(ref, "viewers");

/** Who can see the incident and why; asked only for a private incident (`enabled`). */
export function useViewers(ref: string, enabled: boolean) {
  return useQuery({
    queryKey: viewersKey(ref),
    queryFn: ({ signal }): Promise<Viewers> => unwrap(api.GET("/api/v1/incidents/{ref}/viewers", { params: { path: { ref } }, signal })),
    enabled,
  });
}

/** After streamed events: the list again if they may have changed who can see the incident. */
export function refreshViewersAfter(queryClient: QueryClient, ref: string, events: readonly TimelineEvent[]): void {
  if (changesAccess(events)) void queryClient.invalidateQueries({ queryKey: viewersKey(ref) });
}

/** Lets someone see the private incident; the answer is the list after it. */
export function useAddViewer(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"grant_access">): Promise<Viewers> => unwrap(api.POST("/api/v1/incidents/{ref}/viewers", { params: { path: { ref } }, body })),
    onSuccess: (viewers) => queryClient.setQueryData(viewersKey(ref), viewers),
  });
}

/** Makes the incident public or private, with the reason the timeline records. */
export function useSetVisibility(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { private: boolean; reason: string }) => unwrap(api.PATCH("/api/v1/incidents/{ref}", { params: { path: { ref } }, body })),
    onSuccess: (incident) => {
      rememberIncident(queryClient, incident);
      void queryClient.invalidateQueries({ queryKey: viewersKey(ref) });
    },
  });
}
