// Postmortem distribution (issue 14): the policy settings edit, the readers of one postmortem
// (its page's Readers panel), and the public reading link (`/read/:token`). Shared here because
// settings and the postmortem feature both read it.
//
// HAND-WRITTEN TYPES: the generated client (schema.d.ts) does not have these endpoints yet. The
// shapes below are /work/contract/distribution.md's, written as the path entries
// openapi-typescript generates, so the calls read exactly as they will against the generated
// `paths`. Once `npm run api` has them: delete everything between the two HAND-WRITTEN markers,
// take the types from `components["schemas"]`, and call `api` instead of `client`.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Client } from "openapi-fetch";
import { api, type Problem } from "./client";
import { unwrap } from "./errors";
import { incidentKeys } from "./incidents";

// ---- HAND-WRITTEN (start) ------------------------------------------------------------------

export type AudienceKind = "subscribers" | "team" | "everyone" | "mailing_list" | "slack_channel" | "webhook";
export type Rendering = "full" | "summary";

export interface Audience {
  kind: AudienceKind;
  /** kind=team */
  team_id?: number;
  /** kind=mailing_list: an email address */
  address?: string;
  /** kind=slack_channel: a channel id such as C0123ABCD */
  channel?: string;
  /** kind=webhook: an http(s) URL */
  url?: string;
  rendering: Rendering;
  /** Required readers are reminded; people audiences only (ignored for lists, channels, webhooks). */
  required: boolean;
}

export interface DistributionRule {
  name: string;
  /** Severity keys; [] = every severity. */
  severities: string[];
  /** Incident type keys; [] = every type. */
  types: string[];
  audiences: Audience[];
}

export interface DistributionPolicy {
  participants_required: boolean;
  /** 1..60; null = never remind. */
  reminder_days: number | null;
  rules: DistributionRule[];
  /** Answer only (ignored on PUT): false = the built-in default. */
  customized: boolean;
}

export type ReaderStatus = "pending" | "opened" | "acknowledged" | "sent";
export type ReaderKind = "person" | "mailing_list" | "slack_channel" | "webhook";

export interface Reader {
  id: number;
  kind: ReaderKind;
  user_id: number | null;
  /** The person's name, or the address, channel id or URL. */
  name: string;
  /** Why they got it: "participant", "subscriber", "team:Payments", "everyone", "rule:<name>"
   * (the contract), or "channel" (what the lead's server says for a rule's list, channel or webhook). */
  audiences: string[];
  rendering: Rendering;
  required: boolean;
  sent_at: string | null;
  opened_at: string | null;
  acknowledged_at: string | null;
  reminded_at: string | null;
  version_read: number | null;
  /** "sent" for channels, which are not tracked. */
  status: ReaderStatus;
}

export interface ReaderCounts {
  people: number;
  opened: number;
  acknowledged: number;
  pending: number;
  required_pending: number;
  /** Mailing lists, Slack channels and webhooks. */
  channels: number;
}

export interface Readers {
  /** The version last distributed; null = not distributed yet. */
  version: number | null;
  distributed_at: string | null;
  counts: ReaderCounts;
  readers: Reader[];
  /** Pass as `after` for the next page. */
  next: number | null;
}

export interface Reading {
  incident: { reference: string; title: string; severity: string; type: string };
  version: number;
  published_at: string;
  rendering: Rendering;
  /** Server-rendered, sanitized HTML of the document or its summary. */
  html: string;
  /** `is_person` is not in the contract but the lead's server sends it: false for a mailing
   * list's link, which nobody can acknowledge (absent: treated as a person). */
  reader: { name: string; required: boolean; opened_at: string; acknowledged_at: string | null; is_person?: boolean };
  /** For an amended version the reader had already read: what changed. */
  changes: string[] | null;
  /** For summary readers who can sign in: the app path of the full postmortem. */
  full_link: string | null;
}

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Refusal = { headers: { [name: string]: unknown }; content: { "application/problem+json": Problem } };
type Params<Path, Query> = { query?: Query; header?: never; cookie?: never } & ([Path] extends [never] ? { path?: never } : { path: Path });
type Op<Path, Query, Body, Answer> = {
  parameters: Params<Path, Query>;
  responses: { 200: Json<Answer>; default: Refusal };
} & ([Body] extends [undefined] ? { requestBody?: never } : { requestBody: { content: { "application/json": Body } } });
type ByToken = { token: string };
type Methods = { parameters: { query?: never; header?: never; path?: never; cookie?: never } };

