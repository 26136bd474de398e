// Integrations (admins): the list, one integration, its recent requests, and the writes; a test
// alert; a generic webhook's mapping tried on a sample. Every write invalidates the list and the
// integration's own queries.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { ApiError, unwrap } from "../../api/errors";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Integration = Schemas["IntegrationDto"];
export type IntegrationRequest = Schemas["IntegrationRequest"];
export type SourceKind = Schemas["SourceKind"];
export type Mapping = Schemas["Mapping"];
export type PreviewAnswer = Schemas["MappingPreviewAnswer"];
export type InboxItem = Schemas["InboxItemDto"];
export type TestAlertAnswer = Schemas["TestAlertAnswer"];
/** A field and what is wrong with it, as the preview and problems name them. */
export type FieldError = Schemas["MappingFieldError"];

export const integrationKeys = {
  all: ["integrations"] as const,
  detail: (id: number) => ["integrations", id] as const,
  requests: (id: number) => ["integrations", id, "requests"] as const,
};

const path = (id: number) => ({ params: { path: { id } } });

export function useIntegrations(enabled = true) {
  return useQuery({ queryKey: integrationKeys.all, queryFn: ({ signal }) => unwrap(api.GET("/api/v1/integrations", { signal })), enabled });
}

export function useIntegration(id: number, enabled = true) {
  return useQuery({ queryKey: integrationKeys.detail(id), queryFn: ({ signal }) => unwrap(api.GET("/api/v1/integrations/{id}", { ...path(id), signal })), enabled });
}

/** Its recent requests, newest first; asked again every few seconds, as requests keep coming. */
export function useIntegrationRequests(id: number) {
  return useQuery({
    queryKey: integrationKeys.requests(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/integrations/{id}/requests", { ...path(id), signal })),
    refetchInterval: 5_000,
  });
}

const changed = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: integrationKeys.all });

export function useCreateIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"create_integration">) => unwrap(api.POST("/api/v1/integrations", { body })),
    onSuccess: (created) => {
      queryClient.setQueryData(integrationKeys.detail(created.id), created);
      return changed(queryClient);
    },
  });
}

export function useUpdateIntegration(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"update_integration">) => unwrap(api.PUT("/api/v1/integrations/{id}", { ...path(id), body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(integrationKeys.detail(id), saved);
      return changed(queryClient);
    },
  });
}

export function useDeleteIntegration(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/integrations/{id}", path(id))),
    // Only the list: the integration's own queries would answer 404 while its page is still open.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.all, exact: true }),
  });
}

/** Sends a test alert the whole way. The server answers a refusal (its mapping, say) as a 422
 * carrying the same answer, which is what the admin wants to read, so it resolves like an
 * acceptance; other failures throw. */
export function useTestIntegration(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<TestAlertAnswer> => {
      const answer = await api.POST("/api/v1/integrations/{id}/test", path(id)).catch((e: unknown) => {
        if (e instanceof DOMException && e.name === "AbortError") throw e;
        throw new ApiError(0, undefined);
      });
      if (answer.response.ok && answer.data) return answer.data;
      // A refusal of the test request itself (its mapping, say) is an answer, not an error.
      const refused = answer.error as Partial<TestAlertAnswer> | undefined;
      if (answer.response.status === 422 && typeof refused?.status === "string") return { dedup_key: refused.dedup_key ?? "", status: refused.status };
      throw new ApiError(answer.response.status, answer.error as never, answer.response.headers);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.requests(id) }),
  });
}

/** A mapping tried on a sample payload. */
export type MappingPreviewRequest = RequestBody<"preview_mapping">;

/** What a mapping makes of a sample payload. */
export function usePreviewMapping() {
  return useMutation({
    mutationFn: (body: MappingPreviewRequest): Promise<PreviewAnswer> => unwrap(api.POST("/api/v1/integrations/preview", { body })),
  });
}
