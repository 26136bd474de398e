// Writing escalation policies. The list is shared (src/api/lists.ts: teams and the room read it);
// each write updates it with the answer and asks for it again (hand-overs may have changed).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";
import { listKeys, type Policy } from "../../api/lists";

/** Adds a policy (id null) or replaces policy `id`. */
export function useSavePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: RequestBody<"create_escalation_policy"> }) =>
      id === null ? unwrap(api.POST("/api/v1/escalation-policies", { body })) : unwrap(api.PUT("/api/v1/escalation-policies/{id}", { params: { path: { id } }, body })),
    onSuccess: (policy, { id }) => {
      queryClient.setQueryData(listKeys.policies, (list: Policy[] | undefined) => (id === null ? [...(list ?? []), policy] : (list ?? []).map((p) => (p.id === id ? policy : p))));
      void queryClient.invalidateQueries({ queryKey: listKeys.policies });
    },
  });
}

export function useDeletePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/escalation-policies/{id}", { params: { path: { id } } })),
    onSuccess: (_, id) => {
      queryClient.setQueryData(listKeys.policies, (list: Policy[] | undefined) => list?.filter((p) => p.id !== id));
      void queryClient.invalidateQueries({ queryKey: listKeys.policies });
    },
  });
}
