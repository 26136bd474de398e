// Review meetings in settings (issue 15): the review policy (admins edit it, everyone reads it)
// and the viewer's own calendar connection, which the scheduling assistant reads for busy times.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { ApiError, unwrap } from "../../api/errors";
import { incidentKeys } from "../../api/incidents";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type ReviewPolicy = Schemas["ReviewPolicyDto"];
export type ReviewRule = Schemas["ReviewRule"];
export type CalendarConnection = Schemas["CalendarDto"];
export type CalendarRequest = Schemas["CalendarRequest"];

const policyKey = ["review-policy"] as const;
const calendarKey = ["me", "calendar"] as const;

export function useReviewPolicy() {
  return useQuery({ queryKey: policyKey, queryFn: ({ signal }) => unwrap(api.GET("/api/v1/review-policy", { signal })) });
}

/** Replaces the policy (admins). A 422 names fields as `rules[0].duration_minutes`. */
export function useSaveReviewPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewPolicy) => unwrap(api.PUT("/api/v1/review-policy", { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(policyKey, saved);
      // Each incident's review panel shows the rule that applies to it.
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all, predicate: (q) => q.queryKey[1] === "about" && q.queryKey[3] === "review" });
    },
  });
}

/** The viewer's calendar connection; null when none is connected (404). */
export function useMyCalendar() {
  return useQuery({
    queryKey: calendarKey,
    queryFn: async ({ signal }): Promise<CalendarConnection | null> => {
      try {
        return await unwrap(api.GET("/api/v1/me/calendar", { signal }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

/** Connects (or replaces) the calendar. The server checks it at once, which may take as long as
 * the calendar takes to answer; a 422 says what is wrong, on the field it is about. */
export function useConnectCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CalendarRequest) => unwrap(api.PUT("/api/v1/me/calendar", { body })),
    onSuccess: (connection) => queryClient.setQueryData(calendarKey, connection),
  });
}

/** Forgets the connection (its secret with it). A 404 means it was already gone: the same end. */
export function useDisconnectCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await unwrap(api.DELETE("/api/v1/me/calendar"));
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }
    },
    onSuccess: () => queryClient.setQueryData(calendarKey, null),
  });
}
