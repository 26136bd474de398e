// What a failed call becomes once it leaves the data layer: one error type carrying the HTTP
// status and the server's problem+json fields, so `describeProblem` and the form helpers read it
// as they read a problem, and the retry policy can tell a refusal from an outage.
import type { Problem } from "./client";

/** A refused or failed API call. `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: Problem["errors"];
  /** The answer's headers (Retry-After on a 429), when there was an answer. */
  readonly headers: Headers | null;

  constructor(status: number, problem: Partial<Problem> | undefined, headers: Headers | null = null) {
    const detail = problem?.detail ?? (status === 0 ? "Goldseam could not be reached. Check the connection, then try again." : `The server answered ${status}.`);
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.title = problem?.title;
    this.detail = detail;
    this.errors = problem?.errors;
    this.headers = headers;
  }
}

/** What every openapi-fetch call resolves to. */
export interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; a refusal (4xx/5xx) or an unreachable server throws an
 * ApiError. Bodiless answers (204) resolve to undefined. An aborted call rethrows as it is, so the
 * query library knows it was cancelled rather than failed. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  return (await unwrapResponse(call)).data;
}

/** As `unwrap`, with the response, for when its status says something (201 created, 200 found). */
export async function unwrapResponse<T>(call: Promise<Answer<T>>): Promise<{ data: T; response: Response }> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, undefined);
  }
  if (answer.response.ok) return { data: answer.data as T, response: answer.response };
  const problem = typeof answer.error === "object" && answer.error !== null ? (answer.error as Partial<Problem>) : undefined;
  throw new ApiError(answer.response.status, problem, answer.response.headers);
}

/** The HTTP status of a failed call (0: not reached; undefined: not an API error). */
export const statusOf = (error: unknown): number | undefined => (error instanceof ApiError ? error.status : undefined);
