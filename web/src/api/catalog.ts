// The incident catalog every page reads: severities, incident types and roles. The shell waits
// for it (and shows why, if it cannot be had); settings writes replace it in the cache.
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";

/** Changed only by an admin in settings, whose writes update the cache; a minute is fresh. */
const CATALOG_STALE_MS = 60_000;

export const catalogKeys = {
  severities: ["catalog", "severities"] as const,
  types: ["catalog", "incident-types"] as const,
  roles: ["catalog", "roles"] as const,
};

export const severitiesQuery = queryOptions({
  queryKey: catalogKeys.severities,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/severities", { signal })),
  staleTime: CATALOG_STALE_MS,
});
export const incidentTypesQuery = queryOptions({
  queryKey: catalogKeys.types,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incident-types", { signal })),
  staleTime: CATALOG_STALE_MS,
});
export const rolesQuery = queryOptions({
  queryKey: catalogKeys.roles,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/roles", { signal })),
  staleTime: CATALOG_STALE_MS,
});

export const useSeverities = () => useQuery(severitiesQuery);
export const useIncidentTypes = () => useQuery(incidentTypesQuery);
export const useRoles = () => useQuery(rolesQuery);
