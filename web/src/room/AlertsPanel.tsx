import { alertCounts } from "../alertWords";
import { useIncidentAlertGroups } from "../api/alerts";
import { AlertGroupBadges } from "../components/AlertBadges";
import { QueryError } from "../components/QueryState";
import { Link } from "../Link";
import { alertGroupPath } from "../route";
import { Time } from "../Time";

/**
 * The alert groups on the incident: those that opened it or joined it, each with its state and
 * how many of its alerts still fire, linked to the group on the Alerts page. Absent for
 * incidents no alert touched. Live: the room's stream asks again after alert events
 * (src/api/alerts.ts).
 */
export function AlertsPanel({ reference }: { reference: string }) {
  const query = useIncidentAlertGroups(reference);
  const groups = query.data;
  const failed = query.error != null && !query.isFetching;
  if (!groups?.length) return failed ? <QueryError error={query.error} what="The incident's alerts" retry={query.refetch} /> : null;
  const firing = groups.reduce((n, g) => n + g.firing, 0);
  return (
    <section className="alerts-panel" aria-labelledby="alerts-panel-title">
      <h2 id="alerts-panel-title">
        Alerts {firing > 0 && <span className="fu-count">{firing} firing</span>}
      </h2>
      {failed && <QueryError error={query.error} what="The incident's alerts" retry={query.refetch} />}
      <ul className="alerts-panel-list">
        {groups.map((g) => (
          <li key={g.id}>
            <Link to={alertGroupPath(g.id)}>{g.summary || `Alert group ${g.id}`}</Link> <AlertGroupBadges group={g} />
            <div className="muted">
              {alertCounts(g.alerts, g.firing)} · last <Time at={g.last_alert_at} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
