// An incident's review meeting (issue 15): who is invited, the booked meeting, the assistant's
// proposal, and booking, moving or cancelling it. The review lives under the incident's "about"
// keys, so the company-wide stream (src/api/live.ts) asks it again on the incident's events (a
// booking, a move after a decline, an answer, the meeting held) and a resync asks it with
// everything else about the incident.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Review = Schemas["ReviewDto"];
export type Meeting = Schemas["MeetingDto"];
export type Invitee = Schemas["InviteeDto"];
export type InviteeChoice = Schemas["Invitee"];
export type ProposalAnswer = Schemas["ProposalDto"];
export type Proposal = Schemas["Proposal"];
export type Slot = Schemas["Slot"];
export type SlotAttendee = Schemas["SlotAttendee"];
export type SlotStatus = Schemas["SlotStatus"];
export type Miss = Schemas["Miss"];
export type Blocker = Schemas["Blocker"];
export type Unconfirmed = Schemas["Unconfirmed"];
export type ReviewRule = Schemas["ReviewRule"];
export type BookRequest = Schemas["BookRequest"];

export const reviewKey = (reference: string) => incidentKeys.about(reference, "review");

export function useReviewMeeting(reference: string) {
  return useQuery({
    queryKey: reviewKey(reference),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}/review", { params: { path: { ref: reference } }, signal })),
  });
}

/** Every review write answers the review as it stands after it: that replaces the cached one. */
function useReviewWrite<V>(reference: string, call: (v: V) => Promise<Review>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (review) => queryClient.setQueryData(reviewKey(reference), review),
  });
}

/** Replaces who the next booking invites (at least one required; 422 names `invitees[2].user_id`). */
export function useSetInvitees(reference: string) {
  return useReviewWrite(reference, (invitees: InviteeChoice[]) => unwrap(api.PUT("/api/v1/incidents/{ref}/review/invitees", { params: { path: { ref: reference } }, body: { invitees } })));
}

/** Asks the assistant for the best time, alternatives and why (or the nearest misses). Reads
 * every invitee's calendar now, so it is asked when the owner asks, not on every render; nothing
 * is booked. 422 names a required attendee without a time zone. */
export function useProposal(reference: string) {
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/incidents/{ref}/review/proposal", { params: { path: { ref: reference } } })),
  });
}

/** Books (or moves) the meeting at a chosen time: a slot of the proposal, or any time. */
export function useBookAt(reference: string) {
  return useReviewWrite(reference, (body: BookRequest) => unwrap(api.PUT("/api/v1/incidents/{ref}/review/meeting", { params: { path: { ref: reference } }, body })));
}

/** One click: the best slot the assistant finds. 409 when no slot suits every required attendee. */
export function useBookBest(reference: string) {
  return useReviewWrite(reference, () => unwrap(api.POST("/api/v1/incidents/{ref}/review/meeting/best", { params: { path: { ref: reference } } })));
}

/** Calls the meeting off with a reason (sent to every attendee). 409 when none is booked. */
export function useCancelMeeting(reference: string) {
  return useReviewWrite(reference, (reason: string) => unwrap(api.DELETE("/api/v1/incidents/{ref}/review/meeting", { params: { path: { ref: reference } }, body: { reason } })));
}
