import { useState, type FormEvent, type ReactNode } from "react";
import { Field } from "../components/Field";
import { errorSummary, type FieldErrors } from "../components/forms";

/** What saving an entry came to: nothing (saved), or the server's field errors and message. */
export type CatalogOutcome = { fields: FieldErrors; message: string | null } | null;

/** The fields every catalog entry (a severity, an incident type) has. */
export interface CatalogEntryForm {
  key: string;
  name: string;
  description: string;
}

type SetForm<F> = (change: Partial<F>) => void;

/** The add/edit form shared by severities and incident types: key (only when adding), name and
 * description, plus each catalog's own fields; checked before sending, the server's answer beside
 * its fields. */
export function CatalogEntryEditor<F extends CatalogEntryForm>({
  title,
  submitLabel,
  initial,
  labels,
  adding,
  check,
  keyHint,
  keyMaxLength,
  normalizeKey,
  nameHint,
  descriptionHint,
  gridFields,
  afterGrid,
  onSave,
  onCancel,
}: {
  title: string;
  submitLabel: string;
  initial: F;
  labels: { key: string; name: string; description: string } & Record<string, string>;
  adding: boolean;
  check: (form: F) => FieldErrors;
  keyHint: string;
  keyMaxLength: number;
  normalizeKey: (key: string) => string;
  nameHint: string;
  descriptionHint: string;
  /** More fields in the grid, after the description. */
  gridFields?: (form: F, set: SetForm<F>, errors: FieldErrors) => ReactNode;
  /** Controls below the grid, before the buttons. */
  afterGrid?: (form: F, set: SetForm<F>, errors: FieldErrors) => ReactNode;
  onSave: (form: F) => Promise<CatalogOutcome>;
  onCancel: () => void;
}) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const set: SetForm<F> = (change) => setForm((f) => ({ ...f, ...change }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = check(form);
    setErrors(found);
    setMessage(errorSummary(found, labels));
    if (Object.keys(found).length) return;
    setSending(true);
    const outcome = await onSave(form);
    setSending(false);
    if (outcome) {
      setErrors(outcome.fields);
      setMessage([outcome.message, errorSummary(outcome.fields, labels)].filter(Boolean).join(" "));
    }
  }

  return (
    <form onSubmit={submit} aria-label={title} className="panel settings-form" noValidate onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <h3>{title}</h3>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="form-grid">
        {adding && (
          <Field label={labels.key} hint={keyHint} error={errors.key}>
            {(c) => <input {...c} autoFocus value={form.key} maxLength={keyMaxLength} autoComplete="off" onChange={(e) => set({ key: normalizeKey(e.target.value) } as Partial<F>)} />}
          </Field>
        )}
        <Field label={labels.name} hint={nameHint} error={errors.name}>
          {(c) => <input {...c} autoFocus={!adding} value={form.name} maxLength={200} autoComplete="off" onChange={(e) => set({ name: e.target.value } as Partial<F>)} />}
        </Field>
        <Field label={labels.description} hint={descriptionHint} error={errors.description} className="wide">
          {(c) => <input {...c} value={form.description} maxLength={2000} autoComplete="off" onChange={(e) => set({ description: e.target.value } as Partial<F>)} />}
        </Field>
        {gridFields?.(form, set, errors)}
      </div>
      {afterGrid?.(form, set, errors)}
      <div className="actions">
        <button type="submit" disabled={sending}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
