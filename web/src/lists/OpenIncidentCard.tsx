import type { Incident } from "../api/client";
import { useApp } from "../context";
import { elapsed } from "../incidents";
import { plainExcerpt } from "../excerpt";
import { Link } from "../Link";
import { useLeadRoleName } from "../roles";
import { roomPath } from "../route";
import { absoluteTime } from "../time";
import { cadenceOf, lastUpdateWords, pagingWords, staleFlag } from "./handled";
import { SeverityBadge, StatusBadge, TagLinks } from "./parts";
import { responders } from "./summary";

/** One open incident, and whether it is handled: who leads, whether the page reached anyone, how
 * old the last status update is, and a flag when that is older than its severity expects. The
 * dashboard re-renders on a tick, so the ages keep counting. */
export function OpenIncidentCard({ incident: i, typeName }: { incident: Incident; typeName: string }) {
  const { severities } = useApp();
  const leadRole = useLeadRoleName();
  const now = new Date();
  const { manager, others } = responders(i);
  const paging = pagingWords(i.paging, now);
  const stale = staleFlag(i, cadenceOf(i.severity, severities), now);
  return (
    <li className={`dash-card${stale ? " overdue" : ""}`}>
      <div className="head">
        <SeverityBadge severity={i.severity} /> <StatusBadge status={i.status} />{" "}
        <Link className="title" to={roomPath(i.reference)}>
          <strong>{i.reference}</strong> {i.title}
        </Link>
      </div>
      <p className="meta muted">
        {typeName} · declared <span title={absoluteTime(i.declared_at)}>{elapsed(i.declared_at)} ago</span>
      </p>
      <dl className="people">
        <div>
          <dt>{leadRole}</dt>
          <dd>{manager ?? <span className="unassigned">Nobody leads</span>}</dd>
        </div>
        {others.length > 0 && (
          <div>
            <dt>Responders</dt>
            <dd>{others.join(", ")}</dd>
          </div>
        )}
      </dl>
      <p className="handled">
        <span className={`paging-state tone-${paging.tone}`}>{paging.text}</span>
        <span className="update-age" title={i.last_update ? absoluteTime(i.last_update.at) : undefined}>
          {lastUpdateWords(i, now)}
        </span>
      </p>
      {stale && (
        <p className="stale-flag">
          <span className="flag-badge">Update overdue</span> {stale}.
        </p>
      )}
      {i.last_update && <p className="last-update">{plainExcerpt(i.last_update.body)}</p>}
      <TagLinks tags={i.tags} />
    </li>
  );
}
