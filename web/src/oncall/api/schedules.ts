// On-call schedules: one schedule, who is on call in it, its shifts, the viewer's own shifts, and
// the writes. The list of every schedule is shared (src/api/lists.ts: teams and settings read it
// too); every write here invalidates it along with the schedule's own queries.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type RequestBody } from "../../api/client";
import { unwrap } from "../../api/errors";
import { listKeys } from "../../api/lists";

export const scheduleKeys = {
  detail: (id: number) => [...listKeys.schedules, id] as const,
  onCall: (id: number) => [...listKeys.schedules, id, "on-call"] as const,
  shifts: (id: number, from: string, days: number) => [...listKeys.schedules, id, "shifts", from, days] as const,
  mine: (days: number) => ["me", "on-call", days] as const,
};

const path = (id: number) => ({ params: { path: { id } } });

/** Every schedule, with who is on call in each now (shared: teams and settings read it too). */
export { useSchedules } from "../../api/lists";

export function useSchedule(id: number) {
  return useQuery({ queryKey: scheduleKeys.detail(id), queryFn: ({ signal }) => unwrap(api.GET("/api/v1/schedules/{id}", { ...path(id), signal })) });
}

/** Who is on call in it now. */
export function useScheduleOnCall(id: number) {
  return useQuery({ queryKey: scheduleKeys.onCall(id), queryFn: ({ signal }) => unwrap(api.GET("/api/v1/schedules/{id}/on-call", { ...path(id), signal })) });
}

/** Its shifts for `days` days from `from`; the previous range stays shown while another loads. */
export function useShifts(id: number, from: Date, days: number) {
  return useQuery({
    queryKey: scheduleKeys.shifts(id, from.toISOString(), days),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/schedules/{id}/shifts", { params: { path: { id }, query: { from: from.toISOString(), days } }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** The viewer's shifts across every schedule for the next `days` days. */
export function useMyShifts(days: number) {
  return useQuery({ queryKey: scheduleKeys.mine(days), queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/on-call", { params: { query: { days } }, signal })) });
}

/** Every schedule, any schedule's details and who is on call: what a write may change. */
const schedulesChanged = (queryClient: QueryClient) =>
  Promise.all([queryClient.invalidateQueries({ queryKey: listKeys.schedules }), queryClient.invalidateQueries({ queryKey: ["me", "on-call"] })]);

export function useCreateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"create_schedule">) => unwrap(api.POST("/api/v1/schedules", { body })),
    onSuccess: () => schedulesChanged(queryClient),
  });
}

export function useSaveSchedule(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"update_schedule">) => unwrap(api.PUT("/api/v1/schedules/{id}", { ...path(id), body })),
    onSuccess: (schedule) => {
      queryClient.setQueryData(scheduleKeys.detail(id), schedule);
      return schedulesChanged(queryClient);
    },
  });
}

export function useDeleteSchedule(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/schedules/{id}", path(id))),
    // Only the lists: the schedule's own queries would answer 404 while its page is still open.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: listKeys.schedules, exact: true });
      void queryClient.invalidateQueries({ queryKey: ["me", "on-call"] });
    },
  });
}

/** Someone on call instead of the rotation for a while. */
export function useAddOverride(scheduleId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"add_override">) => unwrap(api.POST("/api/v1/schedules/{id}/overrides", { ...path(scheduleId), body })),
    onSuccess: () => schedulesChanged(queryClient),
  });
}

export function useRemoveOverride(scheduleId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (overrideId: number) => unwrap(api.DELETE("/api/v1/schedules/{id}/overrides/{override_id}", { params: { path: { id: scheduleId, override_id: overrideId } } })),
    onSuccess: () => schedulesChanged(queryClient),
  });
}
