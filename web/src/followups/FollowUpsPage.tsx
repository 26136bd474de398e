import "../components/page.css";
import "./followups.css";
import { useMemo, useRef, useState } from "react";
import type { FollowUp } from "../api/followUps";
import { useLiveIncidents } from "../api/live";
import { QueryState } from "../components/QueryState";
import { navigate } from "../route";
import { useFollowUpList } from "./api/list";
import { apiQuery, DEFAULT_FILTER, followUpsPath, narrowed, parseFilter, VIEW_LABELS, type Filter } from "./filter";
import { FollowUpFilters, ViewLinks } from "./FollowUpFilters";
import { countWords, FollowUpTable } from "./FollowUpTable";

/** What each view shows when it is empty, and what to do about it. */
const EMPTY: Record<Filter["view"], string> = {
  mine: "Nothing is yours to follow up. When someone gives you a follow-up, in an incident's room or its postmortem, it shows here.",
  teams: "No open follow-up belongs to your teams. Follow-ups given to a team you are a member of show here.",
  overdue: "Nothing is overdue. A committed follow-up shows here once its due date has passed without it being done.",
  all: "No follow-ups yet. Add them in an incident's room (Follow-ups, then Add follow-up) or from its postmortem.",
};

/**
 * Action items from every incident the viewer may see: theirs, their teams', the overdue ones or
 * all, filtered by status, incident and service. The filters live in the address, so a reload or
 * a shared link shows the same list. Live: the company-wide event stream asks the list again
 * whenever a follow-up is added or changed (src/api/live.ts).
 */
export function FollowUpsPage({ search }: { search: URLSearchParams }) {
  const filter = parseFilter(search);
  // Query keys are compared by value: a fresh object each render asks nothing again.
  const list = useFollowUpList(apiQuery(filter));
  useLiveIncidents();
  // A refetch of several pages may repeat a follow-up that moved between them: each once.
  const items = useMemo(() => (list.pages ? unique(list.pages.flatMap((p) => p.items)) : undefined), [list.pages]);

  const caption = `Follow-ups: ${VIEW_LABELS[filter.view].toLowerCase()}`;
  // A follow-up moved out of the view (done, off the overdue list) takes its buttons with it: the
  // page says what happened, and the keyboard continues from the results rather than from nowhere.
  const [changed, setChanged] = useState("");
  const results = useRef<HTMLElement>(null);
  const onChanged = (sentence: string) => {
    setChanged(sentence);
    setTimeout(() => {
      if (!document.activeElement || document.activeElement === document.body) results.current?.focus();
    }, 0);
  };
  return (
    <div className="oc fu-page">
      <h1>Follow-ups</h1>
      <p className="lede muted">What each incident taught us to change, who does it and by when.</p>
      <ViewLinks filter={filter} />
      <FollowUpFilters filter={filter} />
      <section aria-label="Results" aria-busy={items === undefined || list.stale} tabIndex={-1} ref={results}>
        <QueryState query={{ ...list.query, data: items }} what="The follow-ups">
          {(shown) =>
            shown.length === 0 ? (
              <p className="empty">
                {narrowed(filter) ? "No follow-up matches these filters." : EMPTY[filter.view]}{" "}
                {narrowed(filter) && (
                  <button type="button" className="small" onClick={() => navigate(followUpsPath({ ...DEFAULT_FILTER, view: filter.view }))}>
                    Clear filters
                  </button>
                )}
                {!narrowed(filter) && filter.view !== "all" && (
                  <button type="button" className="small" onClick={() => navigate(followUpsPath({ ...filter, view: "all" }))}>
                    Show everyone's
                  </button>
                )}
              </p>
            ) : (
              <FollowUpTable items={shown} caption={caption} stale={list.stale} onChanged={onChanged} />
            )
          }
        </QueryState>
        <p role="status">{changed}</p>
        <p className="muted" role="status">
          {items && items.length > 0 && countWords(items.length, !!list.hasMore)}
        </p>
        {list.hasMore && (
          <button type="button" onClick={() => void list.loadMore()} disabled={list.loadingMore}>
            {list.loadingMore ? "Loading…" : "Load more"}
          </button>
        )}
      </section>
    </div>
  );
}

function unique(items: FollowUp[]): FollowUp[] {
  const seen = new Set<number>();
  return items.filter((f) => !seen.has(f.id) && (seen.add(f.id), true));
}
