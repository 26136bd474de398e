// The names a subscription list shows instead of keys: incident titles, asked of each incident
// followed, and the service catalog and teams, which the add form also offers as choices.
import { useEffect, useMemo, useRef, useState } from "react";
import { api } from "../api/client";
import { allServices, allTeams, problemText, type Service, type Team } from "../oncall/data";
import { namesById, type Names, type Subscription } from "./subscriptions";

export interface SubscriptionNames {
  names: Names;
  /** Every service and team, by name; null until loaded (or when they could not be). */
  services: Service[] | null;
  teams: Team[] | null;
  /** Why the services or teams could not be loaded: lines then show ids, and nothing is "gone". */
  error: string | null;
  /** Asks for an incident's title again (after following it anew). */
  forget: (ref: string) => void;
}

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

export function useSubscriptionNames(subs: readonly Subscription[] | null): SubscriptionNames {
  const [services, setServices] = useState<Service[] | null>(null);
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [incidents, setIncidents] = useState<Record<string, string | null>>({});
  const asked = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    const failed = (e: unknown) => live && setError(problemText(e));
    allServices().then((s) => live && setServices(byName(s)), failed);
    allTeams().then((t) => live && setTeams(byName(t)), failed);
    return () => {
      live = false;
    };
  }, []);

  // The list names incidents by reference; their titles come from the incidents themselves.
  useEffect(() => {
    for (const s of subs ?? []) {
      if (s.target !== "incident" || asked.current.has(s.key)) continue;
      asked.current.add(s.key);
      api.GET("/api/v1/incidents/{ref}", { params: { path: { ref: s.key } } }).then(({ data }) => setIncidents((t) => ({ ...t, [s.key]: data ? data.title : null })));
    }
  }, [subs]);

  const names = useMemo(() => ({ incidents, services: namesById(services), teams: namesById(teams) }), [incidents, services, teams]);
  const forget = (ref: string) => asked.current.delete(ref);
  return { names, services, teams, error, forget };
}
