// The one QueryClient: how long answers count as fresh and when a failed read is asked again.
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./errors";
import { syncIncidentLists } from "./incidents";

/** Reads asked again after a failure, at most. */
export const MAX_RETRIES = 2;

/** A 4xx is the server's considered answer (not found, not allowed, invalid): asking again gets
 * the same one, so it is shown at once. An unreachable server or a 5xx may pass: a couple more
 * tries, with the library's growing delay, before the error is shown. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = error instanceof ApiError ? error.status : 0;
  if (status >= 400 && status < 500) return false;
  return failureCount < MAX_RETRIES;
}

export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // Incident data is kept current by the event stream (src/api/live.ts) and by each write's
        // invalidations, not by refetching whenever the window is focused.
        refetchOnWindowFocus: false,
      },
      // A write is never repeated behind the user's back; they see its error and choose.
      mutations: { retry: false },
    },
  });
  syncIncidentLists(client);
  return client;
}
