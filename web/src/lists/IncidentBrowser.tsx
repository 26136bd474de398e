import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useLiveIncidents } from "../api/live";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { navigate, roomPath } from "../route";
import { Time } from "../Time";
import { useIncidentSearch } from "./api/incidents";
import { apiQuery, filtersPath, hasFilters, NO_FILTERS, normalizeTag, STATUS_FILTERS, type ListFilters, type StatusFilter } from "./filters";
import { appendPage, type Loaded } from "./pages";
import { Choice, SeverityBadge, StatusBadge, statusLabel, TagLinks } from "./parts";

const PAGE = 25;
const TYPING_MS = 300;

const STATUS_LABELS: Record<string, string> = { open: "Open (triage, active, mitigated)", past: "Past (resolved, closed, canceled)" };

/** Searchable, filtered incidents whose filters live in `path`'s query string; `fixed` filters
 * (the tag of a tag view) are neither shown as controls nor written to the query string. */
export function IncidentBrowser({ path, filters, fixed = [] }: { path: string; filters: ListFilters; fixed?: (keyof ListFilters)[] }) {
  const go = (f: ListFilters, replace = false) => {
    const own = { ...f };
    for (const key of fixed) own[key] = "";
    navigate(filtersPath(path, own), { replace });
  };
  return (
    <>
      <FilterBar filters={filters} fixed={fixed} go={go} />
      <Results filters={filters} filtered={hasFilters(filters, fixed)} clear={() => go({ ...NO_FILTERS, ...pick(filters, fixed) })} />
    </>
  );
}

function pick(f: ListFilters, keys: (keyof ListFilters)[]): Partial<ListFilters> {
  return Object.fromEntries(keys.map((k) => [k, f[k]]));
}

/** Search box and filters. Typed text reaches the URL (replacing the entry) after a pause;
 * choices push an entry, so back undoes them one by one. */
function FilterBar({ filters, fixed, go }: { filters: ListFilters; fixed: (keyof ListFilters)[]; go: (f: ListFilters, replace?: boolean) => void }) {
  const { severities, types } = useApp();
  const id = useId();
  const [text, setText] = useState(filters.q);
  const [tagText, setTagText] = useState(filters.tag);
  // Back/forward or "Clear filters" change the URL under the boxes: show what it says, unless it
  // is what is being typed (the URL drops trailing spaces mid-phrase).
  const [seen, setSeen] = useState({ q: filters.q, tag: filters.tag });
  if (seen.q !== filters.q || seen.tag !== filters.tag) {
    setSeen({ q: filters.q, tag: filters.tag });
    if (filters.q !== text.trim()) setText(filters.q);
    if (filters.tag !== normalizeTag(tagText)) setTagText(filters.tag);
  }
  const typed = { ...filters, q: text.trim(), tag: fixed.includes("tag") ? filters.tag : normalizeTag(tagText) };
  const pending = typed.q !== filters.q || typed.tag !== filters.tag;

  const latest = useRef({ go, typed });
  useEffect(() => {
    latest.current = { go, typed };
  });
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => latest.current.go(latest.current.typed, true), TYPING_MS);
    return () => clearTimeout(timer);
  }, [pending, typed.q, typed.tag]);

  const choose = (change: Partial<ListFilters>) => go({ ...typed, ...change });
  return (
    <form
      className="filters"
      role="search"
      aria-label="Incidents"
      onSubmit={(e) => {
        e.preventDefault();
        go(typed, true);
      }}
    >
      <div className="choice search">
        <label htmlFor={`${id}-q`}>Search titles and summaries</label>
        <input id={`${id}-q`} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="checkout, db-2, timeout…" />
      </div>
      <Choice
        label="Status"
        any="Any status"
        value={filters.status}
        options={STATUS_FILTERS.map((s) => [s, STATUS_LABELS[s] ?? statusLabel(s)])}
        onChange={(status) => choose({ status: status as StatusFilter })}
      />
      <Choice label="Severity" any="Any severity" value={filters.severity} options={severities.map((s) => [s.key, `${s.key} ${s.name}`])} onChange={(severity) => choose({ severity })} />
      <Choice label="Type" any="Any type" value={filters.type} options={types.map((t) => [t.key, t.name])} onChange={(type) => choose({ type })} />
      {!fixed.includes("tag") && (
        <div className="choice">
          <label htmlFor={`${id}-tag`}>Tag</label>
          <input id={`${id}-tag`} value={tagText} onChange={(e) => setTagText(e.target.value)} placeholder="#payments" autoCapitalize="none" spellCheck={false} />
        </div>
      )}
    </form>
  );
}

/** Pages of incidents for the filters, newest first, kept up to date by the event stream. */
function Results({ filters, filtered, clear }: { filters: ListFilters; filtered: boolean; clear: () => void }) {
  const { types } = useApp();
  const list = useIncidentSearch(apiQuery(filters), PAGE);
  useLiveIncidents();
  // A page fetched after new incidents were declared repeats some already shown: each once.
  const loaded: Loaded | undefined = useMemo(() => list.pages?.reduce(appendPage), [list.pages]);
  const listRef = useRef<HTMLUListElement>(null);
  // Keyboard users continue from the first newly loaded incident (the button may be gone): the
  // page count when "Load more" was pressed, until the next page is shown.
  const focusAfter = useRef<number | null>(null);
  const loadMore = () => {
    focusAfter.current = list.pages?.length ?? null;
    void list.loadMore();
  };
  useEffect(() => {
    const pages = list.pages;
    if (focusAfter.current === null || !pages || pages.length <= focusAfter.current) return;
    const first = pages.slice(0, focusAfter.current).reduce(appendPage).items.length;
    focusAfter.current = null;
    listRef.current?.querySelectorAll<HTMLAnchorElement>("a.title")[first]?.focus();
  }, [list.pages]);

  const typeName = new Map(types.map((t) => [t.key, t.name]));
  const items = loaded?.items ?? [];
  const stale = list.stale;
  return (
    <section className="results" aria-label="Results" aria-busy={loaded === undefined || stale}>
      <QueryState query={{ ...list.query, data: loaded }} what="The incidents" loading={<p className="muted placeholder">Loading…</p>}>
        {() =>
          items.length === 0 ? (
            <p className="placeholder">
              {filtered ? "No incident matches these filters." : "No incidents here yet."}{" "}
              {filtered && (
                <button type="button" onClick={clear}>
                  Clear filters
                </button>
              )}
            </p>
          ) : (
            <ul ref={listRef} className={`incident-rows${stale ? " stale" : ""}`}>
              {items.map((i) => (
                <li key={i.id}>
                  <div className="head">
                    <SeverityBadge severity={i.severity} />{" "}
                    <Link className="title" to={roomPath(i.reference)}>
                      <strong>{i.reference}</strong> {i.title}
                    </Link>
                  </div>
                  <p className="meta muted">
                    <StatusBadge status={i.status} /> · {typeName.get(i.type) ?? i.type} · declared <Time at={i.declared_at} withDate />
                  </p>
                  <TagLinks tags={i.tags} />
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <p className="muted count" role="status">
        {loaded && items.length > 0 && `${items.length} ${items.length === 1 ? "incident" : "incidents"} shown${list.hasMore ? ", older ones below" : ""}`}
      </p>
      {list.hasMore && (
        <button type="button" onClick={loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? "Loading…" : "Load older incidents"}
        </button>
      )}
    </section>
  );
}
