import { statusOf } from "../api/errors";
import { Link } from "../Link";
import { problemText } from "./forms";
import { QueryError } from "./QueryState";

/** What a schedule's or a team's page shows before it has the thing: "not found" (a 404) with the
 * way back to the list, the error that stopped loading with a way to try again, or that it is
 * loading. */
export function DetailNotLoaded({ what, error, retry, back }: { what: string; error: unknown; retry: () => unknown; back: { to: string; label: string } }) {
  if (statusOf(error) === 404)
    return (
      <div className="oc">
        <h1>{what} not found</h1>
        <p role="alert">
          {problemText(error)} <Link to={back.to}>{back.label}</Link>
        </p>
      </div>
    );
  return <div className="oc">{error != null ? <QueryError error={error} retry={retry} /> : <p className="muted">Loading…</p>}</div>;
}
