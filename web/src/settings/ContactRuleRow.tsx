import { Field } from "../components/Field";
import { methodLabel, type ContactMethod, type RuleDraft } from "./contact";

/** One notification rule, read as a sentence: notify by a method, so many minutes after a page starts, for pages of an urgency. */
export function ContactRuleRow({
  index,
  count,
  draft: d,
  methods,
  allMethods,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  draft: RuleDraft;
  methods: ContactMethod[];
  allMethods: ContactMethod[];
  errors: { method?: string; delay?: string; urgency?: string };
  onChange: (change: Partial<RuleDraft>) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  // A rule naming a method that is no longer verified still shows it, so the select keeps its value.
  const current = allMethods.find((m) => m.id === d.contact_method_id);
  const options = current && !methods.includes(current) ? [...methods, current] : methods;
  return (
    <li className="rule" aria-label={`Rule ${n}`}>
      <div className="rule-sentence">
        <Field label={`Rule ${n}: notify by`} error={errors.method}>
          {(control) => (
            <select {...control} value={d.contact_method_id} onChange={(e) => onChange({ contact_method_id: Number(e.target.value) })}>
              {options.map((m) => (
                <option key={m.id} value={m.id}>
                  {methodLabel(m)}
                  {m.verified ? "" : " (unverified)"}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Minutes after a page starts" hint="0 for at once" error={errors.delay} className="delay">
          {(control) => <input {...control} value={d.delay} inputMode="numeric" maxLength={4} onChange={(e) => onChange({ delay: e.target.value })} />}
        </Field>
        <Field label="For pages of" error={errors.urgency}>
          {(control) => (
            <select {...control} value={d.urgency} onChange={(e) => onChange({ urgency: e.target.value as RuleDraft["urgency"] })}>
              <option value="">any urgency</option>
              <option value="high">high urgency</option>
              <option value="low">low urgency</option>
            </select>
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="button" className="small" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move rule ${n} up`}>
          ↑ Up
        </button>
        <button type="button" className="small" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`Move rule ${n} down`}>
          ↓ Down
        </button>
        <button type="button" className="small danger" onClick={onRemove} aria-label={`Remove rule ${n}`}>
          Remove
        </button>
      </div>
    </li>
  );
}
