import { memo, useMemo, useState } from "react";
import { describeEvent, type TimelineEvent } from "../events";
import type { Mentions } from "../markdown";
import { Time } from "../Time";
import type { Comment } from "./comments";
import { CommentEditor } from "./CommentEditor";
import { CommentHistory } from "./CommentHistory";
import { Markdown } from "./Markdown";

/** What every row shares, one stable object per render of the room, so memoized rows compare
 * cheaply; it changes only when the directory, the catalog or the day display does. */
export interface RowContext {
  canAct: boolean;
  userId: number;
  withDate: boolean;
  names: ReadonlyMap<number, string>;
  roleNames: ReadonlyMap<string, string>;
  serviceNames: ReadonlyMap<number, string>;
  /** Which event each pin and unpin is about, by the pinned event's id (`usePinPhrases`). */
  pinPhrases: ReadonlyMap<number, string>;
  mentions: Mentions;
  onPin: (eventId: number, pinned: boolean) => Promise<boolean>;
  onEdit: (commentId: number, body: string) => Promise<boolean>;
  onDelete: (commentId: number) => Promise<boolean>;
}

function bodyOf(event: TimelineEvent): string | null {
  return event.kind === "comment_added" || event.kind === "status_update" ? event.data.body : null;
}

/** One event of the activity log (or of the pinned panel): a sentence, the text if it has any,
 * and the actions this viewer may take on it. */
export const EventItem = memo(function EventItem({ event, comment, pinned, ctx }: { event: TimelineEvent; comment?: Comment; pinned: boolean; ctx: RowContext }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const deleted = comment?.deleted ?? null;
  const body = comment ? (deleted ? null : comment.body) : bodyOf(event);
  const sentence = useMemo(
    () => describeEvent(event, ctx.names, ctx.roleNames, ctx.serviceNames, (id) => ctx.pinPhrases.get(id)),
    [event, ctx.names, ctx.roleNames, ctx.serviceNames, ctx.pinPhrases],
  );
  const mine = comment !== undefined && comment.author?.id === ctx.userId && !deleted;
  const kind = event.kind === "status_update" ? "update" : event.kind === "comment_added" ? "comment" : (event.kind as string) === "response_gap" ? "system gap" : "system";

  return (
    <li className={`event ${kind}${deleted ? " deleted" : ""}`} data-event-id={event.id}>
      <div className="event-line">
        <Time at={event.at} withDate={ctx.withDate} />
        <span className="what">{sentence}</span>
        {ctx.canAct && (
          <span className="event-actions">
            <button className="small pin" onClick={() => ctx.onPin(event.id, pinned)} aria-pressed={pinned} aria-label={pinned ? "Unpin" : "Pin"}>
              {pinned ? "Unpin" : "Pin"}
            </button>
            {mine && !editing && (
              <>
                <button className="small" onClick={() => setEditing(true)} aria-label="Edit comment">
                  Edit
                </button>
                <button className="small danger" onClick={() => setConfirming(true)} aria-label="Delete comment" aria-expanded={confirming}>
                  Delete
                </button>
              </>
            )}
          </span>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-label="Confirm deletion">
          <span>Delete this comment? Its text stays in the history.</span>
          <button className="small danger" onClick={async () => (await ctx.onDelete(event.id)) && setConfirming(false)}>
            Yes, delete
          </button>
          <button className="small" onClick={() => setConfirming(false)} autoFocus>
            Keep it
          </button>
        </div>
      )}
      {editing && comment ? (
        <CommentEditor initial={comment.body} onSave={async (text) => (await ctx.onEdit(event.id, text)) && setEditing(false)} onCancel={() => setEditing(false)} />
      ) : (
        body !== null && <Markdown className="body" source={body} mentions={ctx.mentions} />
      )}
      {deleted && <p className="body muted">Comment deleted</p>}
      {comment && (comment.edited || deleted) && <CommentHistory comment={comment} mentions={ctx.mentions} withDate={ctx.withDate} />}
    </li>
  );
});
