// An owner's subscriptions (yours or a team's) in the cache: the list, following something (or
// changing its channels) and unfollowing. Writes update the cached list with the server's answer.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { statusOf, unwrap } from "../../api/errors";
import type { Subscription } from "./subscriptions";
import type { SubscriptionOwner } from "./subscriptionOwners";

export function useSubscriptions(owner: SubscriptionOwner) {
  return useQuery({ queryKey: owner.key, queryFn: () => unwrap(owner.list()) });
}

/** Follows something; following it again changes its channels (the answer replaces the line). */
export function useSaveSubscription(owner: SubscriptionOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Parameters<SubscriptionOwner["save"]>[0]) => unwrap(owner.save(body)),
    onSuccess: (s) => queryClient.setQueryData(owner.key, (list: Subscription[] | undefined) => [...(list ?? []).filter((x) => x.id !== s.id && !(x.target === s.target && x.key === s.key)), s]),
  });
}

/** Unfollows. Gone already (removed in another tab) counts as done: the list only catches up. */
export function useRemoveSubscription(owner: SubscriptionOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => {
      try {
        await unwrap(owner.remove(id));
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
    },
    onSuccess: (_, id) => queryClient.setQueryData(owner.key, (list: Subscription[] | undefined) => list?.filter((x) => x.id !== id)),
  });
}
