import { useState, type FormEvent } from "react";
import { useServices, useTeams } from "../api/lists";
import { Field } from "../components/Field";
import { errorSummary, splitProblem, type FieldErrors } from "../components/forms";
import { useCreateIntegration, type Integration, type SourceKind } from "./api/integrations";
import { checkIntegration, EMPTY_FORM, FORM_LABELS, integrationRequest, type IntegrationForm } from "./integrationForm";
import { KINDS, signing } from "./kinds";

const FIELDS = Object.keys(FORM_LABELS);

/** The sender, a name, optionally the service its incidents are about and the team it pages, and
 * for senders that sign their requests, the secret. */
export function NewIntegrationForm({ onCreated, onCancel }: { onCreated: (created: Integration) => void; onCancel: () => void }) {
  const [form, setForm] = useState<IntegrationForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const create = useCreateIntegration();
  const services = useServices().data ?? [];
  const teams = useTeams().data ?? [];
  const sign = signing(form.kind);

  const set = (change: Partial<IntegrationForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in change))));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkIntegration(form);
    setErrors(found);
    setMessage(errorSummary(found, FORM_LABELS));
    if (Object.keys(found).length) return;
    try {
      onCreated(await create.mutateAsync(integrationRequest(form)));
    } catch (error) {
      const problem = splitProblem(error, FIELDS);
      setErrors(problem.fields);
      setMessage(problem.message ?? errorSummary(problem.fields, FORM_LABELS));
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="new-integration-heading" className="panel" noValidate>
      <h2 id="new-integration-heading">New integration</h2>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="form-grid">
        <Field label={FORM_LABELS.kind} error={errors.kind}>
          {(c) => (
            <select {...c} value={form.kind} onChange={(e) => set({ kind: e.target.value as SourceKind | "" })}>
              <option value="">Choose the sender</option>
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={FORM_LABELS.name} hint="Where the alerts come from: “Prometheus prod”" error={errors.name}>
          {(c) => <input {...c} value={form.name} maxLength={100} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label={<Optional>{FORM_LABELS.service_id}</Optional>} hint="The service its incidents are about." error={errors.service_id}>
          {(c) => (
            <select {...c} value={form.service_id} onChange={(e) => set({ service_id: e.target.value })}>
              <option value="">None</option>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={<Optional>{FORM_LABELS.team_id}</Optional>} hint="The team paged for its alerts." error={errors.team_id}>
          {(c) => (
            <select {...c} value={form.team_id} onChange={(e) => set({ team_id: e.target.value })}>
              <option value="">None</option>
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {sign && (
          <Field
            label={sign === "optional" ? <Optional>{FORM_LABELS.signing_secret}</Optional> : FORM_LABELS.signing_secret}
            hint={sign === "required" ? "The secret PagerDuty showed when you added the webhook subscription." : "Set one in Grafana's contact point (HMAC signature) to have requests checked."}
            error={errors.signing_secret}
            className="wide"
          >
            {(c) => <input {...c} type="password" value={form.signing_secret} autoComplete="off" onChange={(e) => set({ signing_secret: e.target.value })} />}
          </Field>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create integration
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Optional({ children }: { children: string }) {
  return (
    <>
      {children} <span className="muted">(optional)</span>
    </>
  );
}
