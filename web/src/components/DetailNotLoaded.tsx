import { Link } from "../Link";

/** What a schedule's or a team's page shows before it has the thing: "not found" with the way
 * back to the list, the error that stopped loading, or that it is loading. */
export function DetailNotLoaded({ what, missing, error, back }: { what: string; missing: string | null; error: string | null; back: { to: string; label: string } }) {
  if (missing)
    return (
      <div className="oc">
        <h1>{what} not found</h1>
        <p role="alert">
          {missing} <Link to={back.to}>{back.label}</Link>
        </p>
      </div>
    );
  return (
    <div className="oc">
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </div>
  );
}
