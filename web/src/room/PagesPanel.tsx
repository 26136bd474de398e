import "./pages.css";
import { useEffect, useMemo, useState } from "react";
import { api, describeProblem } from "../api/client";
import { useApp } from "../context";
import type { TimelineEvent } from "../events";
import { Time } from "../Time";
import { useDirectory } from "./directory";
import { ackOutcome, openPages, pagesSignature, pageTarget, sortPages, type PageItem } from "./pages";
import { PageSomeoneForm } from "./PageSomeoneForm";

/** Who is being woken for the incident and whether someone acknowledged; members and admins
 * acknowledge from here. Refetched whenever a page starts or is acknowledged (the timeline's
 * `paged` and `page_acknowledged` events arrive over the room's stream). */
export function PagesPanel({ reference, events }: { reference: string; events: readonly TimelineEvent[] }) {
  const { canAct, session } = useApp();
  const { names } = useDirectory();
  const [pages, setPages] = useState<PageItem[] | null>(null);
  const [policies, setPolicies] = useState<ReadonlyMap<number, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const signature = pagesSignature(events);

  useEffect(() => {
    let live = true;
    api.GET("/api/v1/incidents/{ref}/pages", { params: { path: { ref: reference } } }).then(({ data, error }) => {
      if (!live) return;
      if (data) setPages(data);
      else setError(describeProblem(error));
    });
    return () => {
      live = false;
    };
  }, [reference, signature]);

  // Policy names only matter once a page follows one.
  const needPolicies = !!pages?.some((p) => p.policy_id != null);
  useEffect(() => {
    if (!needPolicies) return;
    let live = true;
    api.GET("/api/v1/escalation-policies").then(({ data }) => {
      if (live && data) setPolicies(new Map(data.map((p) => [p.id, p.name])));
    });
    return () => {
      live = false;
    };
  }, [needPolicies]);

  const sorted = useMemo(() => sortPages(pages ?? []), [pages]);
  const open = openPages(pages ?? []);

  async function acknowledge(page?: PageItem) {
    setBusy(true);
    setError(null);
    const { data, error } = page
      ? await api.POST("/api/v1/incidents/{ref}/pages/{page_id}/acknowledge", { params: { path: { ref: reference, page_id: page.id } } })
      : await api.POST("/api/v1/incidents/{ref}/acknowledge", { params: { path: { ref: reference } } });
    setBusy(false);
    if (!data) {
      setError(describeProblem(error));
      return;
    }
    setStatus(ackOutcome(data, names));
    const fresh = await api.GET("/api/v1/incidents/{ref}/pages", { params: { path: { ref: reference } } });
    if (fresh.data) setPages(fresh.data);
  }

  if (pages === null && !error) return null;
  return (
    <section className="pages" aria-labelledby="pages-title">
      <h2 id="pages-title">
        Paging{" "}
        {open.length > 0 && (
          <span className="open-count">
            {open.length} open
          </span>
        )}
      </h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {pages?.length === 0 && <p className="muted">Nobody has been paged. Response rules and the incident-manager schedule page people when an incident is declared; page someone yourself below.</p>}
      {sorted.length > 0 && (
        <ul className="page-list">
          {sorted.map((p) => {
            const who = pageTarget(p, names, policies);
            return (
              <li key={p.id} className={p.acknowledged_at ? "acked" : "open"}>
                <p className="page-who">
                  <strong>{who}</strong>
                  {p.user_id === session.user.id && <span className="muted"> (you)</span>}
                </p>
                <p className="muted page-why">{p.reason}</p>
                <p className="page-when">
                  Paged <Time at={p.started_at} />
                </p>
                {p.acknowledged_at ? (
                  <p className="page-ack">
                    <span aria-hidden="true">✓ </span>Acknowledged by {p.acknowledged_by != null ? (names.get(p.acknowledged_by) ?? `user #${p.acknowledged_by}`) : "someone"} <Time at={p.acknowledged_at} />
                  </p>
                ) : (
                  <p className="page-open">
                    <span className="state">Waiting for acknowledgement</span>
                    {canAct && open.length > 1 && (
                      <button type="button" className="small" disabled={busy} onClick={() => acknowledge(p)} aria-label={`Acknowledge the page to ${who}`}>
                        Acknowledge
                      </button>
                    )}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canAct && open.length > 0 && (
        <button type="button" className="ack" disabled={busy} onClick={() => acknowledge()}>
          {open.length === 1 ? "Acknowledge" : `Acknowledge all ${open.length}`}
        </button>
      )}
      {!canAct && open.length > 0 && <p className="muted">Members and admins can acknowledge pages.</p>}
      {canAct && (
        <PageSomeoneForm
          reference={reference}
          onPaged={async (message) => {
            setStatus(message);
            const fresh = await api.GET("/api/v1/incidents/{ref}/pages", { params: { path: { ref: reference } } });
            if (fresh.data) setPages(fresh.data);
          }}
        />
      )}
      <p role="status" className="muted">
        {status}
      </p>
    </section>
  );
}
