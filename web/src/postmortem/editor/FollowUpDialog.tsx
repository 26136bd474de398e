import { useId, useRef } from "react";
import { useCreateFollowUp, type FollowUp } from "../../api/followUps";
import { newRequest } from "../../components/followUps/draft";
import { FollowUpForm } from "../../components/followUps/FollowUpForm";
import { useFocusTrap } from "./focusTrap";

/** The editor's "Add follow-up" dialog: the follow-up is created through the API first (the
 * document only points at it), then `onCreated` inserts its block. Escape or Cancel closes it,
 * and the focus goes back to the editor (the caller's job). */
export function FollowUpDialog({ reference, onCreated, onClose }: { reference: string; onCreated: (followUp: FollowUp) => void; onClose: () => void }) {
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const create = useCreateFollowUp(reference);
  useFocusTrap(dialog);
  return (
    <div className="pm-dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="pm-dialog pm-follow-up-dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} ref={dialog}>
        <h2 id={`${id}-title`}>Add a follow-up</h2>
        <p className="muted">It is added to {reference}'s follow-ups, and a block here shows how it stands.</p>
        <FollowUpForm label="New follow-up" submitLabel="Add and insert" onCancel={onClose} onSubmit={async (draft) => onCreated(await create.mutateAsync(newRequest(draft)))} />
      </div>
    </div>
  );
}
