import "./pages.css";
import { useEffect, useRef, type RefObject } from "react";
import { ApiError } from "../api/errors";
import { Time } from "../Time";
import { useAckLink, useAcknowledgeLink } from "./api/ack";
import { ackFailure, ackHeadline, pagedBecause, roomHref, type AckLink } from "./pages";

type State = { kind: "loading" } | { kind: "ready"; link: AckLink; justNow: boolean } | { kind: "failed"; status: number; detail?: string; reference?: string };

/** A failed call as the page explains it: by status (0 when Goldseam could not be reached). */
function failed(error: unknown, reference?: string): State {
  const e = error instanceof ApiError ? error : new ApiError(0, undefined);
  return { kind: "failed", status: e.status, detail: e.status ? e.detail : undefined, reference };
}

/** The page an acknowledgement link in a page email opens; works without signing in. Opening it
 * only shows what it is for (mail scanners follow links); the button acknowledges. */
export function AckPage({ token }: { token: string }) {
  const link = useAckLink(token);
  const acknowledge = useAcknowledgeLink(token);
  const result = useRef<HTMLDivElement>(null);
  const state: State = acknowledge.isSuccess
    ? { kind: "ready", link: acknowledge.data, justNow: true }
    : acknowledge.isError
      ? failed(acknowledge.error, link.data?.reference)
      : link.data
        ? { kind: "ready", link: link.data, justNow: false }
        : link.isError
          ? failed(link.error)
          : { kind: "loading" };
  const busy = acknowledge.isPending;

  const title = state.kind === "ready" ? `Acknowledge ${state.link.reference} · Goldseam` : "Acknowledge a page · Goldseam";
  useEffect(() => {
    document.title = title;
  }, [title]);

  async function onAcknowledge() {
    await acknowledge.mutateAsync().catch(() => undefined);
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
                {state.justNow ? "Done. " : ""}Acknowledged by {state.link.acknowledged_by ?? "someone"} at <Time at={state.link.acknowledged_at} withDate />. Further notifications and escalation for
                this page are stopped.
              </p>
            ) : null}
          </div>
          {!state.link.acknowledged_at && (
            <>
              <p>Acknowledging tells everyone you have it and stops further notifications and escalation for this page.</p>
              <button type="button" className="ack" onClick={onAcknowledge} disabled={busy}>
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
