// Response rules (who is pulled in when an incident is declared), their preview, and the incident
// manager on call setting. Admins only.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { statusOf, unwrap } from "../../api/errors";
import { fetchResponseRules, responseRulesKey } from "../../api/responseRules";
import type { ResponseRule } from "../rules";

const rulesKey = responseRulesKey;
const incidentManagerKey = ["settings", "incident-manager"] as const;

export function useResponseRules() {
  return useQuery({
    queryKey: rulesKey,
    // The generated type is looser than the rule the editor works with (rules.ts).
    queryFn: async ({ signal }) => (await fetchResponseRules(signal)) as unknown as ResponseRule[],
  });
}

type RuleBody = RequestBody<"create_response_rule">;

/** Adds a rule (id null: last in order) or replaces rule `id`; the answer replaces it in the list. */
export function useSaveResponseRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: number | null; body: RuleBody }) =>
      (id === null ? await unwrap(api.POST("/api/v1/response-rules", { body })) : await unwrap(api.PUT("/api/v1/response-rules/{id}", { params: { path: { id } }, body }))) as unknown as ResponseRule,
    onSuccess: (rule, { id }) =>
      queryClient.setQueryData(rulesKey, (rules: ResponseRule[] | undefined) => (id === null ? [...(rules ?? []), rule] : (rules ?? []).map((r) => (r.id === id ? rule : r)))),
  });
}

export function useDeleteResponseRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/response-rules/{id}", { params: { path: { id } } })),
    onSuccess: (_, id) => queryClient.setQueryData(rulesKey, (rules: ResponseRule[] | undefined) => rules?.filter((r) => r.id !== id)),
  });
}

/** What declaring this would do: asks, changes nothing. */
export function usePreviewResponse() {
  return useMutation({ mutationFn: (body: RequestBody<"preview_response">) => unwrap(api.POST("/api/v1/response-rules/preview", { body })) });
}

/** The incident manager on call setting; null when Goldseam assigns none (the server answers 404). */
export function useIncidentManagerSetting() {
  return useQuery({
    queryKey: incidentManagerKey,
    queryFn: async ({ signal }) => {
      try {
        return await unwrap(api.GET("/api/v1/settings/incident-manager", { signal }));
      } catch (e) {
        if (statusOf(e) === 404) return null;
        throw e;
      }
    },
  });
}

export function useSaveIncidentManager() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"set_incident_manager">) => unwrap(api.PUT("/api/v1/settings/incident-manager", { body })),
    onSuccess: (setting) => queryClient.setQueryData(incidentManagerKey, setting),
  });
}

export function useClearIncidentManager() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/settings/incident-manager")),
    onSuccess: () => queryClient.setQueryData(incidentManagerKey, null),
  });
}
