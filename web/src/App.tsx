import { useEffect, useState } from "react";
import { api, setCsrfToken, type Session } from "./api/client";
import { Shell } from "./Shell";
import { Login } from "./Login";

/** Checks for a session on load; shows the sign-in form until there is one. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  useEffect(() => {
    api.GET("/api/v1/auth/session").then(({ data }) => {
      setCsrfToken(data?.csrf_token ?? null);
      setSession(data ?? null);
    });
  }, []);

  const signedIn = (s: Session | null) => {
    setCsrfToken(s?.csrf_token ?? null);
    setSession(s);
  };

  if (session === undefined) return <p className="muted">Loading…</p>;
  if (session === null) return <Login onSignedIn={signedIn} />;
  return <Shell session={session} onSignedOut={() => signedIn(null)} />;
}
