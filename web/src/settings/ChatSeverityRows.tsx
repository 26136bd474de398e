import type { InputHTMLAttributes } from "react";
import type { Severity } from "../api/client";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { newRow, rowField, type RowKind, type SeverityRow } from "./chat";

/** Something set per severity (a channel, reminder minutes): one row per severity, picked from
 * the catalog, each severity at most once. A key the catalog no longer has stays listed as it
 * is, so it can be removed or kept. */
export function ChatSeverityRows({
  kind,
  legend,
  hint,
  rows,
  severities,
  errors,
  valueLabel,
  valueClass,
  input,
  newValue,
  addLabel,
  empty,
  onChange,
}: {
  kind: RowKind;
  legend: string;
  hint: string;
  rows: SeverityRow[];
  /** The catalog, most severe first. */
  severities: Severity[];
  errors: FieldErrors;
  /** "Channel", "Minutes". */
  valueLabel: string;
  /** The value's field: `grow` for a channel, `dist-days` for a number. */
  valueClass: string;
  input: InputHTMLAttributes<HTMLInputElement>;
  /** What a new row starts with. */
  newValue: string;
  addLabel: string;
  empty: string;
  onChange: (rows: SeverityRow[], focus: string) => void;
}) {
  const used = new Set(rows.map((r) => r.severity));
  const free = severities.filter((s) => !used.has(s.key));
  const groupError = errors[kind === "announce" ? "announcement_channels" : "reminder_minutes"];
  const name = (key: string) => {
    const s = severities.find((x) => x.key === key);
    return s ? `${s.key} (${s.name})` : `${key} (no longer a severity)`;
  };
  const set = (uid: number, change: Partial<SeverityRow>) => onChange(
    rows.map((r) => (r.uid === uid ? { ...r, ...change } : r)),
    "",
  );
  const add = () => {
    const row = newRow(free[0]?.key ?? "", newValue);
    onChange([...rows, row], `${kind}-row-${row.uid}`);
  };
  return (
    <fieldset className="chat-rows">
      <legend>{legend}</legend>
      <p className="muted field-hint">{hint}</p>
      {groupError && <p className="error field-error">{groupError}</p>}
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="chat-severity-rows">
          {rows.map((r) => {
            const label = `${valueLabel} for ${r.severity || "a new severity"}`;
            const options = severities.filter((s) => s.key === r.severity || !used.has(s.key));
            return (
              <li key={r.uid}>
                <fieldset className="form-row">
                  <legend className="visually-hidden">{label}</legend>
                  <Field label="Severity" error={errors[rowField(kind, r.uid, "severity")]}>
                    {(c) => (
                      <select {...c} data-focus={`${kind}-row-${r.uid}`} value={r.severity} onChange={(e) => set(r.uid, { severity: e.target.value })}>
                        {!r.severity && <option value="">Pick a severity</option>}
                        {r.severity && !severities.some((s) => s.key === r.severity) && <option value={r.severity}>{name(r.severity)}</option>}
                        {options.map((s) => (
                          <option key={s.key} value={s.key}>
                            {name(s.key)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field label={valueLabel} error={errors[rowField(kind, r.uid, "value")]} className={valueClass}>
                    {(c) => <input {...c} {...input} value={r.value} onChange={(e) => set(r.uid, { value: e.target.value })} />}
                  </Field>
                  <button type="button" className="small danger" aria-label={`Remove ${label}`} onClick={() => onChange(rows.filter((x) => x.uid !== r.uid), `add-${kind}`)}>
                    Remove
                  </button>
                </fieldset>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" data-focus={`add-${kind}`} disabled={free.length === 0} onClick={add}>
        {addLabel}
      </button>
    </fieldset>
  );
}
