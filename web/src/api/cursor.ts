// The one cursor walker. List endpoints answer a page of `items` and the `next_cursor` to ask for
// the following one; every paginated list of the app follows it here: lists read whole (the
// directory, the service catalog, an incident's timeline) walk every page in one query, lists
// shown page by page (incidents, users, dead letters) walk one page per "Load more".
import { keepPreviousData, useInfiniteQuery, type QueryKey } from "@tanstack/react-query";

/** A page as the API answers it. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** What a walk brought back: the items in order, and the cursor of the page after the last one
 * walked (null when the list is done). */
export interface Walked<T> {
  items: T[];
  next: string | null;
}

/** Fetches the page at `cursor` (undefined: the first); throws when the page cannot be had. */
export type PageFetcher<T> = (cursor: string | undefined, signal?: AbortSignal) => Promise<Page<T>>;

/** A company has tens of schedules and thousands of users, not millions: past this many pages a
 * walk stops rather than loop on a server that keeps answering the same cursor. */
const MAX_PAGES = 100;

/** Follows `next_cursor` from `from` for at most `pages` pages (all of them by default). An empty
 * page ends the walk too: a cursor that yields nothing yields nothing more. */
export async function walkPages<T>(fetchPage: PageFetcher<T>, { from, pages = MAX_PAGES, signal }: { from?: string; pages?: number; signal?: AbortSignal } = {}): Promise<Walked<T>> {
  const items: T[] = [];
  let cursor = from;
  for (let n = 0; n < Math.min(pages, MAX_PAGES); n++) {
    const page = await fetchPage(cursor, signal);
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
    if (!cursor || page.items.length === 0) return { items, next: null };
  }
  return { items, next: cursor ?? null };
}

/** Every item of a list, for a query that reads it whole. */
export async function allItems<T>(fetchPage: PageFetcher<T>, signal?: AbortSignal): Promise<T[]> {
  return (await walkPages(fetchPage, { signal })).items;
}

/** A list shown page by page: the first page now, the next one at each `loadMore`. When the
 * query is invalidated (a live change, a write) every page loaded so far is fetched again from
 * the first, so nothing already shown is cut off and no hole opens between pages. */
export function usePagedList<T>({
  queryKey,
  fetchPage,
  enabled = true,
  keepPrevious = false,
}: {
  queryKey: QueryKey;
  fetchPage: PageFetcher<T>;
  enabled?: boolean;
  /** While another key loads (new filters), keep showing the last list; `stale` says so. */
  keepPrevious?: boolean;
}) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => walkPages(fetchPage, { from: pageParam, pages: 1, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Walked<T>) => last.next ?? undefined,
    enabled,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
  });
  return {
    query,
    /** The pages loaded so far, oldest request first; undefined until the first arrives. */
    pages: query.data?.pages,
    /** The pages shown belong to the previous key: the new one is still loading. */
    stale: query.isPlaceholderData,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    /** Fetches the next page; resolves once it is shown (or failed: the query carries the error). */
    loadMore: async () => {
      if (query.hasNextPage && !query.isFetchingNextPage) await query.fetchNextPage();
    },
  };
}
