// The learning flow (issue 14): which steps an incident owes after it is resolved (the policy
// settings edit), one incident's checklist (the room), what is overdue (the dashboard), and the
// participants' feedback (the room asks, the Teams page sums it up). Shared here because the
// room, settings, teams and the dashboard all read it.
//
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { TimelineEvent } from "../events";
import { api } from "./client";
import { unwrap } from "./errors";
import { incidentKeys } from "./incidents";
import type { components } from "./schema";

type Schemas = components["schemas"];
export type Step = Schemas["Step"];
export type PolicyStep = Schemas["StepRule"];
export type LearningRule = Schemas["LearningRule"];
export type LearningPolicy = Schemas["LearningPolicyDto"];
export type Person = Schemas["OwnerDto"];
export type ChecklistStep = Schemas["StepDto"];
export type Checklist = Schemas["ChecklistDto"];
export type Waiver = Schemas["WaiverDto"];
export type WaiverRequest = Schemas["WaiverRequest"];
export type DueStep = Schemas["DueStepDto"];
export type DueFollowUp = Schemas["DueFollowUpDto"];
export type TeamRef = Schemas["TeamRefDto"];
export type LearningDue = Schemas["LearningDueDto"];
export type FeedbackRequest = Schemas["FeedbackRequest"];
export type Feedback = Schemas["FeedbackDto"];
export type TeamFeedback = Schemas["TeamFeedbackDto"];
export type FeedbackSummary = Schemas["FeedbackSummaryDto"];
const client = api;

export const learningKeys = {
  policy: ["learning-policy"] as const,
  /** Under the incident's "about" keys, so the company-wide stream's events about the incident
   * (src/api/live.ts) and a resync ask it again with everything else about the incident. */
  checklist: (reference: string) => incidentKeys.about(reference, "learning"),
  /** Not under the incident's keys: only the caller changes it, so incident events need not ask it again. */
  feedback: (reference: string) => ["learning", "mine", reference] as const,
  /** Among the incident lists: every incident event (either stream) asks the lists again, and
   * any of them may finish a step or a follow-up. Its rows are not incidents, so the lists'
   * patching (src/api/incidents.ts) leaves them alone. */
  due: incidentKeys.list("learning-due"),
  summary: ["learning", "feedback"] as const,
};

export function useLearningPolicy() {
  return useQuery({
    queryKey: learningKeys.policy,
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/learning-policy", { signal })),
  });
}

/** Replaces the policy (admins). A 422 names fields as `rules[0].steps[1].owner_role`. */
export function useSaveLearningPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LearningPolicy) => unwrap(client.PUT("/api/v1/learning-policy", { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(learningKeys.policy, saved);
      // Open incidents' checklists and what is due follow the new policy.
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all, predicate: (q) => q.queryKey[1] === "about" && q.queryKey[3] === "learning" });
      void queryClient.invalidateQueries({ queryKey: learningKeys.due });
    },
  });
}

/** One incident's checklist. Kept current by the incident's events: the room's stream asks it
 * again after each burst (`refreshChecklistAfter`), the company-wide stream through its key. */
export function useChecklist(reference: string, enabled = true) {
  return useQuery({
    queryKey: learningKeys.checklist(reference),
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/incidents/{ref}/learning", { params: { path: { ref: reference } }, signal })),
    enabled,
  });
}

/** After events streamed into the room: the checklist again. Almost any event may move it (a
 * postmortem published, a follow-up committed, a waiver, the status), so any event does; the
 * room's stream calls this once per burst, not per event. */
export function refreshChecklistAfter(queryClient: QueryClient, reference: string, events: readonly TimelineEvent[]): void {
  if (!events.length) return;
  void queryClient.invalidateQueries({ queryKey: learningKeys.checklist(reference) });
}

function useChecklistWrite<V>(reference: string, call: (v: V) => Promise<Checklist>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (checklist) => {
      queryClient.setQueryData(learningKeys.checklist(reference), checklist);
      void queryClient.invalidateQueries({ queryKey: learningKeys.due });
    },
  });
}

/** Waives an open step with a reason (admins). 409: already done or waived; 422: `step`, `reason`. */
export function useWaiveStep(reference: string) {
  return useChecklistWrite(reference, (body: WaiverRequest) => unwrap(client.POST("/api/v1/incidents/{ref}/learning/waivers", { params: { path: { ref: reference } }, body })));
}

/** Records that the review meeting was held (members, admins). 409 when already recorded. */
export function useRecordMeeting(reference: string) {
  return useChecklistWrite(reference, () => unwrap(client.POST("/api/v1/incidents/{ref}/learning/meeting", { params: { path: { ref: reference } } })));
}

/** What is overdue, per team, among the incidents the caller may see (the dashboard). */
export function useLearningDue() {
  return useQuery({
    queryKey: learningKeys.due,
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/learning/due", { signal })),
    // Days pass without events: coming back to the dashboard asks again.
    refetchOnWindowFocus: true,
  });
}

/** The caller's own answer about an incident: null when not answered yet (404). A 403 (the
 * caller took no part) stays an error, which the card reads as "not for you". */
export function useFeedback(reference: string, enabled = true) {
  return useQuery({
    queryKey: learningKeys.feedback(reference),
    queryFn: async ({ signal }): Promise<Feedback | null> => {
      try {
        return await unwrap(client.GET("/api/v1/incidents/{ref}/feedback/mine", { params: { path: { ref: reference } }, signal }));
      } catch (e) {
        if ((e as { status?: number }).status === 404) return null;
        throw e;
      }
    },
    enabled,
    // Only the caller changes it, through useSubmitFeedback.
    staleTime: Infinity,
  });
}

/** Sends (or replaces) the caller's answer. */
export function useSubmitFeedback(reference: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FeedbackRequest) => unwrap(client.POST("/api/v1/incidents/{ref}/feedback", { params: { path: { ref: reference } }, body })),
    onSuccess: (mine) => {
      queryClient.setQueryData(learningKeys.feedback(reference), mine);
      void queryClient.invalidateQueries({ queryKey: learningKeys.summary });
    },
  });
}

/** The answers per team, never with names (members, admins). */
export function useFeedbackSummary(enabled = true) {
  return useQuery({
    queryKey: learningKeys.summary,
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/learning/feedback", { signal })),
    enabled,
  });
}
