import { useState } from "react";
import type { ApiError } from "../api/errors";
import { Field } from "../components/Field";
import { problemText } from "../components/forms";
import { usePreviewMapping, useUpdateIntegration, type Integration, type PreviewAnswer } from "./api/integrations";
import { errorsByField, isEditorField, mappingForm, mappingOf, parseSample, SAMPLE_PAYLOAD, TEMPLATE_FIELDS, type MappingForm } from "./mapping";
import { MappingRows } from "./MappingRows";
import { PreviewResult } from "./PreviewResult";

/** A generic webhook's mapping: a template per alert field, labels and annotations, tried on a
 * sample payload (Preview) before it is saved. Errors from either land beside their field. */
export function MappingEditor({ integration }: { integration: Integration }) {
  const [form, setForm] = useState<MappingForm>(() => mappingForm(integration.mapping));
  const [sample, setSample] = useState(SAMPLE_PAYLOAD);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const preview = usePreviewMapping();
  const save = useUpdateIntegration(integration.id);

  const set = (change: Partial<MappingForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setSaved("");
  };

  // A refusal naming fields puts each message beside its field; anything else above the form.
  const refused = (e: unknown) => {
    const named = errorsByField((e as ApiError).errors ?? [], "mapping.");
    setErrors(named);
    setMessage(Object.keys(named).some(isEditorField) ? "Check the fields marked below." : problemText(e));
  };

  async function tryIt() {
    setMessage(null);
    setAnswer(null);
    const parsed = parseSample(sample);
    if (!parsed.ok) {
      setErrors({ sample: parsed.error });
      return;
    }
    try {
      const result = await preview.mutateAsync({ mapping: mappingOf(form), sample: parsed.value, policy: integration.policy });
      setAnswer(result);
      setErrors(errorsByField(result.preview.errors));
    } catch (e) {
      refused(e);
    }
  }

  async function store() {
    setMessage(null);
    setSaved("");
    const { name, service_id, team_id, policy } = integration;
    try {
      // Everything else as it is: a change replaces the whole integration but its key and secret.
      await save.mutateAsync({ name, service_id, team_id, policy, mapping: mappingOf(form) });
      setErrors({});
      setSaved("The mapping is saved: the next requests are read with it.");
    } catch (e) {
      refused(e);
    }
  }

  return (
    <section aria-labelledby="mapping-heading" className="mapping">
      <h2 id="mapping-heading">Mapping</h2>
      <p className="muted">
        How a request's JSON becomes an alert: templates over the payload, <code>{"{{ payload.title }}"}</code>. Try them on a sample before saving.
      </p>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="form-grid">
        {TEMPLATE_FIELDS.map(({ field, label, hint }) => (
          <Field key={field} label={label} hint={hint} error={errors[field]} className="wide">
            {(c) => <input {...c} className="mono" value={form[field]} autoComplete="off" spellCheck={false} onChange={(e) => set({ [field]: e.target.value })} />}
          </Field>
        ))}
      </div>
      <MappingRows what="Labels" rows={form.labels} errors={errors} onChange={(labels) => set({ labels })} />
      <MappingRows what="Annotations" rows={form.annotations} errors={errors} onChange={(annotations) => set({ annotations })} />
      <Field label="Sample payload" hint="A request's body as the sender would send it (JSON)." error={errors.sample ?? errors.body} className="wide">
        {(c) => <textarea {...c} className="mono" rows={8} value={sample} spellCheck={false} onChange={(e) => setSample(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="button" onClick={tryIt} disabled={preview.isPending}>
          Preview
        </button>
        <button type="button" className="primary" onClick={store} disabled={save.isPending}>
          Save mapping
        </button>
      </div>
      <p role="status" className="muted">
        {saved}
      </p>
      {answer && <PreviewResult answer={answer} />}
    </section>
  );
}
