import { useEffect, useState } from "react";
import { api, SESSION_EXPIRED, setCsrfToken, type Session } from "./api/client";
import { Shell } from "./Shell";
import { Login } from "./Login";
import { AckPage } from "./AckPage";
import { ackToken } from "./route";

/** Checks for a session on load; shows the sign-in form until there is one. */
export function App() {
  // An acknowledgement link from a page email works without signing in: the link is the proof.
  const ack = ackToken(window.location.pathname);
  if (ack) return <AckPage token={ack} />;
  return <SignedInApp />;
}

function SignedInApp() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    api.GET("/api/v1/auth/session").then(({ data }) => {
      setCsrfToken(data?.csrf_token ?? null);
      setSession(data ?? null);
    });
    const onExpired = () => {
      setCsrfToken(null);
      setSession(null);
      setExpired(true);
    };
    window.addEventListener(SESSION_EXPIRED, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED, onExpired);
  }, []);

  const signedIn = (s: Session | null) => {
    setCsrfToken(s?.csrf_token ?? null);
    setSession(s);
    setExpired(false);
  };

  if (session === undefined) return <p className="muted">Loading…</p>;
  if (session === null) return <Login onSignedIn={signedIn} expired={expired} />;
  return <Shell session={session} onSignedOut={() => signedIn(null)} />;
}
