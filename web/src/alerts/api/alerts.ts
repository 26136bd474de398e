// The Alerts page's reads: alert groups (filtered by status and integration) and one group with
// its alerts. Alerts come in all the time, so both are asked again every few seconds.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { unwrap } from "../../api/errors";

/** How often the Alerts page asks again. */
export const ALERTS_REFRESH_MS = 5_000;

export interface GroupFilter {
  status?: string;
  integration_id?: number;
}

export const alertKeys = {
  groups: (filter: GroupFilter) => ["alert-groups", "list", filter] as const,
  group: (id: number) => ["alert-groups", id] as const,
};

export function useAlertGroups(filter: GroupFilter) {
  return useQuery({
    queryKey: alertKeys.groups(filter),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/alert-groups", { params: { query: { ...filter, limit: 200 } }, signal })),
    refetchInterval: ALERTS_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useAlertGroup(id: number) {
  return useQuery({
    queryKey: alertKeys.group(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/alert-groups/{id}", { params: { path: { id } }, signal })),
    refetchInterval: ALERTS_REFRESH_MS,
  });
}
