// Loading, failure and "Try again" for every read, in one place: a page never shows an empty list
// where there was an error, and every error says what the server said.
import type { ReactNode } from "react";
import { describeProblem } from "../api/client";

/** What QueryState needs of a query (a TanStack query result has all of it). */
export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isFetching: boolean;
  refetch: () => Promise<unknown>;
}

/** The failure of a read, with the server's problem detail and a button to ask again. */
export function QueryError({ error, what, retry }: { error: unknown; what?: string; retry: () => unknown }) {
  return (
    <div role="alert" className="error query-error">
      <p>
        {what ? `${what} could not be loaded: ` : ""}
        {describeProblem(error)}
      </p>
      <button type="button" className="small" onClick={() => void retry()}>
        Try again
      </button>
    </div>
  );
}

/** Shows `children(data)` once the query has data; before that, `loading` (a muted "Loading…" by
 * default) or the error. When a refetch fails while older data is shown, the data stays and the
 * error is shown above it. `what` names the thing for the message ("The schedules"). */
export function QueryState<T>({ query, what, loading, children }: { query: QueryLike<T>; what?: string; loading?: ReactNode; children: (data: T) => ReactNode }) {
  // While it asks again, the error gives way to the loading state (or to the data still shown).
  const failed = query.error != null && !query.isFetching;
  const error = failed ? <QueryError error={query.error} what={what} retry={query.refetch} /> : null;
  if (query.data === undefined) return error ?? <>{loading ?? <p className="muted">Loading…</p>}</>;
  return (
    <>
      {error}
      {children(query.data)}
    </>
  );
}

/** Several queries as one: data when all have theirs, the first error otherwise, and a retry that
 * asks again for whatever failed. */
export function combineQueries<T extends unknown[]>(...queries: { [K in keyof T]: QueryLike<T[K]> }): QueryLike<T> {
  const ready = queries.every((q) => q.data !== undefined);
  return {
    data: ready ? (queries.map((q) => q.data) as T) : undefined,
    error: queries.find((q) => q.error != null)?.error ?? null,
    isFetching: queries.some((q) => q.isFetching),
    refetch: () => Promise.all(queries.filter((q) => q.error != null || q.data === undefined).map((q) => q.refetch())),
  };
}
