// The learning flow (issue 14): which steps an incident owes after it is resolved (the policy
// settings edit), one incident's checklist (the room), what is overdue (the dashboard), and the
// participants' feedback (the room asks, the Teams page sums it up). Shared here because the
// room, settings, teams and the dashboard all read it.
//
// HAND-WRITTEN TYPES: the generated client (schema.d.ts) does not have these endpoints yet. The
// shapes below are /work/contract/learning.md's, written as the path entries openapi-typescript
// generates, so the calls read exactly as they will against the generated `paths`. Once
// `npm run api` has them: delete everything between the two HAND-WRITTEN markers, take the types
// from `components["schemas"]`, and call `api` instead of `client`.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { Client } from "openapi-fetch";
import type { TimelineEvent } from "../events";
import { api, type Problem } from "./client";
import { unwrap } from "./errors";
import { incidentKeys } from "./incidents";

// ---- HAND-WRITTEN (start) ------------------------------------------------------------------

export type Step = "drafted" | "reviewed" | "meeting_held" | "follow_ups_committed" | "published" | "distributed";

export interface PolicyStep {
  step: Step;
  /** A role key from `GET /roles`. */
  owner_role: string;
  /** 1..60 business days after the incident is resolved. */
  due_business_days: number;
}

export interface LearningRule {
  name: string;
  /** Severity keys; [] = every severity. */
  severities: string[];
  /** Incident type keys; [] = every type. */
  types: string[];
  steps: PolicyStep[];
}

export interface LearningPolicy {
  /** At most 20; the first rule that matches an incident applies. */
  rules: LearningRule[];
  /** Answer only: false = the built-in default. */
  customized: boolean;
}

export interface Person {
  user_id: number;
  name: string;
}

export interface ChecklistStep {
  step: Step;
  label: string;
  owner_role: string;
  owner: Person | null;
  /** 'YYYY-MM-DD' in the owner's zone; null until the incident is resolved. */
  due_on: string | null;
  /** RFC 3339, from the event that did it. */
  done_at: string | null;
  waived: { by: string | null; reason: string; at: string } | null;
  overdue: boolean;
}

export interface Checklist {
  /** The rule that applies; null: the incident owes nothing (steps = [], complete = true). */
  rule: string | null;
  /** Every step done or waived: closing is allowed. */
  complete: boolean;
  steps: ChecklistStep[];
}

export interface Waiver {
  step: Step;
  /** 1..500 characters. */
  reason: string;
}

export interface DueStep {
  reference: string;
  title: string;
  severity: string;
  step: Step;
  label: string;
  due_on: string;
  owner: Person | null;
}

export interface DueFollowUp {
  id: number;
  title: string;
  reference: string;
  due_on: string;
  owner: Person | null;
}

export interface TeamRef {
  id: number;
  name: string;
}

export interface LearningDue {
  /** Teams with something overdue only, by name; null (no team) last. */
  teams: { team: TeamRef | null; steps: DueStep[]; follow_ups: DueFollowUp[] }[];
}

export interface FeedbackRequest {
  /** 1 (very badly) .. 5 (very well). */
  score: number;
  /** At most 2000 characters. */
  comment?: string;
}

export interface Feedback {
  score: number;
  comment: string | null;
  submitted_at: string;
}

export interface TeamFeedback {
  team: TeamRef | null;
  responses: number;
  average: number | null;
  /** Counts of scores 1..5 (five of them; the generated client will type it as a list). */
  scores: number[];
  /** Newest first; no names, no incident. */
  comments: string[];
}

export interface FeedbackSummary {
  teams: TeamFeedback[];
}

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Refusal = { headers: { [name: string]: unknown }; content: { "application/problem+json": Problem } };
type Params<Path> = { query?: never; header?: never; cookie?: never } & ([Path] extends [never] ? { path?: never } : { path: Path });
type Op<Path, Body, Answer> = {
  parameters: Params<Path>;
  responses: { 200: Json<Answer>; default: Refusal };
} & ([Body] extends [undefined] ? { requestBody?: never } : { requestBody: { content: { "application/json": Body } } });
type ByRef = { ref: string };
type Methods = { parameters: { query?: never; header?: never; path?: never; cookie?: never } };

/** The contract's endpoints, in openapi-typescript's shape. */
interface LearningPaths {
  "/api/v1/learning-policy": Methods & { get: Op<never, undefined, LearningPolicy>; put: Op<never, LearningPolicy, LearningPolicy> };
  "/api/v1/incidents/{ref}/learning": Methods & { get: Op<ByRef, undefined, Checklist> };
  "/api/v1/incidents/{ref}/learning/waivers": Methods & { post: Op<ByRef, Waiver, Checklist> };
  "/api/v1/incidents/{ref}/learning/meeting": Methods & { post: Op<ByRef, undefined, Checklist> };
  "/api/v1/learning/due": Methods & { get: Op<never, undefined, LearningDue> };
  "/api/v1/incidents/{ref}/feedback": Methods & { post: Op<ByRef, FeedbackRequest, Feedback> };
  "/api/v1/incidents/{ref}/feedback/mine": Methods & { get: Op<ByRef, undefined, Feedback> };
  "/api/v1/learning/feedback": Methods & { get: Op<never, undefined, FeedbackSummary> };
}

/** The app's one client (its CSRF and session-expiry middleware included), typed for the
 * contract's paths until the generated `paths` has them. */
const client = api as unknown as Client<LearningPaths>;

// ---- HAND-WRITTEN (end) --------------------------------------------------------------------

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
  return useChecklistWrite(reference, (body: Waiver) => unwrap(client.POST("/api/v1/incidents/{ref}/learning/waivers", { params: { path: { ref: reference } }, body })));
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
