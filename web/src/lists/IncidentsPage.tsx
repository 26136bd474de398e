import { parseFilters } from "./filters";
import { IncidentBrowser } from "./IncidentBrowser";

/** Every incident, searchable and filtered (filters live in the query string). */
export function IncidentsPage({ search }: { search: URLSearchParams }) {
  return (
    <div className="incidents-page">
      <h1>Incidents</h1>
      <IncidentBrowser path="/incidents" filters={parseFilters(search)} />
    </div>
  );
}
