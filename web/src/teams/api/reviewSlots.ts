// A team's recurring review slots: the list on the team page, each slot's next meetings (the
// agenda), and the writes. Every write refreshes every slot query: a change moves the series, so
// the agendas change too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";
import type { components } from "../../api/schema";

export type ReviewSlot = components["schemas"]["ReviewSlotDto"];
export type SlotAgenda = components["schemas"]["ReviewSlotAgendaDto"];
export type AgendaInstance = components["schemas"]["AgendaInstanceDto"];
export type NewReviewSlot = RequestBody<"create_review_slot">;
export type ReviewSlotChange = RequestBody<"update_review_slot">;

export const slotKeys = {
  all: ["review-slots"] as const,
  team: (teamId: number) => ["review-slots", "team", teamId] as const,
  agenda: (slotId: number, count: number) => ["review-slots", "agenda", slotId, count] as const,
};

export function useTeamReviewSlots(teamId: number) {
  return useQuery({
    queryKey: slotKeys.team(teamId),
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/teams/{id}/review-slots", { params: { path: { id: teamId } }, signal }))).items,
  });
}

/** The slot's next meetings not over yet, soonest first, with the postmortems on each. */
export function useSlotAgenda(slotId: number, count = 4) {
  return useQuery({
    queryKey: slotKeys.agenda(slotId, count),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/review-slots/{id}/agenda", { params: { path: { id: slotId }, query: { count } }, signal })),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: slotKeys.all });
}

export function useCreateReviewSlot(teamId: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewReviewSlot) => unwrap(api.POST("/api/v1/teams/{id}/review-slots", { params: { path: { id: teamId } }, body })),
    onSuccess: refresh,
  });
}

export function useUpdateReviewSlot() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: ReviewSlotChange }) => unwrap(api.PATCH("/api/v1/review-slots/{id}", { params: { path: { id } }, body: change })),
    onSuccess: refresh,
  });
}

export function useDeleteReviewSlot() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/review-slots/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
  });
}
