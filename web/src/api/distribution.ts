// Postmortem distribution (issue 14): the policy settings edit, the readers of one postmortem
// (its page's Readers panel), and the public reading link (`/read/:token`). Shared here because
// settings and the postmortem feature both read it.
//
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import { incidentKeys } from "./incidents";
import type { components } from "./schema";

type Schemas = components["schemas"];
export type AudienceKind = Schemas["AudienceKind"];
export type Rendering = Schemas["Rendering"];
export type Audience = Schemas["Audience"];
export type DistributionRule = Schemas["DistributionRule"];
export type DistributionPolicy = Schemas["DistributionPolicyDto"];
export type ReaderStatus = Schemas["ReaderStatusDto"];
export type ReaderKind = Schemas["ReaderKindDto"];
export type Reader = Schemas["ReaderDto"];
export type ReaderCounts = Schemas["ReaderCountsDto"];
export type Readers = Schemas["ReadersDto"];
export type Reading = Schemas["ReadingDto"];
const client = api;

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
          params: { path: { ref: reference }, query: { ...(status ? { status } : {}), ...(pageParam !== undefined ? { after: String(pageParam) } : {}), limit: String(READERS_PAGE) } },
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
