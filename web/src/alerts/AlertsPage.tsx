import "../components/page.css";
import "./alerts.css";
import { alertCounts } from "../alertWords";
import type { AlertGroup } from "../api/alerts";
import { AlertGroupBadges } from "../components/AlertBadges";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { navigate, roomPath } from "../route";
import { Time } from "../Time";
import { useAlertGroups } from "./api/alerts";
import { useIntegrations } from "./api/integrations";
import { GroupDetail } from "./GroupDetail";
import { readFilter, STATUSES, withParam } from "./filters";

/** Alerts, for everyone signed in: groups of alerts as they come in (asked again every few
 * seconds), filtered by status and integration; a group opened shows its alerts and why each
 * landed where it did. Filters and the open group live in the query string. */
export function AlertsPage({ search }: { search: URLSearchParams }) {
  const { isAdmin } = useApp();
  const { filter, group } = readFilter(search);
  const query = useAlertGroups(filter);
  // Only admins may read integrations; others filter by the integrations seen in the list.
  const integrations = useIntegrations(isAdmin).data;
  const seen = new Set([...(query.data ?? []).map((g) => g.integration_id), ...(filter.integration_id ? [filter.integration_id] : [])]);
  const choices = integrations ? integrations.map((i) => ({ id: i.id, name: i.name })) : [...seen].sort((a, b) => a - b).map((id) => ({ id, name: `Integration ${id}` }));
  const integrationName = (id: number) => choices.find((c) => c.id === id)?.name ?? `Integration ${id}`;
  const go = (key: string, value: string | null) => navigate(`/alerts${withParam(search, key, value)}`, { replace: key !== "group" });

  return (
    <div className="oc alerts-page">
      <h1>Alerts</h1>
      <p className="lede muted">
        What monitoring tools sent, grouped as they came; live.
        {isAdmin && (
          <>
            {" "}
            <Link to="/integrations">Integrations</Link>
          </>
        )}
      </p>
      <div className="toolbar" role="search" aria-label="Filter alert groups">
        <label>
          Status{" "}
          <select value={filter.status ?? ""} onChange={(e) => go("status", e.target.value || null)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Integration{" "}
          <select value={filter.integration_id ?? ""} onChange={(e) => go("integration", e.target.value || null)}>
            <option value="">Any</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {group !== null && <GroupDetail id={group} integrationName={integrationName} onClose={() => go("group", null)} />}
      <QueryState query={query} what="The alert groups">
        {(groups) =>
          groups.length === 0 ? (
            <p className="empty">No alert groups{filter.status || filter.integration_id ? " match these filters" : " yet"}.</p>
          ) : (
            <GroupTable groups={groups} selected={group} integrationName={integrationName} onOpen={(id) => go("group", String(id))} />
          )
        }
      </QueryState>
    </div>
  );
}

function GroupTable({ groups, selected, integrationName, onOpen }: { groups: AlertGroup[]; selected: number | null; integrationName: (id: number) => string; onOpen: (id: number) => void }) {
  return (
    <table className="rows alert-groups">
      <caption className="visually-hidden">Alert groups</caption>
      <thead>
        <tr>
          <th scope="col">Summary</th>
          <th scope="col">State</th>
          <th scope="col">Alerts</th>
          <th scope="col">Integration</th>
          <th scope="col">Last alert</th>
          <th scope="col">Incident</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.id} aria-current={g.id === selected ? "true" : undefined}>
            <td data-label="Summary">
              <button type="button" className="linkish" onClick={() => onOpen(g.id)}>
                {g.summary || <span className="muted">(no summary)</span>}
              </button>
            </td>
            <td data-label="State">
              <AlertGroupBadges group={g} />
            </td>
            <td data-label="Alerts">{alertCounts(g.alerts, g.firing)}</td>
            <td data-label="Integration">{integrationName(g.integration_id)}</td>
            <td data-label="Last alert">
              <Time at={g.last_alert_at} withDate />
            </td>
            <td data-label="Incident">{g.incident ? <Link to={roomPath(g.incident)}>{g.incident}</Link> : <span className="muted">None</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
