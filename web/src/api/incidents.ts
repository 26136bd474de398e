// Incidents in the cache: the keys every incident query lives under, the incident itself, and the
// rule that keeps copies of one incident in agreement. A list (the dashboard, the incidents page)
// and the room may hold the same incident; whenever a fresher copy is read or written, every
// cached list holding it is patched to match and the lists are invalidated, so two pages never
// disagree about its status, severity or roles.
import { queryOptions, replaceEqualDeep, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, type Incident, type RequestBody } from "./client";
import { idempotencyKey } from "../idempotency";
import { unwrap } from "./errors";
import type { TimelineEvent } from "../events";

export const incidentKeys = {
  /** Everything about incidents: what a resync of the event stream refreshes. */
  all: ["incidents"] as const,
  /** Every list of incidents, whatever its filters. */
  lists: ["incidents", "list"] as const,
  list: (name: string, params?: unknown) => ["incidents", "list", name, params ?? null] as const,
  detail: (reference: string) => ["incidents", "detail", reference] as const,
  /** The whole event log, kept current by the room's own stream rather than by refetching. */
  timeline: (reference: string) => ["incidents", "timeline", reference] as const,
  /** Other things read per incident (its pages, the viewer's subscription to it)... */
  about: (reference: string, what: string) => ["incidents", "about", reference, what] as const,
  /** ...all of them at once. */
  allAbout: (reference: string) => ["incidents", "about", reference] as const,
};

/** What a write to an incident answers: the incident after it and the events it appended. */
export interface Change {
  incident: Incident;
  events: TimelineEvent[];
}

export function isChange(data: unknown): data is Change {
  return typeof data === "object" && data !== null && "incident" in data && "events" in data;
}

/** Two copies of an incident: the one that has seen more events wins, whichever arrived last (a
 * refetch started before a write may answer after it). */
export function newerIncident(known: Incident | undefined, fresh: Incident): Incident {
  return known && known.last_seq > fresh.last_seq ? known : fresh;
}

export const incidentQuery = (reference: string) =>
  queryOptions({
    queryKey: incidentKeys.detail(reference),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/incidents/{ref}", { params: { path: { ref: reference } }, signal })),
    // An older answer never replaces a newer copy; an equal one keeps the objects it shares with
    // it, so what shows them does not render again for nothing.
    structuralSharing: (known: unknown, fresh: unknown) => {
      const kept = newerIncident(known as Incident | undefined, fresh as Incident);
      return kept === known ? known : replaceEqualDeep(known, fresh);
    },
  });

export const useIncident = (reference: string, enabled = true) => useQuery({ ...incidentQuery(reference), enabled });

function isIncident(value: unknown): value is Incident {
  return typeof value === "object" && value !== null && "reference" in value && "last_seq" in value && "id" in value;
}

/** A write's answer carries no `paging` (only reads do): the list's summary stays until the list
 * is asked again, rather than the dashboard saying "Not paged" in between. */
function keepPaging(fresh: Incident, known: Incident): Incident {
  return fresh.paging === undefined && known.paging !== undefined ? { ...fresh, paging: known.paging } : fresh;
}

/** `data` with every older copy of `incident` replaced, or undefined when nothing changed. Lists
 * are cached in several shapes (arrays, pages of arrays, objects of arrays); the walk finds the
 * incident in any of them and copies only the containers on its way. */
export function patchIncident<T>(data: T, incident: Incident): T | undefined {
  const walk = (value: unknown): unknown => {
    if (isIncident(value)) return value.id === incident.id && value.last_seq < incident.last_seq ? keepPaging(incident, value) : value;
    if (Array.isArray(value)) {
      const next = value.map(walk);
      return next.some((v, i) => v !== value[i]) ? next : value;
    }
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      const entries = Object.entries(value).map(([k, v]) => [k, walk(v)] as const);
      return entries.some(([k, v]) => v !== (value as Record<string, unknown>)[k]) ? Object.fromEntries(entries) : value;
    }
    return value;
  };
  const next = walk(data);
  return next === data ? undefined : (next as T);
}

/** Keeps cached lists in step with each fresh copy of an incident read or written (through its
 * detail query). Installed once on the QueryClient (createQueryClient); returns the unsubscribe. */
export function syncIncidentLists(queryClient: QueryClient): () => void {
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== "updated" || event.action.type !== "success") return;
    const [root, kind] = event.query.queryKey;
    const incident = event.query.state.data;
    if (root !== incidentKeys.all[0] || kind !== "detail" || !isIncident(incident)) return;
    queryClient.setQueriesData({ queryKey: incidentKeys.lists }, (data: unknown) => patchIncident(data, incident));
    // Patching does not settle what a list holds (the change may move the incident out of its
    // filter): each list stays stale, so one shown next asks again. Lists on screen now are
    // refreshed by whoever saw the change (the event stream, the write).
    void queryClient.invalidateQueries({ queryKey: incidentKeys.lists, refetchType: "none" });
  });
}

/** A write's answer (or a fresh read) applied: the incident everywhere it is cached, and every
 * list asked again, since the change may move it in or out of a filter. */
export function rememberIncident(queryClient: QueryClient, incident: Incident): void {
  queryClient.setQueryData(incidentKeys.detail(incident.reference), (known: Incident | undefined) => newerIncident(known, incident));
  void queryClient.invalidateQueries({ queryKey: incidentKeys.lists });
}

/** Declares an incident. The Idempotency-Key, made once per press, lets a resend after a lost
 * answer return the same incident instead of a second one. */
export function useDeclareIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestBody<"declare">) => unwrap(api.POST("/api/v1/incidents", { body, headers: { "Idempotency-Key": idempotencyKey() } })),
    onSuccess: (incident) => rememberIncident(queryClient, incident),
  });
}
