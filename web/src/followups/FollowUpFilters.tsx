import { useId, useState, type FormEvent } from "react";
import { useServices } from "../api/lists";
import { FOLLOW_UP_STATUSES, followUpStatusLabel } from "../followUpWords";
import { Link } from "../Link";
import { navigate } from "../route";
import { followUpsPath, normalizeReference, VIEW_LABELS, VIEWS, type Filter, type StatusFilter } from "./filter";

/** Whose follow-ups: one link per view, so each view has its own address (and Back returns to it). */
export function ViewLinks({ filter }: { filter: Filter }) {
  return (
    <nav className="fu-views" aria-label="Whose follow-ups">
      <ul>
        {VIEWS.map((view) => (
          <li key={view}>
            <Link to={followUpsPath({ ...filter, view })} aria-current={filter.view === view ? "page" : undefined}>
              {VIEW_LABELS[view]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Status, incident and service. Choices go to the address at once (an entry each, so Back undoes
 * them); the incident reference goes when it is submitted, once it reads as one. */
export function FollowUpFilters({ filter }: { filter: Filter }) {
  const id = useId();
  const services = useServices();
  const [incident, setIncident] = useState(filter.incident);
  const [error, setError] = useState<string | null>(null);
  // Back/forward change the address under the box: show what it says.
  const [seen, setSeen] = useState(filter.incident);
  if (seen !== filter.incident) {
    setSeen(filter.incident);
    setIncident(filter.incident);
    setError(null);
  }
  const go = (change: Partial<Filter>) => navigate(followUpsPath({ ...filter, ...change }));

  const applyIncident = (e: FormEvent) => {
    e.preventDefault();
    const text = incident.trim();
    const reference = text ? normalizeReference(text) : "";
    if (reference === null) {
      setError("Enter an incident reference, like INC-42.");
      return;
    }
    setError(null);
    go({ incident: reference });
  };

  return (
    <form className="fu-filters" role="search" aria-label="Follow-ups" onSubmit={applyIncident} noValidate>
      <div className="fu-filter">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={filter.status} onChange={(e) => go({ status: e.target.value as StatusFilter })}>
          <option value="open">Open (proposed, committed, in progress)</option>
          <option value="all">Any status</option>
          {FOLLOW_UP_STATUSES.map((s) => (
            <option key={s} value={s}>
              {followUpStatusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="fu-filter">
        <label htmlFor={`${id}-incident`}>Incident</label>
        <div className="fu-incident-box">
          <input
            id={`${id}-incident`}
            value={incident}
            placeholder="INC-42"
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-incident-error` : undefined}
            onChange={(e) => setIncident(e.target.value)}
          />
          <button type="submit" className="small">
            Show
          </button>
          {filter.incident && (
            <button type="button" className="small" onClick={() => go({ incident: "" })} aria-label={`Show every incident's follow-ups, not only ${filter.incident}'s`}>
              Any incident
            </button>
          )}
        </div>
        {error && (
          <p id={`${id}-incident-error`} className="error field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="fu-filter">
        <label htmlFor={`${id}-service`}>Service</label>
        <select id={`${id}-service`} value={filter.service} onChange={(e) => go({ service: e.target.value })}>
          <option value="">Any service</option>
          {services.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
          {filter.service && !services.data?.some((s) => String(s.id) === filter.service) && <option value={filter.service}>{services.data ? `Service ${filter.service}` : "Loading services…"}</option>}
        </select>
      </div>
    </form>
  );
}
