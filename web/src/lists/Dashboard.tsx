import { useLiveIncidents } from "../api/live";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { dashboardOrder, elapsed } from "../incidents";
import { Link } from "../Link";
import { navigate, roomPath, useLocation } from "../route";
import { absoluteTime } from "../time";
import { useDashboardIncidents } from "./api/incidents";
import { filtersPath, hasFilters, matchesFilters, NO_FILTERS, OPEN_STATUSES, parseFilters, type ListFilters } from "./filters";
import { FollowBar } from "./FollowBar";
import { LearningDue } from "./LearningDue";
import { OpenIncidentCard } from "./OpenIncidentCard";
import { Choice, SeverityBadge, statusLabel } from "./parts";
import { SetupChecklist } from "./SetupChecklist";
import { severityCounts } from "./summary";
import { useTick } from "./useTick";

/** What is on fire now, most severe first, whether each fire is handled (who leads, whether the
 * page was answered, how old the last update is); live. Admins of a new installation see what is
 * left to set up first. */
export function Dashboard() {
  const { severities, types } = useApp();
  const { search } = useLocation();
  const filters = parseFilters(search, ["", ...OPEN_STATUSES]);
  const query = useDashboardIncidents();
  const lists = query.data;
  useLiveIncidents();
  useTick(10_000);

  const setFilter = (change: Partial<ListFilters>) => navigate(filtersPath("/", { ...filters, ...change }));
  const all = dashboardOrder(lists?.open ?? [], severities);
  const shown = all.filter((i) => matchesFilters(i, filters));
  const counts = severityCounts(all, severities);
  const tags = [...new Set([...all.flatMap((i) => i.tags), ...(filters.tag ? [filters.tag] : [])])].sort();
  const typeName = new Map(types.map((t) => [t.key, t.name]));

  return (
    <div className="dashboard">
      <SetupChecklist />
      <h1>Open incidents</h1>
      <FollowBar />
      <div className="sev-counts" role="group" aria-label="Open incidents per severity">
        {counts.map(({ severity, count }) => (
          <button
            key={severity}
            type="button"
            className={`sev-count sev-${severity}`}
            aria-pressed={filters.severity === severity}
            aria-label={`${severity}: ${count} open${filters.severity === severity ? ", showing only these" : ""}`}
            onClick={() => setFilter({ severity: filters.severity === severity ? "" : severity })}
          >
            {severity} <span className="n">{count}</span>
          </button>
        ))}
        {lists && counts.length === 0 && <span className="muted">None open</span>}
      </div>

      {all.length > 0 && (
        <form className="filters" aria-label="Filter open incidents" onSubmit={(e) => e.preventDefault()}>
          <Choice label="Severity" any="Any severity" value={filters.severity} options={severities.map((s) => [s.key, `${s.key} ${s.name}`])} onChange={(severity) => setFilter({ severity })} />
          <Choice
            label="Status"
            any="Any status"
            value={filters.status}
            options={OPEN_STATUSES.map((s) => [s, statusLabel(s)])}
            onChange={(status) => setFilter({ status: status as ListFilters["status"] })}
          />
          <Choice label="Tag" any="Any tag" value={filters.tag} options={tags.map((t) => [t, `#${t}`])} onChange={(tag) => setFilter({ tag })} />
          <Choice label="Type" any="Any type" value={filters.type} options={types.map((t) => [t.key, t.name])} onChange={(type) => setFilter({ type })} />
          {hasFilters(filters) && (
            <button type="button" onClick={() => setFilter(NO_FILTERS)}>
              Clear filters
            </button>
          )}
        </form>
      )}

      <section aria-label="Open incidents" aria-busy={lists === undefined}>
        <QueryState query={query} what="The open incidents" loading={<p className="muted placeholder">Loading…</p>}>
          {() =>
            all.length === 0 ? (
              <p className="muted placeholder">Nothing is on fire. If something is wrong, press “Declare incident”.</p>
            ) : shown.length === 0 ? (
              <p className="placeholder">
                No open incident matches these filters.{" "}
                <button type="button" onClick={() => setFilter(NO_FILTERS)}>
                  Clear filters
                </button>
              </p>
            ) : (
              <ul className="dash-cards">
                {shown.map((i) => (
                  <OpenIncidentCard key={i.id} incident={i} typeName={typeName.get(i.type) ?? i.type} />
                ))}
              </ul>
            )
          }
        </QueryState>
      </section>

      <LearningDue />

      <section className="recent" aria-labelledby="recently-resolved">
        <h2 id="recently-resolved">Recently resolved</h2>
        {lists && lists.resolved.length === 0 && <p className="muted">Nothing resolved yet.</p>}
        {lists && lists.resolved.length > 0 && (
          <ul className="recent-list">
            {lists.resolved.map((i) => (
              <li key={i.id}>
                <SeverityBadge severity={i.severity} />{" "}
                <Link className="title" to={roomPath(i.reference)}>
                  <strong>{i.reference}</strong> {i.title}
                </Link>{" "}
                <span className="muted">
                  resolved <span title={absoluteTime(i.resolved_at!)}>{elapsed(i.resolved_at!)} ago</span> after {elapsed(i.declared_at, new Date(i.resolved_at!))}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/incidents">All incidents</Link>
        </p>
      </section>
    </div>
  );
}
