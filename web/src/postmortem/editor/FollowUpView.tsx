import { NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { describeProblem } from "../../api/client";
import { statusOf } from "../../api/errors";
import { useFollowUp } from "../../api/followUps";
import { DueDate, StatusBadge } from "../../components/followUps/FollowUpBits";
import { Link } from "../../Link";
import { followUpPath } from "../../route";

/** A follow-up in the document: its live title, owner, due date and status from the API (kept
 * current by the event stream the page follows), with a link to it in the room. Until it loads,
 * or for a reader who may not see it, the title it was inserted with. */
export function FollowUpView({ node, selected }: ReactNodeViewProps) {
  const id = typeof node.attrs.followUpId === "number" ? node.attrs.followUpId : null;
  const inserted = String(node.attrs.title ?? "");
  const query = useFollowUp(id);
  const f = query.data;
  const missing = statusOf(query.error) === 404;
  return (
    <NodeViewWrapper className={`follow-up${selected ? " selected" : ""}`} data-type="follow-up" data-follow-up-id={id ?? undefined}>
      <div className="follow-up-card" contentEditable={false}>
        <span className="follow-up-label">Follow-up</span>{" "}
        {f ? (
          <>
            <Link to={followUpPath(f.incident.reference, f.id)}>{f.title}</Link> <StatusBadge status={f.status} />
            <span className="follow-up-facts">
              {f.owner ? (f.owner.name ?? `User ${f.owner.id}`) : <span className="muted">No owner</span>} · <DueDate dueOn={f.due_on} overdue={f.overdue} />
            </span>
          </>
        ) : (
          <>
            <strong>{inserted || "Untitled follow-up"}</strong>{" "}
            <span className="muted">
              {id === null ? "(not linked to a follow-up)" : missing ? "(it no longer exists, or you may not see it)" : query.error ? `(could not be loaded: ${describeProblem(query.error)})` : "(loading…)"}
            </span>
          </>
        )}
      </div>
    </NodeViewWrapper>
  );
}
