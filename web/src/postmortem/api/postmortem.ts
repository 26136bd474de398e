// Moves to the generated client (src/api/schema.d.ts) once the server's OpenAPI has these endpoints.
// The postmortem of an incident (its state and whether the viewer may edit; the document itself
// syncs over its socket), opening it, and the contributing-factor taxonomy.
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import { pmApi } from "./client";

export const postmortemKey = (ref: string) => incidentKeys.about(ref, "postmortem");

export const postmortemQuery = (ref: string) =>
  queryOptions({
    queryKey: postmortemKey(ref),
    // A 404 (none yet) is an ApiError like any refusal; the page offers to start one.
    queryFn: ({ signal }) => unwrap(pmApi.GET("/api/v1/incidents/{ref}/postmortem", { params: { path: { ref } }, signal })),
  });

export const usePostmortem = (ref: string) => useQuery(postmortemQuery(ref));

/** Opens the postmortem (the server seeds its document); repeating it is harmless (200). */
export function useStartPostmortem(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(pmApi.POST("/api/v1/incidents/{ref}/postmortem", { params: { path: { ref } } })),
    onSuccess: (postmortem) => queryClient.setQueryData(postmortemKey(ref), postmortem),
  });
}

/** The taxonomy's category keys, in the order an older server would have them if it cannot say. */
export const DEFAULT_CATEGORIES = ["change", "capacity", "dependency", "detection", "process", "configuration", "security", "other"];

export function useFactorCategories() {
  return useQuery({
    queryKey: ["postmortem-factor-categories"],
    queryFn: async ({ signal }) => (await unwrap(pmApi.GET("/api/v1/postmortem-factor-categories", { signal }))).categories,
    staleTime: Infinity,
  });
}
