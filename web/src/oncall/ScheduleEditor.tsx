import { useState, type FormEvent } from "react";
import { useDirectory } from "../api/people";
import { Field } from "../components/Field";
import { errorSummary, sentence, splitProblem, type FieldErrors } from "../components/forms";
import { LayerEditor } from "./LayerEditor";
import { ZonePicker } from "../components/ZonePicker";
import { checkSchedule, emptyLayer, fieldLabels, formField, move, scheduleRequest, type LayerForm, type ScheduleForm, type ScheduleRequest } from "./scheduleForm";

interface ProblemLike {
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The server's field paths as the form's fields ("layers[0].participants[2]" is shown by the layer's people). */
function normalise(error: unknown): ProblemLike {
  const p = (error ?? {}) as ProblemLike;
  return { ...p, errors: p.errors?.map((e) => ({ ...e, field: formField(e.field) })) };
}

/** Create or edit a schedule: name, description, time zone and its layers. The server's answer
 * to a refused save lands beside the fields it names. */
export function ScheduleEditor({
  initial,
  heading,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: ScheduleForm;
  heading: string;
  submitLabel: string;
  onSubmit: (body: ScheduleRequest) => Promise<{ error?: unknown; ok: boolean }>;
  onCancel?: () => void;
}) {
  const [form, setForm] = useState<ScheduleForm>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const { active: people, names } = useDirectory();
  const headingId = `schedule-form-${heading.replace(/\W+/g, "-").toLowerCase()}`;

  // A field's message goes once it is edited: what stays is what still needs fixing.
  const forget = (fields: string[]) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.some((f) => k === f || k.startsWith(`${f}[`)))));
  const set = (change: Partial<ScheduleForm>) => {
    setForm((f) => ({ ...f, ...change }));
    forget(Object.keys(change));
  };
  const setLayer = (i: number, change: Partial<LayerForm>) => {
    setForm((f) => ({ ...f, layers: f.layers.map((l, k) => (k === i ? { ...l, ...change } : l)) }));
    forget(Object.keys(change).map((k) => `layers[${i}].${k === "unit" || k === "count" ? "shift" : k}`));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const labels = fieldLabels(form);
    const found = checkSchedule(form);
    setErrors(found);
    setMessage(errorSummary(found, labels));
    if (Object.keys(found).length) return;
    setSending(true);
    const { ok, error } = await onSubmit(scheduleRequest(form));
    setSending(false);
    if (ok) return;
    const split = splitProblem(normalise(error), Object.keys(labels), "name");
    setErrors(split.fields);
    setMessage([split.message && sentence(split.message), errorSummary(split.fields, labels)].filter(Boolean).join(" "));
  }

  return (
    <form onSubmit={submit} aria-labelledby={headingId} className="panel" noValidate>
      <h2 id={headingId}>{heading}</h2>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(c) => <input {...c} value={form.name} maxLength={100} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label="Time zone" hint="Handoffs and restrictions are read in this zone." error={errors.time_zone}>
          {(c) => <ZonePicker control={c} value={form.time_zone} onChange={(time_zone) => set({ time_zone })} />}
        </Field>
        <Field
          label={
            <>
              Description <span className="muted">(optional)</span>
            </>
          }
          className="wide"
          error={errors.description}
        >
          {(c) => <textarea {...c} rows={2} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
      </div>
      {errors.layers && <p className="error field-error">{errors.layers}</p>}
      {form.layers.map((layer, i) => (
        <LayerEditor
          key={layer.key}
          layer={layer}
          index={i}
          count={form.layers.length}
          zone={form.time_zone}
          errors={errors}
          people={people}
          names={names}
          onChange={(change) => setLayer(i, change)}
          onMove={(delta) => set({ layers: move(form.layers, i, delta) })}
          onRemove={() => set({ layers: form.layers.filter((_, k) => k !== i) })}
        />
      ))}
      <div className="actions">
        <button type="button" onClick={() => set({ layers: [...form.layers, emptyLayer(form.time_zone, form.layers.length)] })}>
          Add a layer
        </button>
        <button type="submit" className="primary" disabled={sending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
