// The postmortems list's filter, as it lives in the query string (shareable, back/forward) and as
// the API takes it: `state`, one of the review's states, or left out for all of them.
import { isPostmortemState, type PostmortemState } from "../postmortems";

export type StateFilter = "" | PostmortemState;

/** The state asked for in `?state=`; anything the app does not know means all. */
export function parseStateFilter(search: URLSearchParams): StateFilter {
  const state = (search.get("state") ?? "").trim();
  return isPostmortemState(state) ? state : "";
}

/** The list's path for a filter: `/postmortems?state=in_review`, or `/postmortems` for all. */
export function postmortemsPath(state: StateFilter): string {
  return state ? `/postmortems?${new URLSearchParams({ state })}` : "/postmortems";
}
