import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { REVIEW_LIMITS, reviewRuleField, type ReviewRuleRow } from "./reviewPolicy";
import { RuleScope } from "./RuleScope";

/** One review rule: its name, the severities and types it matches (none: all), the window in
 * business days after the postmortem goes to review, the meeting's length, and whether Goldseam
 * books it without a click. */
export function ReviewRuleEditor({
  rule,
  label,
  first,
  last,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  rule: ReviewRuleRow;
  /** "Rule 2: Major incidents". */
  label: string;
  first: boolean;
  last: boolean;
  errors: FieldErrors;
  onChange: (change: Partial<ReviewRuleRow>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const at = (field: Parameters<typeof reviewRuleField>[1]) => errors[reviewRuleField(rule.uid, field)];
  const L = REVIEW_LIMITS;
  return (
    <fieldset className="dist-rule">
      <legend>{label}</legend>
      <Field label="Name" hint="Shown with each proposal, such as Major incidents." error={at("name")}>
        {(c) => <input {...c} data-focus={`rule-${rule.uid}`} autoComplete="off" maxLength={L.name} value={rule.name} onChange={(e) => onChange({ name: e.target.value })} />}
      </Field>
      <RuleScope severities={rule.severities} types={rule.types} onChange={onChange} severityError={at("severities")} typeError={at("types")} />
      <div className="form-grid">
        <Field label="Preparation (business days)" hint={`Before the meeting may be, to read it first: 0 to ${L.maxDays}.`} error={at("prep_business_days")} className="dist-days">
          {(c) => <input {...c} type="number" inputMode="numeric" min={0} max={L.maxDays} value={rule.prep} onChange={(e) => onChange({ prep: e.target.value })} />}
        </Field>
        <Field label="Deadline (business days)" hint={`By when it must be: 1 to ${L.maxDays}, after the preparation.`} error={at("deadline_business_days")} className="dist-days">
          {(c) => <input {...c} type="number" inputMode="numeric" min={1} max={L.maxDays} value={rule.deadline} onChange={(e) => onChange({ deadline: e.target.value })} />}
        </Field>
        <Field label="Duration (minutes)" hint={`${L.minDuration} to ${L.maxDuration}, a multiple of ${L.grid}.`} error={at("duration_minutes")} className="dist-days">
          {(c) => <input {...c} type="number" inputMode="numeric" min={L.minDuration} max={L.maxDuration} step={L.grid} value={rule.duration} onChange={(e) => onChange({ duration: e.target.value })} />}
        </Field>
      </div>
      <label className="inline">
        <input type="checkbox" checked={rule.autoBook} onChange={(e) => onChange({ autoBook: e.target.checked })} /> Book the best time by itself when the postmortem goes to review
      </label>
      <div className="actions">
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
