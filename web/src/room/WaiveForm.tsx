import { useState, type FormEvent } from "react";
import { useWaiveStep, type ChecklistStep } from "../api/learning";
import { Field } from "../components/Field";
import { splitProblem } from "../components/forms";
import { checkReason, REASON_MAX } from "./learning";

/** An admin waives one open step: the reason is asked for, and kept on the timeline. A 422 about
 * the reason shows beside it; anything else (409: done or waived meanwhile; 422 `step`: no longer
 * owed) shows above the buttons, in the server's words. */
export function WaiveForm({ reference, step, onCancel, onDone }: { reference: string; step: ChecklistStep; onCancel: () => void; onDone: () => void }) {
  const waive = useWaiveStep(reference);
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<{ fields: Record<string, string>; message: string | null }>({ fields: {}, message: null });
  const error = server.fields.reason ?? (tried ? checkReason(reason) : null) ?? undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer({ fields: {}, message: null });
    if (checkReason(reason)) return;
    try {
      await waive.mutateAsync({ step: step.step, reason: reason.trim() });
      onDone();
    } catch (err) {
      setServer(splitProblem(err, ["reason"]));
    }
  }

  return (
    <form className="ln-waive" aria-label={`Waive “${step.label}”`} onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && onCancel()} noValidate>
      <Field label={`Why is “${step.label}” not needed?`} hint="Shown on the timeline with your name." error={error}>
        {(c) => (
          <textarea
            {...c}
            rows={2}
            maxLength={REASON_MAX}
            autoFocus
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setServer({ fields: {}, message: null });
            }}
          />
        )}
      </Field>
      {server.message && (
        <p role="alert" className="error ln-error">
          {server.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="small" disabled={waive.isPending}>
          Waive step
        </button>
        <button type="button" className="small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
