import type { Severity } from "../api/client";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { newRow, rowField, type SeverityRow } from "./chat";

/** The channels some severities are announced in instead of the default: one row per severity,
 * picked from the catalog, each severity at most once. A key the catalog no longer has stays
 * listed as it is, so it can be removed or kept. `onChange` also names the `data-focus` the keyboard
 * goes to next ("" to stay). */
export function ChatSeverityChannels({
  rows,
  severities,
  errors,
  onChange,
}: {
  rows: SeverityRow[];
  /** The catalog, most severe first. */
  severities: Severity[];
  errors: FieldErrors;
  onChange: (rows: SeverityRow[], focus: string) => void;
}) {
  const used = new Set(rows.map((r) => r.severity));
  const free = severities.filter((s) => !used.has(s.key));
  const name = (key: string) => {
    const s = severities.find((x) => x.key === key);
    return s ? `${s.key} (${s.name})` : `${key} (no longer a severity)`;
  };
  const set = (uid: number, change: Partial<SeverityRow>) => onChange(rows.map((r) => (r.uid === uid ? { ...r, ...change } : r)), "");
  const add = () => {
    const row = newRow(free[0]?.key ?? "");
    onChange([...rows, row], `announce-row-${row.uid}`);
  };
  // The keyboard goes to Add, unless it stays disabled (every severity still has a channel):
  // then to the announcement channel.
  const remove = (row: SeverityRow) => {
    const frees = free.length > 0 || severities.some((s) => s.key === row.severity);
    onChange(rows.filter((x) => x.uid !== row.uid), frees ? "add-announce" : "announcement-channel");
  };
  return (
    <fieldset className="chat-rows">
      <legend>A channel per severity</legend>
      <p className="muted field-hint">
        Incidents of these severities are announced in the channel given here (its id) instead. When an incident&apos;s severity changes, it is announced in the new
        severity&apos;s channel too.
      </p>
      {errors.announcement_channels && <p className="error field-error">{errors.announcement_channels}</p>}
      {rows.length === 0 ? (
        <p className="muted">Every severity is announced in the announcement channel.</p>
      ) : (
        <ul className="chat-severity-rows">
          {rows.map((r) => {
            const label = `Channel for ${r.severity || "a new severity"}`;
            const options = severities.filter((s) => s.key === r.severity || !used.has(s.key));
            return (
              <li key={r.uid}>
                <fieldset className="form-row">
                  <legend className="visually-hidden">{label}</legend>
                  <Field label="Severity" error={errors[rowField(r.uid, "severity")]}>
                    {(c) => (
                      <select {...c} data-focus={`announce-row-${r.uid}`} value={r.severity} onChange={(e) => set(r.uid, { severity: e.target.value })}>
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
                  <Field label="Channel" error={errors[rowField(r.uid, "channel")]} className="grow">
                    {(c) => <input {...c} autoComplete="off" spellCheck={false} value={r.channel} onChange={(e) => set(r.uid, { channel: e.target.value })} />}
                  </Field>
                  <button type="button" className="small danger" aria-label={`Remove ${label}`} onClick={() => remove(r)}>
                    Remove
                  </button>
                </fieldset>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" data-focus="add-announce" disabled={free.length === 0} onClick={add}>
        Add a channel for a severity
      </button>
    </fieldset>
  );
}
