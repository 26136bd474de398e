// The names a subscription list shows instead of keys: incident titles, read from each incident
// followed (the same cached query the room uses), and the service catalog and teams, which the add
// form also offers as choices.
import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { incidentQuery } from "../../api/incidents";
import { useServices, useTeams, type Service, type Team } from "../../api/lists";
import { namesById, type Names, type Subscription } from "./subscriptions";

export interface SubscriptionNames {
  names: Names;
  /** Every service and team, by name; null until loaded (or when they could not be). */
  services: Service[] | null;
  teams: Team[] | null;
  /** The services or teams query that failed, if one did: lines then show ids, and nothing is "gone". */
  failed: { error: unknown; refetch: () => Promise<unknown> } | null;
}

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

export function useSubscriptionNames(subs: readonly Subscription[] | undefined): SubscriptionNames {
  const servicesQuery = useServices();
  const teamsQuery = useTeams();
  const services = servicesQuery.data ?? null;
  const teams = useMemo(() => (teamsQuery.data ? byName(teamsQuery.data) : null), [teamsQuery.data]);
  const failed = [servicesQuery, teamsQuery].find((q) => q.error != null && !q.isFetching) ?? null;

  // The list names incidents by reference; a title is null once the incident answers that it
  // is gone (or hidden), undefined while it is being asked.
  const refs = useMemo(() => [...new Set((subs ?? []).filter((s) => s.target === "incident").map((s) => s.key))], [subs]);
  const titles = useQueries({
    queries: refs.map((ref) => ({ ...incidentQuery(ref), retry: false })),
    combine: (results) => results.map((r) => (r.data ? r.data.title : r.isError ? null : undefined)),
  });
  // `titles` is a new array each render: its contents, as text, decide when the names change.
  const titlesKey = JSON.stringify(titles);
  const incidents = useMemo(() => {
    const known: Record<string, string | null> = {};
    const shown = JSON.parse(titlesKey) as (string | null)[];
    refs.forEach((ref, i) => {
      if (shown[i] !== undefined) known[ref] = shown[i];
    });
    return known;
  }, [refs, titlesKey]);

  const names = useMemo(() => ({ incidents, services: namesById(services), teams: namesById(teams) }), [incidents, services, teams]);
  return { names, services, teams, failed: failed && { error: failed.error, refetch: failed.refetch } };
}
