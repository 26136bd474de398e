import { useState, type FormEvent } from "react";
import { Field } from "../components/Field";
import { splitProblem, type FieldErrors } from "../components/forms";
import { MAKE_PRIVATE_WARNING, MAKE_PUBLIC_WARNING } from "./access";
import { useSetVisibility } from "./api/viewers";

/** Making the incident public (`makePrivate` false) or private, with the reason the timeline
 * records and what the change means said before it is made. */
export function VisibilityForm({ reference, makePrivate, onDone }: { reference: string; makePrivate: boolean; onDone: (changed: boolean) => void }) {
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const setVisibility = useSetVisibility(reference);
  const action = makePrivate ? "Make private" : "Make public";

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setErrors({ reason: makePrivate ? "Say why only the people working on it should see it." : "Say why everyone may see it now." });
      return;
    }
    setErrors({});
    setMessage(null);
    try {
      await setVisibility.mutateAsync({ private: makePrivate, reason: reason.trim() });
    } catch (err) {
      const problem = splitProblem(err, ["reason"]);
      setErrors(problem.fields);
      setMessage(problem.message);
      return;
    }
    onDone(true);
  }

  return (
    <form className="visibility-form" aria-label={action} onSubmit={submit} noValidate onKeyDown={(e) => e.key === "Escape" && !e.defaultPrevented && onDone(false)}>
      <p className="warning">{makePrivate ? MAKE_PRIVATE_WARNING : MAKE_PUBLIC_WARNING}</p>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <Field label="Why (shown on the timeline)" error={errors.reason}>
        {(control) => <input {...control} value={reason} maxLength={2000} autoFocus required onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={setVisibility.isPending}>
          {action}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
