import { useRef, useState } from "react";
import type { Incident } from "../api/client";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";
import type { TimelineEvent } from "../events";
import { privateBecause, viewerCount, viewerReasons } from "./access";
import { AddViewerForm } from "./AddViewerForm";
import { useViewers } from "./api/viewers";
import { VisibilityForm } from "./VisibilityForm";

type Open = "add" | "public" | null;

/**
 * Who can see a private incident, and why, one line under the header that opens the list; for
 * those who act, the way to let someone in or to make the incident public. Nothing for a public
 * incident (everyone can see it; the controls offer "Make private").
 */
export function AccessPanel({ incident, events }: { incident: Incident; events: readonly TimelineEvent[] }) {
  const { canAct, session } = useApp();
  const query = useViewers(incident.reference, incident.private);
  const [shown, setShown] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState("");
  const addOpener = useRef<HTMLButtonElement>(null);
  const publicOpener = useRef<HTMLButtonElement>(null);

  if (!incident.private) return null;
  const why = privateBecause(events);
  const viewers = query.data?.viewers;
  const close = (which: Exclude<Open, null>) => {
    setOpen(null);
    // Back to the button that opened the form, not the top of the page.
    setTimeout(() => (which === "add" ? addOpener : publicOpener).current?.focus(), 0);
  };
  const toggle = (which: Exclude<Open, null>) => {
    setStatus("");
    setOpen(open === which ? null : which);
  };

  return (
    <section className="access" aria-label="Who can see this incident">
      <p className="access-line">
        <button type="button" className="link-button" aria-expanded={shown} aria-controls="access-details" onClick={() => setShown(!shown)}>
          {viewers ? viewerCount(viewers) : "Private: who can see this"}
        </button>
        {why && <span className="muted"> · why: {why}</span>}
      </p>
      <div id="access-details" hidden={!shown}>
        {query.error != null && !query.isFetching && <QueryError error={query.error} what="Who can see this incident" retry={query.refetch} />}
        {viewers === undefined && query.isPending && <p className="muted">Loading who can see it…</p>}
        {viewers && (
          <ul className="viewer-list">
            {viewers.map((v) => (
              <li key={v.user.id}>
                <strong>{v.user.name}</strong>
                {v.user.id === session.user.id && <span className="muted"> (you)</span>}: <span className="muted">{viewerReasons(v.reasons)}</span>
              </li>
            ))}
          </ul>
        )}
        {canAct && (
          <p className="actions">
            <button type="button" className="small" ref={addOpener} aria-expanded={open === "add"} onClick={() => toggle("add")}>
              Let someone see it…
            </button>
            <button type="button" className="small" ref={publicOpener} aria-expanded={open === "public"} onClick={() => toggle("public")}>
              Make public…
            </button>
          </p>
        )}
        {open === "add" && (
          <AddViewerForm
            reference={incident.reference}
            viewers={viewers ?? []}
            onDone={(added) => {
              if (added) setStatus(`${added} can now see this incident.`);
              close("add");
            }}
          />
        )}
        {open === "public" && <VisibilityForm reference={incident.reference} makePrivate={false} onDone={() => close("public")} />}
        <p role="status" className="muted">
          {status}
        </p>
      </div>
    </section>
  );
}
