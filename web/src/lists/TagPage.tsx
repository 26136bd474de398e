import { Link } from "../Link";
import { tagPath, useLocation } from "../route";
import { parseFilters } from "./filters";
import { IncidentBrowser } from "./IncidentBrowser";

/** Incidents with one tag, open and past; the other filters live in the query string. */
export function TagPage({ tag }: { tag: string }) {
  const { search } = useLocation();
  return (
    <div className="incidents-page">
      <p className="back">
        <Link to="/incidents">← All incidents</Link>
      </p>
      <h1>#{tag}</h1>
      <IncidentBrowser path={tagPath(tag)} filters={{ ...parseFilters(search), tag }} fixed={["tag"]} />
    </div>
  );
}
