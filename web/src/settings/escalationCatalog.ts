// What the escalation and response-rule editors choose from: schedules, teams, services and
// escalation policies, the shared lists of src/api/lists.ts.
import { combineQueries } from "../components/QueryState";
import { usePolicies, useSchedules, useServices, useTeams, type Policy, type ScheduleSummary, type Service, type Team } from "../api/lists";

export type { ScheduleSummary, Service, Team };

export interface ResponseCatalog {
  schedules: ScheduleSummary[];
  teams: Team[];
  services: Service[];
  policies: Policy[];
  /** Every list answered. */
  loaded: boolean;
  /** What could not be fetched, for QueryError, with the retry of what failed. */
  failed: { error: unknown; retry: () => Promise<unknown> } | null;
}

export function useResponseCatalog(): ResponseCatalog {
  const schedules = useSchedules();
  const teams = useTeams();
  const services = useServices();
  const policies = usePolicies();
  const all = combineQueries(schedules, teams, services, policies);
  return {
    schedules: schedules.data ?? [],
    teams: teams.data ?? [],
    services: services.data ?? [],
    policies: policies.data ?? [],
    loaded: all.data !== undefined,
    failed: all.error != null && !all.isFetching ? { error: all.error, retry: all.refetch } : null,
  };
}
