import { useState, type FormEvent } from "react";
import { Field } from "../components/Field";
import { errorSummary, type FieldErrors } from "../components/forms";
import type { Team } from "../api/lists";
import { checkService, editorProblem, type ServiceForm } from "./teams";
import { EditorFrame } from "./EditorFrame";

const LABELS = { name: "Name", team_id: "Owning team", description: "Description", tags: "Tags" };

/** A service's name, owning team, description and tags. */
export function ServiceEditor({
  initial,
  heading,
  submitLabel,
  teams,
  onSubmit,
  onCancel,
}: {
  initial: ServiceForm;
  heading: string;
  submitLabel: string;
  teams: Pick<Team, "id" | "name">[];
  onSubmit: (form: ServiceForm) => Promise<{ ok: boolean; error?: unknown }>;
  onCancel?: () => void;
}) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const set = (change: Partial<ServiceForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in change))));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkService(form);
    setErrors(found);
    setMessage(errorSummary(found, LABELS));
    if (Object.keys(found).length) return;
    setSending(true);
    const { ok, error } = await onSubmit(form);
    setSending(false);
    if (ok) {
      setForm(initial);
      return;
    }
    const problem = editorProblem(error, LABELS);
    setErrors(problem.fields);
    setMessage(problem.message);
  }

  return (
    <EditorFrame idPrefix="service-form" heading={heading} message={message} submitLabel={submitLabel} sending={sending} onSubmit={submit} onCancel={onCancel}>
      <div className="form-grid">
        <Field label={LABELS.name} error={errors.name}>
          {(c) => <input {...c} value={form.name} maxLength={100} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label={LABELS.team_id} error={errors.team_id}>
          {(c) => (
            <select {...c} value={form.team_id} onChange={(e) => set({ team_id: e.target.value })}>
              <option value="">Choose a team</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={LABELS.tags} hint="Separated by spaces or commas: pci, eu, payments" error={errors.tags}>
          {(c) => <input {...c} value={form.tags} autoComplete="off" onChange={(e) => set({ tags: e.target.value })} />}
        </Field>
        <Field
          label={
            <>
              {LABELS.description} <span className="muted">(optional)</span>
            </>
          }
          className="wide"
          error={errors.description}
        >
          {(c) => <textarea {...c} rows={2} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
      </div>
    </EditorFrame>
  );
}
