import { useEffect, useRef, useState } from "react";
import type { User } from "../api/client";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { PersonPicker } from "../components/PersonPicker";
import { DAYS, emptyRestriction, move, UNITS, type LayerForm, type RestrictionForm, type ShiftUnit } from "./scheduleForm";

const dayLabel = (d: string) => d[0].toUpperCase() + d.slice(1);

/** One layer of the schedule form: its name, first handoff, shift length, people in turn order
 * (reordered with buttons, so the keyboard can do it) and optional restrictions. */
export function LayerEditor({
  layer,
  index,
  count,
  zone,
  errors,
  people,
  names,
  onChange,
  onMove,
  onRemove,
}: {
  layer: LayerForm;
  index: number;
  count: number;
  zone: string;
  errors: FieldErrors;
  people: User[];
  names: ReadonlyMap<number, string>;
  onChange: (change: Partial<LayerForm>) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const at = `layers[${index}]`;
  const list = useRef<HTMLOListElement>(null);
  // After a move the row is re-rendered elsewhere: the keyboard follows the person moved.
  const [focus, setFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!focus || !list.current) return;
    const [pos, dir] = focus.split(":");
    const wanted = list.current.querySelector<HTMLButtonElement>(`[data-move="${pos}:${dir}"]`);
    const target = wanted && !wanted.disabled ? wanted : list.current.querySelector<HTMLButtonElement>(`[data-move="${pos}:${dir === "up" ? "down" : "up"}"]`);
    target?.focus();
    setFocus(null);
  }, [focus]);
  const nameOf = (id: number) => names.get(id) ?? `User ${id}`;
  const setRestriction = (j: number, change: Partial<RestrictionForm>) => onChange({ restrictions: layer.restrictions.map((r, k) => (k === j ? { ...r, ...change } : r)) });
  const unit = UNITS.find((u) => u.unit === layer.unit) ?? UNITS[0];
  const participantsError = errors[`${at}.participants`];
  const errorId = `${layer.key}-people-error`;

  return (
    <fieldset className="panel layer">
      <legend>Layer {n}</legend>
      <div className="layer-head">
        <span className="muted">{index === 0 ? (count > 1 ? "Bottom layer: later layers cover it where they have someone." : "Add another layer to cover parts of this one.") : "Covers the layers above it in this list wherever it has someone on call."}</span>
        <div className="actions">
          {count > 1 && (
            <>
              <button type="button" className="small" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move layer ${n} up`}>
                Move up
              </button>
              <button type="button" className="small" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Move layer ${n} down`}>
                Move down
              </button>
              <button type="button" className="small danger" onClick={onRemove} aria-label={`Remove layer ${n}`}>
                Remove layer
              </button>
            </>
          )}
        </div>
      </div>
      <div className="form-grid">
        <Field label={`Layer ${n} name`} error={errors[`${at}.name`]}>
          {(c) => <input {...c} value={layer.name} maxLength={100} onChange={(e) => onChange({ name: e.target.value })} />}
        </Field>
        <Field label="First handoff" hint={`Date and time in the schedule's zone (${zone}). The first person starts then.`} error={errors[`${at}.start`]}>
          {(c) => <input {...c} type="datetime-local" value={layer.start} onChange={(e) => onChange({ start: e.target.value })} />}
        </Field>
        <div className="form-row">
          <Field label="Shift length" className="narrow" error={errors[`${at}.shift`]} hint={`1 to ${unit.max.toLocaleString("en")}`}>
            {(c) => <input {...c} type="number" inputMode="numeric" min={1} max={unit.max} value={layer.count} onChange={(e) => onChange({ count: e.target.value })} />}
          </Field>
          <Field label="Unit">
            {(c) => (
              <select {...c} value={layer.unit} onChange={(e) => onChange({ unit: e.target.value as ShiftUnit })}>
                {UNITS.map((u) => (
                  <option key={u.unit} value={u.unit}>
                    {u.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </div>
      {layer.end && <p className="muted">This layer ends at {new Date(layer.end).toLocaleString()} (set through the API); saving keeps that end.</p>}

      <fieldset aria-describedby={participantsError ? errorId : undefined}>
        <legend>People in layer {n}, in turn order</legend>
        {layer.participants.length === 0 ? (
          <p className="muted">Nobody yet: add the people who take turns, first one first.</p>
        ) : (
          <ol className="people-order" ref={list}>
            {layer.participants.map((id, i) => {
              const name = nameOf(id);
              return (
                <li key={`${id}-${i}`}>
                  <span className="turn">{i + 1}.</span>
                  <span className="name">{name}</span>
                  <button
                    type="button"
                    className="small"
                    data-move={`${i}:up`}
                    disabled={i === 0}
                    aria-label={`Move ${name} up (turn ${i + 1} of ${layer.participants.length})`}
                    onClick={() => {
                      onChange({ participants: move(layer.participants, i, -1) });
                      setFocus(`${i - 1}:up`);
                    }}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="small"
                    data-move={`${i}:down`}
                    disabled={i === layer.participants.length - 1}
                    aria-label={`Move ${name} down (turn ${i + 1} of ${layer.participants.length})`}
                    onClick={() => {
                      onChange({ participants: move(layer.participants, i, 1) });
                      setFocus(`${i + 1}:down`);
                    }}
                  >
                    ↓
                  </button>
                  <button type="button" className="small danger" aria-label={`Remove ${name} from layer ${n}`} onClick={() => onChange({ participants: layer.participants.filter((_, k) => k !== i) })}>
                    Remove
                  </button>
                </li>
              );
            })}
          </ol>
        )}
        <PersonPicker label={`Add a person to layer ${n}`} people={people} onPick={(u) => onChange({ participants: [...layer.participants, u.id] })} />
        {participantsError && (
          <p id={errorId} className="error field-error">
            {participantsError}
          </p>
        )}
      </fieldset>

      <fieldset>
        <legend>Restrictions (optional)</legend>
        {layer.restrictions.length === 0 && <p className="muted">None: this layer covers every hour. Add one to limit it to, say, weekdays 09:00–17:00.</p>}
        {layer.restrictions.map((r, j) => {
          const label = `restriction ${j + 1} of layer ${n}`;
          const error = errors[`${at}.restrictions[${j}]`];
          return (
            <div key={j} className="restriction" role="group" aria-label={`Restriction ${j + 1}`}>
              <label>
                Repeats
                <select aria-label={`Repeats, ${label}`} value={r.kind} onChange={(e) => setRestriction(j, { kind: e.target.value as RestrictionForm["kind"] })}>
                  <option value="daily">Every day</option>
                  <option value="weekly">Every week</option>
                </select>
              </label>
              {r.kind === "weekly" && (
                <label>
                  From day
                  <select aria-label={`From day, ${label}`} value={r.start_day} onChange={(e) => setRestriction(j, { start_day: e.target.value as RestrictionForm["start_day"] })}>
                    {DAYS.map((d) => (
                      <option key={d} value={d}>
                        {dayLabel(d)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                From
                <input aria-label={`From time, ${label}`} type="time" value={r.start} aria-invalid={error ? true : undefined} onChange={(e) => setRestriction(j, { start: e.target.value })} />
              </label>
              {r.kind === "weekly" && (
                <label>
                  To day
                  <select aria-label={`To day, ${label}`} value={r.end_day} onChange={(e) => setRestriction(j, { end_day: e.target.value as RestrictionForm["end_day"] })}>
                    {DAYS.map((d) => (
                      <option key={d} value={d}>
                        {dayLabel(d)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                To
                <input aria-label={`To time, ${label}`} type="time" value={r.end} aria-invalid={error ? true : undefined} onChange={(e) => setRestriction(j, { end: e.target.value })} />
              </label>
              <button type="button" className="small danger" aria-label={`Remove ${label}`} onClick={() => onChange({ restrictions: layer.restrictions.filter((_, k) => k !== j) })}>
                Remove
              </button>
              {error && <p className="error field-error error-block">{error}</p>}
            </div>
          );
        })}
        <button type="button" className="small" onClick={() => onChange({ restrictions: [...layer.restrictions, emptyRestriction()] })}>
          Add a restriction to layer {n}
        </button>
        <p className="muted field-hint">Times are wall-clock times in {zone}; an end not after the start runs past midnight (or into the next week).</p>
      </fieldset>
    </fieldset>
  );
}
