import { memo, useMemo } from "react";
import type { TimelineEvent } from "../events";
import type { FoldedComments } from "./comments";
import { EventItem, type RowContext } from "./EventItem";

/** The whole history, newest first. Rows are memoized: an event streaming in renders one new
 * row, not the thousand before it. */
export const Activity = memo(function Activity({ events, comments, pinned, ctx }: { events: TimelineEvent[]; comments: FoldedComments; pinned: ReadonlySet<number>; ctx: RowContext }) {
  const shown = useMemo(() => events.filter((e) => !comments.folded.has(e.id)).reverse(), [events, comments.folded]);
  return (
    <section className="activity-log" aria-label="Activity">
      <h2>
        Activity <span className="muted count">{shown.length === 1 ? "1 event" : `${shown.length} events`}</span>
      </h2>
      <ol className="activity">
        {shown.map((e) => (
          <EventItem key={e.id} event={e} comment={comments.comments.get(e.id)} pinned={pinned.has(e.id)} ctx={ctx} />
        ))}
      </ol>
    </section>
  );
});
