import { useId, useState, type FormEvent } from "react";
import { Field } from "../components/Field";
import { errorSummary, type FieldErrors } from "../components/forms";
import { checkPolicy, formSummary, levelKey, MAX_LEVELS, moveLevel, type LevelForm, type PolicyForm } from "./escalation";
import type { ResponseCatalog } from "./escalationCatalog";
import { LevelEditor } from "./EscalationLevelEditor";

/** What saving a policy came to: null when saved, else the server's field errors and message. */
export type Outcome = { fields: FieldErrors; message: string | null } | null;

function fieldLabels(form: PolicyForm): Record<string, string> {
  const labels: Record<string, string> = { name: "Name", levels: "Levels" };
  form.levels.forEach((_, i) => {
    labels[`levels[${i}].delay_minutes`] = `Level ${i + 1} minutes`;
    labels[`levels[${i}].targets`] = `Level ${i + 1} who`;
  });
  labels.repeat = "Repeats";
  labels.repeat_after_minutes = "Minutes between passes";
  return labels;
}

/** The form that adds or edits one escalation policy: its name, levels and repeats. */
export function PolicyEditor({ initial, selfId, title, catalog, onSave, onCancel }: { initial: PolicyForm; selfId?: number; title: string; catalog: ResponseCatalog; onSave: (form: PolicyForm) => Promise<Outcome>; onCancel: () => void }) {
  const [form, setFormState] = useState(initial);
  // After a first try, the form's own checks follow every change, so a fixed field stops saying it is wrong;
  // the server's answer stands until the next change.
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<{ fields: FieldErrors; message: string | null }>({ fields: {}, message: null });
  const [sending, setSending] = useState(false);
  const summaryId = useId();
  const errors: FieldErrors = { ...(tried ? checkPolicy(form, selfId) : {}), ...server.fields };
  const message = [server.message, errorSummary(errors, fieldLabels(form))].filter(Boolean).join(" ") || null;

  const setForm = (change: (f: PolicyForm) => PolicyForm) => {
    setFormState(change);
    setServer({ fields: {}, message: null });
  };
  const setLevel = (i: number, change: Partial<LevelForm>) => setForm((f) => ({ ...f, levels: f.levels.map((l, j) => (j === i ? { ...l, ...change } : l)) }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer({ fields: {}, message: null });
    if (Object.keys(checkPolicy(form, selfId)).length) return;
    setSending(true);
    const outcome = await onSave(form);
    setSending(false);
    if (outcome) setServer(outcome);
  }

  return (
    <form
      onSubmit={submit}
      aria-label={title}
      className="panel settings-form escalation-editor"
      noValidate
      aria-describedby={summaryId}
      // Escape steps back, unless the person picker used it to close its list.
      onKeyDown={(e) => e.key === "Escape" && !e.defaultPrevented && onCancel()}
    >
      <h3>{title}</h3>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <Field label="Name" hint="What teams and people call it, such as Payments." error={errors.name}>
        {(c) => <input {...c} autoFocus value={form.name} maxLength={100} autoComplete="off" onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} />}
      </Field>
      {errors.levels && <p className="error field-error">{errors.levels}</p>}
      <ol className="levels">
        {form.levels.map((level, i) => (
          <li key={level.key}>
            <LevelEditor
              index={i}
              count={form.levels.length}
              level={level}
              selfId={selfId}
              catalog={catalog}
              errors={errors}
              onChange={(change) => setLevel(i, change)}
              onMove={(by) => setForm((f) => ({ ...f, levels: moveLevel(f.levels, i, by) }))}
              onRemove={() => setForm((f) => ({ ...f, levels: f.levels.filter((_, j) => j !== i) }))}
            />
          </li>
        ))}
      </ol>
      {form.levels.length < MAX_LEVELS && (
        <button type="button" onClick={() => setForm((f) => ({ ...f, levels: [...f.levels, { key: levelKey(), delay: "10", targets: [] }] }))}>
          Add a level
        </button>
      )}
      <div className="form-grid repeat-grid">
        <Field label="Repeats" hint="How many more times the levels run if nobody acknowledges: 0 to 9." error={errors.repeat}>
          {(c) => <input {...c} type="number" min={0} max={9} inputMode="numeric" value={form.repeat} onChange={(e) => setForm((f) => ({ ...f, repeat: e.target.value }))} />}
        </Field>
        <Field label="Minutes between passes" hint="After the last level, before the first level runs again." error={errors.repeat_after_minutes}>
          {(c) => <input {...c} type="number" min={1} max={1440} inputMode="numeric" value={form.repeatAfter} onChange={(e) => setForm((f) => ({ ...f, repeatAfter: e.target.value }))} />}
        </Field>
      </div>
      <div className="summary-box">
        <h4>What it does</h4>
        <p id={summaryId} className="summary">
          {formSummary(form)}
        </p>
      </div>
      <div className="actions">
        <button type="submit" disabled={sending}>
          {selfId === undefined ? "Add policy" : "Save"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
