// Comments are never overwritten: an edit or a deletion is a later event pointing at the
// `comment_added` event. The room shows one comment with its current text and its history, so
// these events are folded into the comment they change.
import type { TimelineEvent } from "../events";

type Actor = TimelineEvent["actor"];

export interface CommentVersion {
  /** The event that wrote this text: the `comment_added` or a `comment_edited`. */
  eventId: number;
  body: string;
  at: string;
  by: Actor;
}

export interface Comment {
  /** The `comment_added` event's id, which the API calls `comment_id`. */
  id: number;
  author: Actor;
  /** Oldest first: the original, then each edit. */
  versions: CommentVersion[];
  /** The text shown now: the last version. */
  body: string;
  edited: boolean;
  deleted: { eventId: number; at: string; by: Actor } | null;
}

export interface FoldedComments {
  /** Comments by their `comment_added` id. */
  comments: ReadonlyMap<number, Comment>;
  /** Edit and delete events shown inside their comment rather than as lines of their own. */
  folded: ReadonlySet<number>;
}

export const NO_COMMENTS: FoldedComments = { comments: new Map(), folded: new Set() };

/** Folds edits and deletions into their comments. Comments that did not change since `previous`
 * keep their object, so rows memoized on them do not render again when an event streams in. */
export function foldComments(events: readonly TimelineEvent[], previous: FoldedComments = NO_COMMENTS): FoldedComments {
  const building = new Map<number, { versions: CommentVersion[]; author: Actor; deleted: Comment["deleted"] }>();
  const folded = new Set<number>();
  for (const e of events) {
    if (e.kind === "comment_added") {
      building.set(e.id, { author: e.actor, deleted: null, versions: [{ eventId: e.id, body: e.data.body, at: e.at, by: e.actor }] });
    } else if (e.kind === "comment_edited" || e.kind === "comment_deleted") {
      // An edit of a comment outside the loaded timeline stays a line of its own.
      const target = building.get(e.data.comment_id);
      if (!target) continue;
      folded.add(e.id);
      if (e.kind === "comment_edited") target.versions.push({ eventId: e.id, body: e.data.body, at: e.at, by: e.actor });
      else target.deleted ??= { eventId: e.id, at: e.at, by: e.actor };
    }
  }
  const comments = new Map<number, Comment>();
  for (const [id, c] of building) {
    const before = previous.comments.get(id);
    const last = c.versions[c.versions.length - 1];
    const same = before && before.versions.length === c.versions.length && before.deleted?.eventId === c.deleted?.eventId;
    comments.set(id, same ? before : { id, author: c.author, versions: c.versions, body: last.body, edited: c.versions.length > 1, deleted: c.deleted });
  }
  return { comments, folded };
}
