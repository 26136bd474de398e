import { useId } from "react";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { targetWords, type LevelForm } from "./escalation";
import type { ResponseCatalog } from "./escalationCatalog";
import { TargetAdder } from "./EscalationTargetAdder";

/** One level of a policy: its delay, who it notifies, and moving or removing it. */
export function LevelEditor({
  index,
  count,
  level,
  selfId,
  catalog,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  level: LevelForm;
  selfId?: number;
  catalog: ResponseCatalog;
  errors: FieldErrors;
  onChange: (change: Partial<LevelForm>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const n = index + 1;
  const targetsError = errors[`levels[${index}].targets`];
  return (
    <fieldset className="level">
      <legend>Level {n}</legend>
      <Field
        label={index === 0 ? `Level ${n}: minutes after the page starts` : `Level ${n}: minutes after level ${index}`}
        hint={index === 0 ? "0 notifies at once." : "At least 1, so the level before can acknowledge."}
        error={errors[`levels[${index}].delay_minutes`]}
        className="delay-field"
      >
        {(c) => <input {...c} type="number" min={index === 0 ? 0 : 1} max={1440} inputMode="numeric" value={level.delay} onChange={(e) => onChange({ delay: e.target.value })} />}
      </Field>
      <h5 id={`${id}-who`}>Who level {n} notifies</h5>
      {level.targets.length ? (
        <ul className="targets" aria-labelledby={`${id}-who`}>
          {level.targets.map((t) => (
            <li key={`${t.type}-${t.id}`}>
              <span>{targetWords(t)}</span>
              <button type="button" className="small" aria-label={`Remove ${targetWords(t)} from level ${n}`} onClick={() => onChange({ targets: level.targets.filter((x) => x !== t) })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nobody yet: add a person, a schedule, a team or a hand-over below.</p>
      )}
      <TargetAdder index={index} level={level} selfId={selfId} catalog={catalog} errorId={targetsError ? `${id}-targets-error` : undefined} onAdd={(t) => onChange({ targets: [...level.targets, t] })} />
      {targetsError && (
        <p id={`${id}-targets-error`} className="error field-error">
          {targetsError}
        </p>
      )}
      <div className="actions level-actions">
        <button type="button" className="small" disabled={index === 0} aria-label={`Move up level ${n}`} onClick={() => onMove(-1)}>
          Move up
        </button>
        <button type="button" className="small" disabled={index === count - 1} aria-label={`Move down level ${n}`} onClick={() => onMove(1)}>
          Move down
        </button>
        {count > 1 && (
          <button type="button" className="small danger" aria-label={`Remove level ${n}`} onClick={onRemove}>
            Remove level
          </button>
        )}
      </div>
    </fieldset>
  );
}
