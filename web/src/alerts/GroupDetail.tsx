import { useEffect, useRef } from "react";
import { alertCounts, alertStatusWord, keySourceWord, outcomeWord, severityWord } from "../alertWords";
import type { Alert } from "../api/alerts";
import { statusOf } from "../api/errors";
import { AlertGroupBadges } from "../components/AlertBadges";
import { QueryState } from "../components/QueryState";
import { Link } from "../Link";
import { roomPath } from "../route";
import { Time } from "../Time";
import { useAlertGroup } from "./api/alerts";

/** One group and its alerts: each alert's status, its dedup key and where the key came from,
 * and what its last request did and why (the rule and the rendered keys). */
export function GroupDetail({ id, integrationName, onClose }: { id: number; integrationName: (id: number) => string; onClose: () => void }) {
  const query = useAlertGroup(id);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from the list: the keyboard and screen readers start at the group.
  useEffect(() => heading.current?.focus(), [id]);
  return (
    <section className="panel group-detail" aria-labelledby="group-heading">
      <div className="group-head">
        <h2 id="group-heading" tabIndex={-1} ref={heading}>
          {query.data?.group.summary || `Alert group ${id}`}
        </h2>
        <button type="button" className="small" onClick={onClose}>
          Close
        </button>
      </div>
      {statusOf(query.error) === 404 ? (
        <p role="alert">There is no alert group {id}.</p>
      ) : (
        <QueryState query={query} what="The alert group">
          {({ group: g, alerts }) => (
            <>
              <p>
                <AlertGroupBadges group={g} /> {alertCounts(g.alerts, g.firing)} · {integrationName(g.integration_id)} · route “{g.route}”
                {g.incident && (
                  <>
                    {" "}
                    · <Link to={roomPath(g.incident)}>{g.incident}</Link>
                  </>
                )}
              </p>
              <p className="muted">
                Group key <code className="mono">{g.group_key}</code> · opened <Time at={g.opened_at} withDate />
                {g.resolved_at && (
                  <>
                    {" "}
                    · resolved <Time at={g.resolved_at} withDate />
                  </>
                )}
                {g.reopened > 0 && ` · reopened ${g.reopened} ${g.reopened === 1 ? "time" : "times"} in the last hour`}
              </p>
              {alerts.length === 0 ? <p className="empty">No alerts in it.</p> : <AlertList alerts={alerts} />}
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}

function AlertList({ alerts }: { alerts: Alert[] }) {
  return (
    <ul className="alert-list">
      {alerts.map((a) => (
        <li key={a.id} className="card">
          <h3>
            <span className={`alert-badge status-${a.status}`}>{alertStatusWord(a.status)}</span> {a.summary || <span className="muted">(no summary)</span>}
          </h3>
          <p className="muted">
            {severityWord(a.severity)}
            {a.source && ` · ${a.source}`} · {a.received} {a.received === 1 ? "request" : "requests"} · last <Time at={a.last_at} withDate />
          </p>
          <p>
            Dedup key <code className="mono">{a.dedup_key}</code> <span className="muted">(from {keySourceWord(a.key_from)})</span>
          </p>
          <p className="why">
            <strong>{outcomeWord(a.outcome)}</strong>
            {a.reason && `: ${a.reason}`}
          </p>
          {Object.keys(a.labels).length > 0 && (
            <ul className="labels" aria-label="Labels">
              {Object.entries(a.labels).map(([k, v]) => (
                <li key={k}>
                  <code className="mono">
                    {k}={v}
                  </code>
                </li>
              ))}
            </ul>
          )}
          {a.links.length > 0 && (
            <p>
              {a.links.map((l, n) => (
                <a key={n} href={l.href} target="_blank" rel="noreferrer noopener" className="alert-link">
                  {l.text || l.href}
                </a>
              ))}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
