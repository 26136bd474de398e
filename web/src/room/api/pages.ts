// Pages for an incident (people being woken), acknowledging them, and paging someone by hand.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, type RequestBody } from "../../api/client";
import { unwrap, unwrapResponse } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import { usePolicies } from "../../api/lists";
import type { PageItem } from "../pages";

const pagesKey = (ref: string) => incidentKeys.about(ref, "pages");

/** The incident's pages. `signature` changes whenever the timeline shows a page starting or being
 * acknowledged (pagesSignature), and a new signature asks again; the event stream and the
 * acknowledging hooks refresh it too. */
export function useIncidentPages(ref: string, signature: string) {
  return useQuery({
    queryKey: [...pagesKey(ref), signature],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/pages", { params: { path: { ref } }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** The names of the escalation policies `pages` follow (asked for only once a page follows one). */
export function usePolicyNames(pages: readonly PageItem[] | undefined): ReadonlyMap<number, string> {
  const list = usePolicies(!!pages?.some((p) => p.policy_id != null)).data;
  return useMemo(() => new Map((list ?? []).map((p) => [p.id, p.name])), [list]);
}

/** Acknowledges one page (`pageId`) or every open page of the incident (undefined). */
export function useAcknowledgePages(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pageId: number | undefined) =>
      pageId === undefined
        ? unwrap(api.POST("/api/v1/incidents/{ref}/acknowledge", { params: { path: { ref } } }))
        : unwrap(api.POST("/api/v1/incidents/{ref}/pages/{page_id}/acknowledge", { params: { path: { ref, page_id: pageId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pagesKey(ref) }),
  });
}

/** Pages a person or a team's on call. Resolves to the page and whether it is new (201) or one
 * already open for that target (200): nobody is paged twice. */
export function usePageSomeone(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: RequestBody<"page">) => {
      const { data, response } = await unwrapResponse(api.POST("/api/v1/incidents/{ref}/pages", { params: { path: { ref } }, body }));
      return { page: data, created: response.status === 201 };
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pagesKey(ref) }),
  });
}
