import { memo, startTransition, useEffect, useMemo, useState } from "react";
import type { TimelineEvent } from "../events";
import type { FoldedComments } from "./comments";
import { EventItem, type RowContext } from "./EventItem";

/** Rows rendered at once when the room opens: more than a screenful. */
const FIRST_ROWS = 60;
/** Rows added per task afterwards, so a long history never blocks the page for long. */
const MORE_ROWS = 40;
/** The height an unrendered row is guessed to take (as `contain-intrinsic-size` in room.css). */
const ROW_REM = 4;

/** The whole history, newest first. Rows are memoized: an event streaming in renders one new
 * row, not the thousand before it. A long history renders in slices, newest first, with its
 * remaining height reserved so the scrollbar does not jump as the slices land. */
export const Activity = memo(function Activity({ events, comments, pinned, ctx }: { events: TimelineEvent[]; comments: FoldedComments; pinned: ReadonlySet<number>; ctx: RowContext }) {
  const shown = useMemo(() => events.filter((e) => !comments.folded.has(e.id)).reverse(), [events, comments.folded]);
  const [limit, setLimit] = useState(FIRST_ROWS);
  const rest = Math.max(0, shown.length - limit);

  useEffect(() => {
    if (rest === 0) return;
    const timer = setTimeout(() => startTransition(() => setLimit((l) => l + MORE_ROWS)), 0);
    return () => clearTimeout(timer);
  }, [rest, limit]);

  return (
    <section className="activity-log" aria-label="Activity">
      <h2>
        Activity <span className="muted count">{shown.length === 1 ? "1 event" : `${shown.length} events`}</span>
      </h2>
      <ol className="activity">
        {(rest ? shown.slice(0, limit) : shown).map((e) => (
          <EventItem key={e.id} event={e} comment={comments.comments.get(e.id)} pinned={pinned.has(e.id)} ctx={ctx} />
        ))}
      </ol>
      {rest > 0 && (
        <p className="muted activity-rest" style={{ minHeight: `${rest * ROW_REM}rem` }}>
          Loading {rest} older events…
        </p>
      )}
    </section>
  );
});
