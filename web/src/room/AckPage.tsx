import "./pages.css";
import { useEffect, useRef, useState, type RefObject } from "react";
import { Time } from "../Time";
import { ackFailure, ackHeadline, pagedBecause, roomHref, type AckLink } from "./pages";

type State = { kind: "loading" } | { kind: "ready"; link: AckLink; justNow: boolean } | { kind: "failed"; status: number; detail?: string; reference?: string };

async function call(method: "GET" | "POST", token: string): Promise<State> {
  try {
    // The token is the credential: no session, no CSRF header, no cookies needed.
    const res = await fetch(`/api/v1/ack/${encodeURIComponent(token)}`, { method, credentials: "omit", headers: { accept: "application/json" } });
    const body = await res.json().catch(() => ({}));
    if (res.ok) return { kind: "ready", link: body as AckLink, justNow: method === "POST" };
    return { kind: "failed", status: res.status, detail: (body as { detail?: string }).detail };
  } catch {
    return { kind: "failed", status: 0 };
  }
}

/** The page an acknowledgement link in a page email opens; works without signing in. Opening it
 * only shows what it is for (mail scanners follow links); the button acknowledges. */
export function AckPage({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [busy, setBusy] = useState(false);
  const result = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    call("GET", token).then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [token]);

  useEffect(() => {
    document.title = state.kind === "ready" ? `Acknowledge ${state.link.reference} · Goldseam` : "Acknowledge a page · Goldseam";
  }, [state]);

  async function acknowledge() {
    setBusy(true);
    const reference = state.kind === "ready" ? state.link.reference : undefined;
    const next = await call("POST", token);
    setBusy(false);
    setState(next.kind === "failed" ? { ...next, reference } : next);
    // The button is gone: the keyboard continues from the outcome.
    requestAnimationFrame(() => result.current?.focus());
  }

  return (
    <main className="ack-page" id="main">
      <p className="brand">Goldseam</p>
      {state.kind === "loading" && <p className="muted">Loading…</p>}
      {state.kind === "failed" && <Failure status={state.status} detail={state.detail} reference={state.reference} focusRef={result} />}
      {state.kind === "ready" && (
        <>
          <h1>{ackHeadline(state.link)}</h1>
          <p className="reason">{capitalise(pagedBecause(state.link.reason))}.</p>
          <div ref={result} tabIndex={-1} role="status">
            {state.link.acknowledged_at ? (
              <p className="done">
                <span aria-hidden="true">✓ </span>
                {state.justNow ? "Done. " : ""}Acknowledged by {state.link.acknowledged_by ?? "someone"} at <Time at={state.link.acknowledged_at} withDate />. Further notifications and escalation for this page are
                stopped.
              </p>
            ) : null}
          </div>
          {!state.link.acknowledged_at && (
            <>
              <p>Acknowledging tells everyone you have it and stops further notifications and escalation for this page.</p>
              <button type="button" className="ack" onClick={acknowledge} disabled={busy}>
                {busy ? "Acknowledging…" : "Acknowledge"}
              </button>
            </>
          )}
          <p>
            <a href={roomHref(state.link.reference)}>Open the incident room</a> (you may need to sign in).
          </p>
        </>
      )}
    </main>
  );
}

function Failure({ status, detail, reference, focusRef }: { status: number; detail?: string; reference?: string; focusRef: RefObject<HTMLDivElement | null> }) {
  const f = ackFailure(status, detail);
  return (
    <div ref={focusRef} tabIndex={-1}>
      <h1>{f.title}</h1>
      <p role="alert" className="failed">
        {f.text}
      </p>
      {f.roomLink && (
        <p>
          <a href={roomHref(reference)}>{reference ? `Open ${reference} to acknowledge` : "Sign in and open the incident to acknowledge"}</a>
        </p>
      )}
    </div>
  );
}

const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
