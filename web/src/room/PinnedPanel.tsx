import type { TimelineEvent } from "../events";
import type { FoldedComments } from "./comments";
import { EventItem, type RowContext } from "./EventItem";

/** What stakeholders should read first, in the order it was pinned. */
export function PinnedPanel({ pinnedIds, byId, comments, ctx }: { pinnedIds: number[]; byId: ReadonlyMap<number, TimelineEvent>; comments: FoldedComments; ctx: RowContext }) {
  const pinned = pinnedIds.flatMap((id) => byId.get(id) ?? []);
  if (pinned.length === 0) return null;
  return (
    <section className="panel pinned" aria-label="Pinned">
      <h2>Pinned</h2>
      <ul className="activity">
        {pinned.map((e) => (
          <EventItem key={e.id} event={e} comment={comments.comments.get(e.id)} pinned ctx={ctx} />
        ))}
      </ul>
    </section>
  );
}
