import "./pages.css";
import { useMemo, useState } from "react";
import { describeProblem } from "../api/client";
import { useDirectory } from "../api/people";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";
import { responseGapSentence, type TimelineEvent } from "../events";
import { Time } from "../Time";
import { useAcknowledgePages, useIncidentPages, usePolicyNames } from "./api/pages";
import { ackOutcome, openPages, pagesSignature, pageTarget, sortPages, type PageItem } from "./pages";
import { PageSomeoneForm } from "./PageSomeoneForm";
import { responseGaps } from "./response";

/** Who is being woken for the incident and whether someone acknowledged; members and admins
 * acknowledge from here. Refetched whenever a page starts or is acknowledged (the timeline's
 * `paged` and `page_acknowledged` events arrive over the room's stream). */
export function PagesPanel({ reference, events }: { reference: string; events: readonly TimelineEvent[] }) {
  const { canAct, session } = useApp();
  const { names } = useDirectory();
  const query = useIncidentPages(reference, pagesSignature(events));
  const pages = query.data;
  const ack = useAcknowledgePages(reference);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  const policies = usePolicyNames(pages);
  const pageGaps = responseGaps(events).filter((g) => g.action === "page");

  const sorted = useMemo(() => sortPages(pages ?? []), [pages]);
  const open = openPages(pages ?? []);
  const busy = ack.isPending;

  async function acknowledge(page?: PageItem) {
    setError(null);
    try {
      setStatus(ackOutcome(await ack.mutateAsync(page?.id), names));
    } catch (e) {
      setError(describeProblem(e));
    }
  }

  const failed = query.error != null && !query.isFetching;
  if (pages === undefined && !failed) return null;
  return (
    <section className="pages" aria-labelledby="pages-title">
      <h2 id="pages-title">Paging {open.length > 0 && <span className="open-count">{open.length} open</span>}</h2>
      {failed && <QueryError error={query.error} what="The pages" retry={query.refetch} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {pages?.length === 0 &&
        (pageGaps.length ? (
          <p className="muted">Nobody has been paged: {pageGaps.map(responseGapSentence).join(" ")} Page someone yourself below.</p>
        ) : (
          <p className="muted">Nobody has been paged. Response rules and the incident-manager schedule page people when an incident is declared; page someone yourself below.</p>
        ))}
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
                    <span aria-hidden="true">✓ </span>Acknowledged by {p.acknowledged_by != null ? (names.get(p.acknowledged_by) ?? `user #${p.acknowledged_by}`) : "someone"}{" "}
                    <Time at={p.acknowledged_at} />
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
      {canAct && <PageSomeoneForm reference={reference} onPaged={setStatus} />}
      <p role="status" className="muted">
        {status}
      </p>
    </section>
  );
}
