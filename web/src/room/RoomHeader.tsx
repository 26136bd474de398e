import { useMemo } from "react";
import type { Incident } from "../api/client";
import { useApp } from "../context";
import { elapsed } from "../incidents";
import { Link } from "../Link";
import { renderMarkdown, type Mentions } from "../markdown";
import { postmortemStateLabel, postmortemStateOf } from "../postmortems";
import { postmortemPath } from "../route";
import type { TimelineEvent } from "../events";
import { Time } from "../Time";
import type { Act } from "./act";
import { LeadLine } from "./LeadLine";
import { useNow } from "./useRoom";

/** When the incident stopped running, if it did: its duration then stays fixed. */
function endedAt(incident: Incident): string | null {
  if (incident.status === "resolved" || incident.status === "closed") return incident.resolved_at ?? incident.closed_at ?? null;
  if (incident.status === "canceled") return incident.canceled_at ?? null;
  return null;
}

/** What the incident is, how bad, where it stands, who leads it and for how long, and where its
 * postmortem is (read from the timeline the room already follows). */
export function RoomHeader({ incident, events, mentions, act }: { incident: Incident; events: readonly TimelineEvent[]; mentions: Mentions; act: Act }) {
  const { severities, types } = useApp();
  const severity = severities.find((s) => s.key === incident.severity);
  const type = types.find((t) => t.key === incident.type);
  const ended = endedAt(incident);
  const postmortem = useMemo(() => postmortemStateOf(events), [events]);
  const summary = useMemo(() => (incident.summary ? renderMarkdown(incident.summary, mentions) : null), [incident.summary, mentions]);
  return (
    <div className="room-header">
      <h1>
        <span className={`sev sev-${incident.severity}`} title={severity ? `${severity.name}: ${severity.description}` : undefined}>
          {incident.severity}
        </span>{" "}
        {incident.reference}: {incident.title}
        {incident.private && (
          <span className="badge" title="Visible to the people working on it and admins only">
            Private
          </span>
        )}
      </h1>
      <p className="facts">
        <span className={`status status-${incident.status}`}>{incident.status}</span>
        {severity && (
          <span>
            {severity.key} · {severity.name}
          </span>
        )}
        <LeadLine incident={incident} act={act} />
        <span>Type: {type?.name ?? incident.type}</span>
        <span>
          declared <Time at={incident.declared_at} withDate />
          {incident.declared_by && ` by ${incident.declared_by.name}`}
        </span>
        {ended ? <span className="elapsed">lasted {elapsed(incident.declared_at, new Date(ended))}</span> : <OpenFor since={incident.declared_at} />}
        <Link to={postmortemPath(incident.reference)}>{postmortem ? `Postmortem · ${postmortemStateLabel(postmortem).toLowerCase()}` : "Postmortem"}</Link>
      </p>
      {summary && <div className="summary markdown" dangerouslySetInnerHTML={{ __html: summary }} />}
    </div>
  );
}

/** How long the incident has been open, ticking (every few seconds, so the first minute counts). */
function OpenFor({ since }: { since: string }) {
  const now = useNow(10_000);
  return <span className="elapsed">open for {elapsed(since, now)}</span>;
}