/** The contract's endpoints, in openapi-typescript's shape. */
interface DistributionPaths {
  "/api/v1/postmortem-distribution": Methods & { get: Op<never, never, undefined, DistributionPolicy>; put: Op<never, never, DistributionPolicy, DistributionPolicy> };
  "/api/v1/incidents/{ref}/postmortem/readers": Methods & { get: Op<{ ref: string }, { status?: ReaderStatus; after?: number; limit?: number }, undefined, Readers> };
  // `zone` is not in the contract; the lead's server takes it for the times the HTML quotes.
  "/api/v1/read/{token}": Methods & { get: Op<ByToken, { zone?: string }, undefined, Reading> };
  "/api/v1/read/{token}/acknowledge": Methods & { post: Op<ByToken, { zone?: string }, undefined, Reading> };
  "/api/v1/read/{token}/unsubscribe": Methods & { post: Op<ByToken, never, undefined, { unsubscribed: boolean }> };
}

/** The app's one client (its CSRF and session-expiry middleware included), typed for the
 * contract's paths until the generated `paths` has them. */
const client = api as unknown as Client<DistributionPaths>;

// ---- HAND-WRITTEN (end) --------------------------------------------------------------------

export const distributionKeys = {
  policy: ["postmortem-distribution"] as const,
  /** Under the postmortem's own key (`postmortemKey` in src/postmortem/api), so whatever asks the
   * postmortem again (a publication, a live event about the incident) asks its readers too. */
  readers: (reference: string, status: ReaderStatus | null) => [...incidentKeys.about(reference, "postmortem"), "readers", status ?? "all"] as const,
  reading: (token: string) => ["reading", token] as const,
};

export function useDistributionPolicy() {
  return useQuery({
    queryKey: distributionKeys.policy,
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/postmortem-distribution", { signal })),
  });
}

/** Replaces the policy (admins). A 422 names fields as `rules[1].audiences[0].address`. */
export function useSaveDistributionPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DistributionPolicy) => unwrap(client.PUT("/api/v1/postmortem-distribution", { body })),
    onSuccess: (saved) => queryClient.setQueryData(distributionKeys.policy, saved),
  });
}

/** One page of readers as the server answers it. */
const READERS_PAGE = 200;

/** Who a postmortem went to, page by page ("Load more" follows `next`), filtered by status
 * (null: everyone). The counts are the latest page's: each page answers them whole, and a
 * refresh asks every loaded page again from the first. */
export function useReaders(reference: string, status: ReaderStatus | null, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: distributionKeys.readers(reference, status),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        client.GET("/api/v1/incidents/{ref}/postmortem/readers", {
          params: { path: { ref: reference }, query: { ...(status ? { status } : {}), ...(pageParam !== undefined ? { after: pageParam } : {}), limit: READERS_PAGE } },
          signal,
        }),
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: Readers) => last.next ?? undefined,
    enabled,
    // Another filter keeps the rows shown (dimmed) until its own arrive, rather than a flash of "Loading…".
    placeholderData: keepPreviousData,
    // People open their links while the page is open: coming back to it shows the latest.
    refetchOnWindowFocus: true,
  });
  const pages = query.data?.pages;
  return {
    query,
    /** The first page's facts (version, when) and the latest counts; undefined until loaded. */
    summary: pages?.length ? { ...pages[0], counts: pages[pages.length - 1].counts } : undefined,
    readers: pages?.flatMap((p) => p.readers),
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: async () => {
      if (query.hasNextPage && !query.isFetchingNextPage) await query.fetchNextPage();
    },
  };
}

// The personal link: the token in the path is the credential, so these calls send no cookie
// (and so need no CSRF header), like the page-acknowledgement link.
const anonymous = { credentials: "omit" as const };

/** The reader may have no session (and so no zone of their own in Goldseam): the times the
 * document quotes are written in the browser's zone. */
function readerZone(): { zone?: string } {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone ? { zone } : {};
  } catch {
    return {};
  }
}

/** Opens the personal link (the server records the first open). Asked once: the reading does
 * not change under the reader, and every ask would be another open. */
export function useReading(token: string) {
  return useQuery({
    queryKey: distributionKeys.reading(token),
    queryFn: ({ signal }) => unwrap(client.GET("/api/v1/read/{token}", { params: { path: { token }, query: readerZone() }, signal, ...anonymous })),
    staleTime: Infinity,
  });
}

/** "I have read it": idempotent; the answer is the reading with `acknowledged_at` set. */
export function useAcknowledgeReading(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST("/api/v1/read/{token}/acknowledge", { params: { path: { token }, query: readerZone() }, ...anonymous })),
    onSuccess: (reading) => queryClient.setQueryData(distributionKeys.reading(token), reading),
  });
}

/** No more postmortems from audiences the reader is not required to read. */
export function useUnsubscribeReading(token: string) {
  return useMutation({
    mutationFn: () => unwrap(client.POST("/api/v1/read/{token}/unsubscribe", { params: { path: { token } }, ...anonymous })),
  });
}
