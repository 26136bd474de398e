import { useState } from "react";
import type { Severity } from "../api/client";
import { useApp } from "../context";
import { useSaveSeverity } from "./api/catalog";
import { checkSeverity, nextSeverity, POSTMORTEM_ON, postmortemOnWords, RANK_MAX, SEVERITY_LABELS, severityBody, severityForm, sortSeverities, UPDATE_EVERY_MAX, updateEveryWords, type PostmortemOn, type SeverityForm } from "./catalog";
import { CatalogEntryEditor, type CatalogOutcome } from "./CatalogEntryEditor";
import { Field } from "../components/Field";
import { splitProblem } from "../components/forms";
import { useReturnFocus } from "../components/useReturnFocus";

const FIELDS = Object.keys(SEVERITY_LABELS);

/** The severity scale everyone picks from when declaring: edit in place, add new levels. */
export function SeveritiesSection() {
  const { severities } = useApp();
  const saveSeverity = useSaveSeverity();
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState("");
  const { opener, closed } = useReturnFocus();
  const list = sortSeverities(severities);

  async function save(form: SeverityForm, isNew: boolean): Promise<CatalogOutcome> {
    const key = form.key.trim();
    try {
      await saveSeverity.mutateAsync({ key, body: severityBody(form) });
    } catch (error) {
      return splitProblem(error, FIELDS);
    }
    setStatus(isNew ? `${key} is added; it is offered when declaring an incident.` : `${key} is saved.`);
    return null;
  }

  const stopEditing = (key: string) => {
    setEditing(null);
    closed(key);
  };

  return (
    <section aria-labelledby="severities-heading">
      <h2 id="severities-heading">Severities</h2>
      <p className="muted">
        The scale anyone picks from when declaring. Rank 0 is the most severe; the description tells a newcomer when to pick it. The update cadence is how often stakeholders expect a
        status update while such an incident is open: the dashboard flags incidents past it.
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      <table className="cards">
        <caption className="visually-hidden">Severities, most severe first</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Name</th>
            <th scope="col">When to pick it</th>
            <th scope="col">Rank</th>
            <th scope="col">Status updates</th>
            <th scope="col">Postmortem</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) =>
            editing === s.key ? (
              <tr key={s.key} className="editing">
                <td colSpan={7}>
                  <SeverityEditor
                    initial={severityForm(s)}
                    existing={list}
                    onSave={async (form) => {
                      const outcome = await save(form, false);
                      if (!outcome) stopEditing(s.key);
                      return outcome;
                    }}
                    onCancel={() => stopEditing(s.key)}
                  />
                </td>
              </tr>
            ) : (
              <tr key={s.key}>
                <td data-label="Key">
                  <span className={`sev sev-${s.key}`}>{s.key}</span>
                </td>
                <td data-label="Name">{s.name}</td>
                <td data-label="When to pick it" className="wrap">
                  {s.description}
                </td>
                <td data-label="Rank">{s.rank}</td>
                <td data-label="Status updates">{updateEveryWords(s.update_every_minutes)}</td>
                <td data-label="Postmortem">{postmortemOnWords(s.postmortem_on)}</td>
                <td className="row-actions">
                  <button type="button" ref={opener(s.key)} aria-label={`Edit ${s.key}`} onClick={() => setEditing(s.key)}>
                    Edit
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {adding ? (
        <SeverityEditor
          initial={nextSeverity(list)}
          existing={list}
          adding
          onSave={async (form) => {
            const outcome = await save(form, true);
            if (!outcome) {
              setAdding(false);
              closed("+add");
            }
            return outcome;
          }}
          onCancel={() => {
            setAdding(false);
            closed("+add");
          }}
        />
      ) : (
        <button type="button" ref={opener("+add")} onClick={() => setAdding(true)}>
          Add a severity
        </button>
      )}
    </section>
  );
}

function SeverityEditor({ initial, existing, adding = false, onSave, onCancel }: { initial: SeverityForm; existing: readonly Severity[]; adding?: boolean; onSave: (form: SeverityForm) => Promise<CatalogOutcome>; onCancel: () => void }) {
  return (
    <CatalogEntryEditor
      title={adding ? "Add a severity" : `Edit ${initial.key}`}
      submitLabel={adding ? "Add severity" : "Save"}
      initial={initial}
      labels={SEVERITY_LABELS}
      adding={adding}
      check={(form) => checkSeverity(form, existing, adding)}
      keyHint="Uppercase letters and digits, like SEV5. It cannot be changed later."
      keyMaxLength={16}
      normalizeKey={(key) => key.toUpperCase()}
      nameHint="A word or two, such as Critical."
      descriptionHint="One line a newcomer understands, such as “Customers cannot pay”."
      gridFields={(form, set, errors) => (
        <>
          <Field label={SEVERITY_LABELS.rank} hint={`0 is the most severe, up to ${RANK_MAX}.`} error={errors.rank}>
            {(c) => <input {...c} type="number" inputMode="numeric" min={0} max={RANK_MAX} step={1} value={form.rank} onChange={(e) => set({ rank: e.target.value })} />}
          </Field>
          <Field
            label={SEVERITY_LABELS.update_every_minutes}
            hint="How often stakeholders expect an update while such an incident is open, such as 30. Blank: no expectation, never flagged."
            error={errors.update_every_minutes}
          >
            {(c) => <input {...c} type="number" inputMode="numeric" min={1} max={UPDATE_EVERY_MAX} step={1} value={form.update_every} onChange={(e) => set({ update_every: e.target.value })} />}
          </Field>
          <Field label={SEVERITY_LABELS.postmortem_on} hint="The status at which such an incident opens its postmortem by itself. Anyone can still start one by hand.">
            {(c) => (
              <select {...c} value={form.postmortem_on} onChange={(e) => set({ postmortem_on: e.target.value as PostmortemOn })}>
                {POSTMORTEM_ON.map((status) => (
                  <option key={status} value={status}>
                    {status ? `When ${status}` : "Only by hand"}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      onSave={onSave}
      onCancel={onCancel}
    />
  );
}
