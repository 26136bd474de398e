// The typed API client, generated from the server's OpenAPI document (`npm run api`).
// Cookie-authenticated writes must echo the session's CSRF token, so a middleware adds it.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "./schema";

export type Incident = components["schemas"]["IncidentDto"];
export type Severity = components["schemas"]["Severity"];
export type Session = components["schemas"]["SessionDto"];
export type Problem = components["schemas"]["Problem"];
export type IncidentType = components["schemas"]["IncidentType"];
export type RoleKind = components["schemas"]["RoleKind"];
export type User = components["schemas"]["UserDto"];

/** The JSON body an operation takes (by its operationId), for hooks that pass it through. */
export type RequestBody<O extends keyof operations> = operations[O] extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

let csrfToken: string | null = null;

/** Remembers the CSRF token from the login answer or the session check. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !["GET", "HEAD", "OPTIONS"].includes(request.method)) {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
};

/** Fired when the server no longer accepts the session, so the app can ask to sign in again. */
export const SESSION_EXPIRED = "goldseam:session-expired";

const expiry: Middleware = {
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    const signingIn = path === "/api/v1/auth/login" || path === "/api/v1/auth/session";
    if (response.status === 401 && !signingIn) window.dispatchEvent(new Event(SESSION_EXPIRED));
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);
api.use(expiry);

/** A problem+json answer as one readable sentence. */
export function describeProblem(error: unknown): string {
  const p = error as Partial<Problem> | undefined;
  if (p?.errors?.length) return p.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return p?.detail ?? "Something went wrong; try again.";
}
