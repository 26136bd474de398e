import { lazy, Suspense, useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { SESSION_EXPIRED, setCsrfToken, type Session } from "./api/client";
import { sessionKey, sessionQuery } from "./api/session";
import { QueryState } from "./components/QueryState";
import { Shell } from "./Shell";
import { Login } from "./Login";
import { AckPage } from "./room/AckPage";
import { ackToken, readToken, rsvpToken } from "./route";

// Readers arriving from a postmortem email download the reading page alone (and its sanitizer);
// the signed-in app's first load does not carry it.
const ReadingPage = lazy(() => import("./postmortem/ReadingPage").then((m) => ({ default: m.ReadingPage })));
// So do attendees answering a review invitation.
const RsvpPage = lazy(() => import("./reviews/RsvpPage").then((m) => ({ default: m.RsvpPage })));

/** Checks for a session on load; shows the sign-in form until there is one. */
export function App() {
  // An acknowledgement link from a page email works without signing in: the link is the proof.
  const ack = ackToken(window.location.pathname);
  if (ack) return <AckPage token={ack} />;
  // So does a postmortem's personal link: its token is the reader's credential.
  const read = readToken(window.location.pathname);
  if (read)
    return (
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ReadingPage token={read} />
      </Suspense>
    );
  // And a review invitation's answer link: the token is the attendee's credential.
  const rsvp = rsvpToken(window.location.pathname);
  if (rsvp)
    return (
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <RsvpPage token={rsvp} search={window.location.search} />
      </Suspense>
    );
  return <SignedInApp />;
}

function SignedInApp() {
  const queryClient = useQueryClient();
  const session = useQuery(sessionQuery);
  const [expired, setExpired] = useState(false);

  // Someone else may sign in next in this tab: nothing the last one could read stays cached.
  const signedIn = (s: Session | null) => {
    setCsrfToken(s?.csrf_token ?? null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
    queryClient.setQueryData(sessionKey, s);
  };

  useEffect(() => {
    const onExpired = () => {
      setCsrfToken(null);
      queryClient.setQueryData(sessionKey, null);
      setExpired(true);
    };
    window.addEventListener(SESSION_EXPIRED, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED, onExpired);
  }, [queryClient]);

  return (
    <QueryState query={session} what="Your session">
      {(s) =>
        s === null ? (
          <Login
            onSignedIn={(s) => {
              signedIn(s);
              setExpired(false);
            }}
            expired={expired}
          />
        ) : (
          <Shell session={s} onSignedOut={() => signedIn(null)} />
        )
      }
    </QueryState>
  );
}
