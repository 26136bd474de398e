// Lists several features read whole (every page): the service catalog, teams, on-call schedules
// and escalation policies. The feature that owns each one writes it and invalidates its key here;
// the others only read. A company has tens of them, so one query each is enough.
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { components } from "./schema";
import { allItems } from "./cursor";
import { unwrap } from "./errors";

export type Service = components["schemas"]["ServiceDto"];
export type Team = components["schemas"]["TeamDto"];
export type ScheduleSummary = components["schemas"]["ScheduleSummary"];
export type Policy = components["schemas"]["PolicyDto"];

/** Changed rarely, and by writes that invalidate them; a minute is fresh. */
const LIST_STALE_MS = 60_000;

export const listKeys = {
  services: ["services"] as const,
  teams: ["teams"] as const,
  schedules: ["schedules"] as const,
  policies: ["escalation-policies"] as const,
};

const page = (limit: number, cursor: string | undefined) => ({ query: { limit, ...(cursor ? { cursor } : {}) } });
const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

/** Every service, by name. */
export const servicesQuery = queryOptions({
  queryKey: listKeys.services,
  queryFn: async ({ signal }) => byName(await allItems((cursor) => unwrap(api.GET("/api/v1/services", { params: page(500, cursor), signal })), signal)),
  staleTime: LIST_STALE_MS,
});

/** Every team, in the server's order. */
export const teamsQuery = queryOptions({
  queryKey: listKeys.teams,
  queryFn: ({ signal }) => allItems((cursor) => unwrap(api.GET("/api/v1/teams", { params: page(200, cursor), signal })), signal),
  staleTime: LIST_STALE_MS,
});

/** Every on-call schedule, with who is on call in it now. */
export const schedulesQuery = queryOptions({
  queryKey: listKeys.schedules,
  queryFn: ({ signal }) => allItems((cursor) => unwrap(api.GET("/api/v1/schedules", { params: page(200, cursor), signal })), signal),
  staleTime: LIST_STALE_MS,
});

/** Every escalation policy (the endpoint is not paged). */
export const policiesQuery = queryOptions({
  queryKey: listKeys.policies,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/escalation-policies", { signal })),
  staleTime: LIST_STALE_MS,
});

export const useServices = (enabled = true) => useQuery({ ...servicesQuery, enabled });
export const useTeams = (enabled = true) => useQuery({ ...teamsQuery, enabled });
export const useSchedules = (enabled = true) => useQuery({ ...schedulesQuery, enabled });
export const usePolicies = (enabled = true) => useQuery({ ...policiesQuery, enabled });
