import { useId } from "react";
import type { Team } from "../api/lists";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { DistributionAudience } from "./DistributionAudience";
import { LIMITS, ruleField, type AudienceRow, type RuleRow } from "./distribution";
import { RuleScope } from "./RuleScope";

/** One distribution rule: its name, the severities and types it matches (none: all), and its
 * audiences, each added and removed in place. */
export function DistributionRule({
  rule,
  label,
  teams,
  errors,
  onChange,
  onRemove,
  onAddAudience,
  onRemoveAudience,
}: {
  rule: RuleRow;
  /** "Rule 2: Leadership for SEV0-1". */
  label: string;
  teams: Team[] | undefined;
  errors: FieldErrors;
  onChange: (change: Partial<RuleRow>) => void;
  onRemove: () => void;
  onAddAudience: () => void;
  onRemoveAudience: (uid: number) => void;
}) {
  const id = useId();
  const setAudience = (uid: number, change: Partial<AudienceRow>) => onChange({ audiences: rule.audiences.map((a) => (a.uid === uid ? { ...a, ...change } : a)) });
  const audiencesError = errors[ruleField(rule.uid, "audiences")];
  return (
    <fieldset className="dist-rule">
      <legend>{label}</legend>
      <Field label="Name" hint="Shown in each postmortem's readers list, such as Leadership for SEV0-1." error={errors[ruleField(rule.uid, "name")]}>
        {(c) => <input {...c} data-focus={`rule-${rule.uid}`} autoComplete="off" maxLength={LIMITS.name} value={rule.name} onChange={(e) => onChange({ name: e.target.value })} />}
      </Field>
      <RuleScope
        severities={rule.severities}
        types={rule.types}
        onChange={onChange}
        severityError={errors[ruleField(rule.uid, "severities")]}
        typeError={errors[ruleField(rule.uid, "types")]}
      />
      <p className="dist-audiences-heading" id={`${id}-audiences`}>
        Sent to
      </p>
      {audiencesError && <p className="error field-error">{audiencesError}</p>}
      <ol className="dist-audiences" aria-labelledby={`${id}-audiences`}>
        {rule.audiences.map((a, j) => (
          <li key={a.uid}>
            <DistributionAudience audience={a} number={j + 1} ruleLabel={label} teams={teams} errors={errors} onChange={(change) => setAudience(a.uid, change)} onRemove={() => onRemoveAudience(a.uid)} />
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="small" data-focus={`add-audience-${rule.uid}`} disabled={rule.audiences.length >= LIMITS.audiences} onClick={onAddAudience}>
          Add an audience<span className="visually-hidden"> to {label}</span>
        </button>
        <button type="button" className="small danger" aria-label={`Remove ${label}`} onClick={onRemove}>
          Remove rule
        </button>
      </div>
    </fieldset>
  );
}
