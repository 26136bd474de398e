import type { Ref } from "react";
import { ConfirmButton } from "../components/Confirm";
import { policySummary, type Policy } from "./escalation";

/** A saved policy in the list: its name, what it does, why it could not be deleted, and Edit and Delete. */
export function EscalationPolicyCard({ policy: p, refusal, editRef, onEdit, onDelete }: { policy: Policy; refusal?: string; editRef: Ref<HTMLButtonElement>; onEdit: () => void; onDelete: () => Promise<unknown> }) {
  return (
    <li className="panel escalation-card" aria-labelledby={`policy-${p.id}`}>
      <h3 id={`policy-${p.id}`}>{p.name}</h3>
      <p className="summary">{policySummary(p)}</p>
      {refusal && (
        <p role="alert" className="error">
          {refusal}
        </p>
      )}
      <div className="actions">
        <button type="button" ref={editRef} aria-label={`Edit ${p.name}`} onClick={onEdit}>
          Edit
        </button>
        <ConfirmButton
          label="Delete"
          aria-label={`Delete ${p.name}`}
          question={`Delete ${p.name}? Teams that use it page their schedule's on-call person instead.`}
          confirmLabel={`Delete ${p.name}`}
          onConfirm={onDelete}
        />
      </div>
    </li>
  );
}
