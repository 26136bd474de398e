// The postmortem of an incident (its state and whether the viewer may edit; the document itself
// syncs over its socket), opening it, and the moves of its review.
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import type { components } from "../../api/schema";

export type Postmortem = components["schemas"]["PostmortemDto"];
export type Reviewer = components["schemas"]["ReviewerDto"];
export type ReviewRequest = components["schemas"]["ReviewRequest"];
export type ReviewAction = ReviewRequest["action"];

export const postmortemKey = (ref: string) => incidentKeys.about(ref, "postmortem");
/** Its comment threads (read in threads.ts). */
export const threadsKey = (ref: string) => incidentKeys.about(ref, "postmortem-threads");
/** Every list of postmortems, whatever its filter: among the incident lists, so the live event
 * feed refreshes them when an incident (its postmortem's review included) changes. */
export const postmortemListsKey = [...incidentKeys.lists, "postmortems"] as const;

export const postmortemQuery = (ref: string) =>
  queryOptions({
    queryKey: postmortemKey(ref),
    // A 404 (none yet) is an ApiError like any refusal; the page offers to start one.
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/postmortem", { params: { path: { ref } }, signal })),
  });

export const usePostmortem = (ref: string) => useQuery(postmortemQuery(ref));

/** Opens the postmortem (the server seeds its document); repeating it is harmless (200). */
export function useStartPostmortem(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/incidents/{ref}/postmortem", { params: { path: { ref } } })),
    onSuccess: (postmortem) => {
      queryClient.setQueryData(postmortemKey(ref), postmortem);
      void queryClient.invalidateQueries({ queryKey: postmortemListsKey });
    },
  });
}

/** A move in the review (request_review with its reviewers, approve, request_changes, publish,
 * amend). The answer is shown at once, then the postmortem is asked again (a move changes who
 * may edit, so the editor reopens), with its versions and the lists that show its state. */
export function useReview(ref: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewRequest) => unwrap(api.POST("/api/v1/incidents/{ref}/postmortem/review", { params: { path: { ref } }, body })),
    onSuccess: (postmortem) => {
      queryClient.setQueryData(postmortemKey(ref), postmortem);
      void queryClient.invalidateQueries({ queryKey: postmortemKey(ref) });
      void queryClient.invalidateQueries({ queryKey: incidentKeys.about(ref, "postmortem-versions") });
      void queryClient.invalidateQueries({ queryKey: postmortemListsKey });
    },
    // A refusal may come from a state this page has not seen yet (someone else moved it, or
    // commented): what the page shows is asked again, the comments panel included.
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: postmortemKey(ref) });
      void queryClient.invalidateQueries({ queryKey: threadsKey(ref) });
    },
  });
}

/** The taxonomy's category keys, in the order an older server would have them if it cannot say. */
export const DEFAULT_CATEGORIES = ["change", "capacity", "dependency", "detection", "process", "configuration", "security", "other"];
