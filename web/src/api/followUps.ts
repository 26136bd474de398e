// Follow-ups in the cache: the keys every follow-up query lives under, one follow-up, an
// incident's follow-ups, and the writes. Shared here (not in src/followups) because three
// features show them: the follow-ups page, the room's panel and the postmortem's follow-up block.
// The page's filtered, paged list is its own (src/followups/api/list.ts), under `followUpKeys.lists`.
// Writes put the answer everywhere it is cached, then ask the lists again (a change of status or
// owner may move a follow-up in or out of a filter); events on either stream do the same
// (`refreshFollowUpsAfter`, and src/api/live.ts for the global stream).
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { TimelineEvent } from "../events";
import { idempotencyKey } from "../idempotency";
import { api, type RequestBody } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

export type FollowUp = components["schemas"]["FollowUpDto"];
export type FollowUpList = components["schemas"]["FollowUpList"];
export type NewFollowUp = RequestBody<"add_follow_up">;
export type FollowUpChanges = RequestBody<"update_follow_up">;

export const followUpKeys = {
  /** Everything about follow-ups: what a resync of the event stream refreshes. */
  all: ["follow-ups"] as const,
  /** Every filtered list (the follow-ups page), whatever its filters. */
  lists: ["follow-ups", "list"] as const,
  list: (params: unknown) => ["follow-ups", "list", params] as const,
  /** One incident's follow-ups, every status (the room's panel). */
  incident: (reference: string) => ["follow-ups", "incident", reference] as const,
  detail: (id: number) => ["follow-ups", "detail", id] as const,
};

/** Whether the event is about a follow-up. */
export const isFollowUpEvent = (kind: string): boolean => kind === "follow_up_added" || kind === "follow_up_changed" || kind === "follow_up_filed";

/** Which follow-up an event is about: `follow_up_added` carries it as its own id. */
export function followUpIdOf(e: { id: number; kind: string; data: unknown }): number | null {
  if (e.kind === "follow_up_added") return Number.isSafeInteger(e.id) ? e.id : null;
  const id = Number((e.data as { follow_up_id?: unknown } | null)?.follow_up_id);
  return (e.kind === "follow_up_changed" || e.kind === "follow_up_filed") && Number.isSafeInteger(id) ? id : null;
}

/** Asks again what follow-up events may have changed: the lists, the incident's follow-ups and
 * the follow-ups named (each at most once, however many events name it). */
export function invalidateFollowUps(queryClient: QueryClient, { references, ids }: { references: Iterable<string>; ids: Iterable<number> }): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: followUpKeys.lists }),
    ...[...new Set(references)].map((ref) => queryClient.invalidateQueries({ queryKey: followUpKeys.incident(ref) })),
    ...[...new Set(ids)].map((id) => queryClient.invalidateQueries({ queryKey: followUpKeys.detail(id) })),
  ]);
}

/** After events streamed into the room: its follow-ups again if any was added or changed. */
export function refreshFollowUpsAfter(queryClient: QueryClient, reference: string, events: readonly TimelineEvent[]): void {
  const about = events.filter((e) => isFollowUpEvent(e.kind));
  if (!about.length) return;
  const ids = about.map(followUpIdOf).filter((id): id is number => id !== null);
  void invalidateFollowUps(queryClient, { references: [reference], ids });
}

/** `data` with the older copy of `fresh` replaced wherever it sits (a list, pages of lists), or
 * undefined when it holds none. Only the containers on the way are copied. */
export function patchFollowUp<T>(data: T, fresh: FollowUp): T | undefined {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const next = value.map(walk);
      return next.some((v, i) => v !== value[i]) ? next : value;
    }
    if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
    const record = value as Record<string, unknown>;
    if ("overdue" in record && "incident" in record && "id" in record) return record.id === fresh.id ? fresh : value;
    const entries = Object.entries(record).map(([k, v]) => [k, walk(v)] as const);
    return entries.some(([k, v]) => v !== record[k]) ? Object.fromEntries(entries) : value;
  };
  const next = walk(data);
  return next === data ? undefined : (next as T);
}

/** A write's answer applied: the follow-up everywhere it is cached, then every list asked again. */
export function rememberFollowUp(queryClient: QueryClient, fresh: FollowUp): void {
  queryClient.setQueryData(followUpKeys.detail(fresh.id), fresh);
  queryClient.setQueriesData({ queryKey: followUpKeys.all }, (data: unknown) => patchFollowUp(data, fresh));
  void queryClient.invalidateQueries({ queryKey: followUpKeys.lists });
  void queryClient.invalidateQueries({ queryKey: followUpKeys.incident(fresh.incident.reference) });
}

/** An incident's follow-ups, every status, oldest first (the server answers them in one page). */
export function useIncidentFollowUps(reference: string, enabled = true) {
  return useQuery({
    queryKey: followUpKeys.incident(reference),
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/incidents/{ref}/follow-ups", { params: { path: { ref: reference } }, signal }))).items,
    enabled,
  });
}

/** One follow-up (the postmortem's block shows it live). */
export function useFollowUp(id: number | null) {
  return useQuery({
    queryKey: followUpKeys.detail(id ?? 0),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/follow-ups/{id}", { params: { path: { id: id! } }, signal })),
    enabled: id !== null && id > 0,
  });
}

/** Adds a follow-up to an incident. The Idempotency-Key, made once per press, lets a resend after
 * a lost answer return the same follow-up instead of a second one. */
export function useCreateFollowUp(reference: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewFollowUp) => unwrap(api.POST("/api/v1/incidents/{ref}/follow-ups", { params: { path: { ref: reference } }, body, headers: { "Idempotency-Key": idempotencyKey() } })),
    onSuccess: (created) => {
      // Shown in the room's panel at once; the refetch below confirms the order.
      queryClient.setQueryData(followUpKeys.incident(reference), (known: FollowUp[] | undefined) => (known && !known.some((f) => f.id === created.id) ? [...known, created] : known));
      rememberFollowUp(queryClient, created);
    },
  });
}

/** Changes a follow-up: only the fields given change (null clears). */
export function useUpdateFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: FollowUpChanges }) => unwrap(api.PATCH("/api/v1/follow-ups/{id}", { params: { path: { id } }, body: changes })),
    onSuccess: (fresh) => rememberFollowUp(queryClient, fresh),
  });
}

/** The issue trackers set up on this server (`github`, `jira`); asked once, they change only
 * when the server is set up again. */
export function useTrackers() {
  return useQuery({
    queryKey: ["trackers"],
    queryFn: async ({ signal }) => (await unwrap(api.GET("/api/v1/trackers", { signal }))).trackers,
    staleTime: Infinity,
  });
}

/** Asks for the follow-up to be filed in a tracker. The server answers at once (filing is a
 * delivery); the issue it became arrives with the `follow_up_filed` event. */
export function useFileFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, tracker }: { id: number; tracker: string }) => unwrap(api.POST("/api/v1/follow-ups/{id}/file", { params: { path: { id } }, body: { tracker } })),
    onSuccess: (fresh) => rememberFollowUp(queryClient, fresh),
  });
}
