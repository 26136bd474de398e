import "../components/page.css";
import { useId } from "react";
import { useLiveIncidents } from "../api/live";
import { QueryState } from "../components/QueryState";
import { Link } from "../Link";
import { ago } from "../notices";
import { POSTMORTEM_STATES, postmortemStateLabel } from "../postmortems";
import { navigate, postmortemPath } from "../route";
import { absoluteTime } from "../time";
import { usePostmortemList } from "./api/list";
import { parseStateFilter, postmortemsPath, type StateFilter } from "./listFilter";
import "./postmortem.css";

/** Every postmortem the viewer may see, most recently changed first, filtered by state (the
 * filter lives in the query string, like the incidents list's). */
export function PostmortemsPage({ search }: { search: URLSearchParams }) {
  const state = parseStateFilter(search);
  const list = usePostmortemList(state);
  // Review moves are incident events: the list follows them like the incidents list does.
  useLiveIncidents();
  const id = useId();
  return (
    <div className="oc postmortems-page">
      <h1>Postmortems</h1>
      <p className="lede muted">What each incident taught, where its write-up is in its review, and who owns it.</p>
      <form className="pm-list-filter" role="search" aria-label="Postmortems" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={id}>State</label>
        <select id={id} value={state} onChange={(e) => navigate(postmortemsPath(e.target.value as StateFilter))}>
          <option value="">All states</option>
          {POSTMORTEM_STATES.map((s) => (
            <option key={s} value={s}>
              {postmortemStateLabel(s)}
            </option>
          ))}
        </select>
      </form>
      <QueryState query={list} what="The postmortems">
        {(items) =>
          items.length === 0 ? (
            <p className="empty">
              {state ? `No postmortem is ${postmortemStateLabel(state).toLowerCase()}.` : "No postmortems yet. They open from an incident's room, or by themselves when an incident reaches the status its severity names."}{" "}
              {state && (
                <button type="button" className="small" onClick={() => navigate(postmortemsPath(""))}>
                  Show all states
                </button>
              )}
            </p>
          ) : (
            <table className="rows">
              <caption className="visually-hidden">Postmortems{state ? `, ${postmortemStateLabel(state).toLowerCase()}` : ""}</caption>
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  <th scope="col">Title</th>
                  <th scope="col">Severity</th>
                  <th scope="col">State</th>
                  <th scope="col">Version</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Last change</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.reference}>
                    <td data-label="Incident">
                      <Link to={postmortemPath(p.reference)}>{p.reference}</Link>
                    </td>
                    <td data-label="Title" className="wrap">
                      {p.title}
                    </td>
                    <td data-label="Severity">
                      <span className={`sev sev-${p.severity}`}>{p.severity}</span>
                    </td>
                    <td data-label="State">
                      <span className={`pm-state pm-state-${p.state}`}>{postmortemStateLabel(p.state)}</span>
                    </td>
                    <td data-label="Version">{p.version}</td>
                    <td data-label="Owner">{p.owner ?? <span className="muted">No incident manager</span>}</td>
                    <td data-label="Last change">
                      <time dateTime={p.updated_at} title={absoluteTime(p.updated_at)}>
                        {ago(p.updated_at)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </div>
  );
}
