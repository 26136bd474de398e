// Who is signed in: asked once on load, then set by signing in and out.
import { queryOptions, useMutation } from "@tanstack/react-query";
import { api, setCsrfToken, type Session } from "./client";
import { ApiError, unwrap } from "./errors";

export const sessionKey = ["session"] as const;

/** The session, or null when nobody is signed in (401): the sign-in form, not an error. */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async ({ signal }): Promise<Session | null> => {
    let session: Session | null = null;
    try {
      session = await unwrap(api.GET("/api/v1/auth/session", { signal }));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    // Cookie-authenticated writes echo the session's CSRF token from now on.
    setCsrfToken(session?.csrf_token ?? null);
    return session;
  },
  staleTime: Infinity,
});

/** Signs in with email and password; the answer is the session. */
export function useSignIn() {
  return useMutation({ mutationFn: (body: { email: string; password: string }) => unwrap(api.POST("/api/v1/auth/login", { body })) });
}

/** Ends the session on the server (the app then forgets everything it read). */
export function useSignOut() {
  return useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")) });
}
