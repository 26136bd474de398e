import { useId, useMemo, useRef, useState } from "react";
import { useServices } from "../../api/lists";
import { useDirectory } from "../../api/people";
import { QueryState } from "../../components/QueryState";
import { useApp } from "../../context";
import { Time } from "../../Time";
import { useTimelineEvents } from "../api/timeline";
import { quotesOf, searchQuotes, type Quote } from "../quotes";
import { useFocusTrap } from "./focusTrap";

/** A modal list of the incident's timeline, searchable; picking an event quotes it. Escape or
 * Cancel closes it, and the focus goes back to the editor (the caller's job). */
export function TimelinePicker({ reference, onPick, onClose }: { reference: string; onPick: (quote: Quote) => void; onClose: () => void }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const timeline = useTimelineEvents(reference, true);
  const { names } = useDirectory();
  const { roles } = useApp();
  const services = useServices().data;
  const roleNames = useMemo(() => new Map(roles.map((r) => [r.key, r.name])), [roles]);
  const serviceNames = useMemo(() => new Map((services ?? []).map((s) => [s.id, s.name])), [services]);
  const quotes = useMemo(() => quotesOf(timeline.data ?? [], names, roleNames, serviceNames), [timeline.data, names, roleNames, serviceNames]);
  const shown = useMemo(() => searchQuotes(quotes, query).slice(0, 100), [quotes, query]);
  const dialog = useRef<HTMLDivElement>(null);

  useFocusTrap(dialog);

  return (
    <div className="pm-dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="pm-dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} ref={dialog} onKeyDown={(e) => e.key === "Escape" && onClose()}>
        <h2 id={`${id}-title`}>Insert from the timeline</h2>
        <label htmlFor={`${id}-search`}>
          Search the timeline
          <input id={`${id}-search`} type="search" value={query} autoFocus onChange={(e) => setQuery(e.target.value)} />
        </label>
        <QueryState query={timeline} what="The timeline">
          {() =>
            shown.length ? (
              <ul aria-label="Timeline events">
                {shown.map((q) => (
                  <li key={q.eventId}>
                    <button type="button" onClick={() => onPick(q)}>
                      <span className="muted">
                        <Time at={q.at} withDate /> · {q.author}
                      </span>
                      <br />
                      {q.text.length > 240 ? `${q.text.slice(0, 240)}…` : q.text}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{query ? "No event matches." : "The timeline is empty."}</p>
            )
          }
        </QueryState>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
