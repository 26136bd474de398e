import { useId } from "react";
import type { Step } from "../api/learning";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { useApp } from "../context";
import { STEPS, stepLabel } from "../learningWords";
import { LIMITS, ruleField, stepField, type RuleRow, type StepRow } from "./learning";
import { RuleScope } from "./RuleScope";

/** One learning rule: its name, the severities and types it matches (none: all), and the steps an
 * incident it matches owes, each with its owner's role and how many business days it takes. */
export function LearningRule({
  rule,
  label,
  first,
  last,
  errors,
  onChange,
  onMove,
  onRemove,
  onAddStep,
  onRemoveStep,
}: {
  rule: RuleRow;
  /** "Rule 2: SEV3 incidents". */
  label: string;
  first: boolean;
  last: boolean;
  errors: FieldErrors;
  onChange: (change: Partial<RuleRow>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  onAddStep: () => void;
  onRemoveStep: (uid: number) => void;
}) {
  const id = useId();
  const setStep = (uid: number, change: Partial<StepRow>) => onChange({ steps: rule.steps.map((s) => (s.uid === uid ? { ...s, ...change } : s)) });
  const stepsError = errors[ruleField(rule.uid, "steps")];
  return (
    <fieldset className="dist-rule">
      <legend>{label}</legend>
      <Field label="Name" hint="Shown in each incident's checklist, such as SEV0-2 incidents." error={errors[ruleField(rule.uid, "name")]}>
        {(c) => <input {...c} data-focus={`rule-${rule.uid}`} autoComplete="off" maxLength={LIMITS.name} value={rule.name} onChange={(e) => onChange({ name: e.target.value })} />}
      </Field>
      <RuleScope
        severities={rule.severities}
        types={rule.types}
        onChange={onChange}
        severityError={errors[ruleField(rule.uid, "severities")]}
        typeError={errors[ruleField(rule.uid, "types")]}
      />
      <p className="dist-audiences-heading" id={`${id}-steps`}>
        Steps owed once resolved
      </p>
      {stepsError && <p className="error field-error">{stepsError}</p>}
      <ol className="dist-audiences" aria-labelledby={`${id}-steps`}>
        {rule.steps.map((s, j) => (
          <li key={s.uid}>
            <StepEditor step={s} label={`Step ${j + 1} of ${label}`} errors={errors} onChange={(change) => setStep(s.uid, change)} onRemove={() => onRemoveStep(s.uid)} />
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="small" data-focus={`add-step-${rule.uid}`} disabled={rule.steps.length >= STEPS.length} onClick={onAddStep}>
          Add a step<span className="visually-hidden"> to {label}</span>
        </button>
        <button type="button" className="small" disabled={first} data-focus={`up-${rule.uid}`} onClick={() => onMove(-1)}>
          Move up<span className="visually-hidden"> {label}</span>
        </button>
        <button type="button" className="small" disabled={last} data-focus={`down-${rule.uid}`} onClick={() => onMove(1)}>
          Move down<span className="visually-hidden"> {label}</span>
        </button>
        <button type="button" className="small danger" aria-label={`Remove ${label}`} onClick={onRemove}>
          Remove rule
        </button>
      </div>
    </fieldset>
  );
}

function StepEditor({ step: s, label, errors, onChange, onRemove }: { step: StepRow; label: string; errors: FieldErrors; onChange: (change: Partial<StepRow>) => void; onRemove: () => void }) {
  const { roles } = useApp();
  // A role deleted since the policy was saved stays listed, so the error beside it makes sense.
  const roleOptions = roles.some((r) => r.key === s.ownerRole) ? roles : [...roles, { key: s.ownerRole, name: `Deleted role (${s.ownerRole})` }];
  return (
    <fieldset className="dist-audience ln-step-editor">
      <legend>{label}</legend>
      <div className="form-grid">
        <Field label="Step" error={errors[stepField(s.uid, "step")]}>
          {(c) => (
            <select {...c} data-focus={`step-${s.uid}`} value={s.step} onChange={(e) => onChange({ step: e.target.value as Step })}>
              {STEPS.map((key) => (
                <option key={key} value={key}>
                  {stepLabel(key)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Owner" hint="Whoever holds this role on the incident." error={errors[stepField(s.uid, "owner_role")]}>
          {(c) => (
            <select {...c} value={s.ownerRole} onChange={(e) => onChange({ ownerRole: e.target.value })}>
              {roleOptions.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Business days" hint={`After it is resolved, ${LIMITS.minDays} to ${LIMITS.maxDays}.`} error={errors[stepField(s.uid, "due_business_days")]} className="dist-days">
          {(c) => <input {...c} type="number" inputMode="numeric" min={LIMITS.minDays} max={LIMITS.maxDays} value={s.days} onChange={(e) => onChange({ days: e.target.value })} />}
        </Field>
      </div>
      <button type="button" className="small danger" aria-label={`Remove ${label}`} onClick={onRemove}>
        Remove step
      </button>
    </fieldset>
  );
}
