// The follow-ups page's list: the filtered follow-ups of incidents the caller may see, due date
// first, a page at a time. It lives under followUpKeys.lists, so writes and both event streams
// refresh it (src/api/followUps.ts, src/api/live.ts).
import { api } from "../../api/client";
import { usePagedList } from "../../api/cursor";
import { unwrap } from "../../api/errors";
import { followUpKeys } from "../../api/followUps";
import type { FollowUpQuery } from "../filter";

export const PAGE_SIZE = 50;

/** While other filters load, the previous results stay on screen (marked stale). */
export function useFollowUpList(query: FollowUpQuery) {
  return usePagedList({
    queryKey: followUpKeys.list(query),
    fetchPage: (cursor, signal) => unwrap(api.GET("/api/v1/follow-ups", { params: { query: { ...query, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } }, signal })),
    keepPrevious: true,
  });
}
