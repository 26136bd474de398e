import { useState } from "react";
import type { Mentions } from "../markdown";
import { Time } from "../Time";
import type { Comment } from "./comments";
import { Markdown } from "./Markdown";

/** Every version of an edited or deleted comment, oldest first: nothing said in an incident
 * disappears. Rendered only when opened, as most histories are never read. */
export function CommentHistory({ comment, mentions, withDate }: { comment: Comment; mentions: Mentions; withDate: boolean }) {
  const [open, setOpen] = useState(false);
  const n = comment.versions.length;
  return (
    <details className="history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{comment.deleted ? "History" : "(edited)"}</summary>
      {open && (
        <div className="versions">
          {comment.versions.map((v, i) => (
            <div key={v.eventId} className="version">
              <p className="version-head muted">
                {i === 0 ? "Original" : `Edit ${i}`}
                {!comment.deleted && i === n - 1 && " (current)"}, <Time at={v.at} withDate={withDate} />
                {v.by && v.by.id !== comment.author?.id && ` by ${v.by.name}`}
              </p>
              <Markdown source={v.body} mentions={mentions} />
            </div>
          ))}
          {comment.deleted && (
            <p className="version-head muted">
              Deleted, <Time at={comment.deleted.at} withDate={withDate} />
              {comment.deleted.by && comment.deleted.by.id !== comment.author?.id && ` by ${comment.deleted.by.name}`}
            </p>
          )}
        </div>
      )}
    </details>
  );
}
