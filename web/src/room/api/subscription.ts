// Following an incident: whether the viewer is subscribed to its changes, and (un)subscribing.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import { SUBSCRIPTIONS_KEY } from "../../components/subscriptions/subscriptionOwners";

const subscriptionKey = (ref: string) => incidentKeys.about(ref, "subscription");

export function useIncidentSubscription(ref: string) {
  return useQuery({
    queryKey: subscriptionKey(ref),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/subscription", { params: { path: { ref } }, signal })),
  });
}

/** Subscribes (true) or unsubscribes (false); the answer replaces the cached state. Settings'
 * subscription list is asked again next time it shows. */
export function useSetIncidentSubscription(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (subscribe: boolean) =>
      subscribe ? unwrap(api.PUT("/api/v1/incidents/{ref}/subscription", { params: { path: { ref } } })) : unwrap(api.DELETE("/api/v1/incidents/{ref}/subscription", { params: { path: { ref } } })),
    onSuccess: (state) => {
      queryClient.setQueryData(subscriptionKey(ref), state);
      void queryClient.invalidateQueries({ queryKey: SUBSCRIPTIONS_KEY });
    },
  });
}
