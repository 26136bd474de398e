import { useState, type FormEvent } from "react";
import type { User } from "../api/client";
import { useDirectory } from "../api/people";
import { Field } from "../components/Field";
import { splitProblem, type FieldErrors } from "../components/forms";
import { PersonPicker } from "../components/PersonPicker";
import type { Viewer } from "./access";
import { useAddViewer } from "./api/viewers";

/** Lets one more person see the private incident, with the reason the timeline records.
 * `onDone` gets the person's name once they were let in, or null when the form was cancelled. */
export function AddViewerForm({ reference, viewers, onDone }: { reference: string; viewers: readonly Viewer[]; onDone: (added: string | null) => void }) {
  const { active } = useDirectory();
  const [person, setPerson] = useState<User | null>(null);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const adding = useAddViewer(reference);
  // Those who can already see it are not offered.
  const seeing = new Set(viewers.map((v) => v.user.id));
  const candidates = active.filter((u) => !seeing.has(u.id));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing: FieldErrors = {};
    if (!person) missing.user_id = "Choose the person who should see it.";
    if (!reason.trim()) missing.reason = "Say why they should see it.";
    setErrors(missing);
    setMessage(null);
    if (!person || Object.keys(missing).length) return;
    try {
      await adding.mutateAsync({ user_id: person.id, reason: reason.trim() });
    } catch (err) {
      // 409: they can already see it (or the incident became public meanwhile); 422: the fields.
      const problem = splitProblem(err, ["user_id", "reason"], "user_id");
      setErrors(problem.fields);
      setMessage(problem.message);
      return;
    }
    onDone(person.name);
  }

  return (
    <form className="add-viewer-form" aria-label="Let someone see this incident" onSubmit={submit} noValidate onKeyDown={(e) => e.key === "Escape" && !e.defaultPrevented && onDone(null)}>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="field">
        {person ? (
          <p>
            Person: <strong>{person.name}</strong>{" "}
            <button type="button" className="small" onClick={() => setPerson(null)} aria-label={`Change the person (now ${person.name})`}>
              Change
            </button>
          </p>
        ) : (
          <PersonPicker
            label="Person who should see it"
            people={candidates}
            onPick={(u) => {
              setPerson(u);
              setErrors((known) => ({ ...known, user_id: "" }));
            }}
            onCancel={() => onDone(null)}
            autoFocus
          />
        )}
        {errors.user_id && (
          <p className="error field-error" role="alert">
            {errors.user_id}
          </p>
        )}
      </div>
      <Field label="Why (shown on the timeline)" error={errors.reason}>
        {(control) => <input {...control} value={reason} maxLength={2000} required onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={adding.isPending}>
          Let them see it
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
