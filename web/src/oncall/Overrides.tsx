import { useMemo, useState, type FormEvent } from "react";
import { useDirectory } from "../api/people";
import { ConfirmButton } from "../components/Confirm";
import { Field } from "../components/Field";
import { errorSummary, problemText, sentence, splitProblem, type FieldErrors } from "../components/forms";
import { ZonedTime } from "../components/ZonedTime";
import { useApp } from "../context";
import { useAddOverride, useRemoveOverride } from "./api/schedules";
import { browserTimeZone } from "../zones";
import { canRemoveOverride, checkOverride, defaultOverrideRange, fromLocalInput, type Override } from "./overrides";

const LABELS = { user_id: "Who", start: "From", end: "Until" };

/** A schedule's overrides that have not ended, and the form to add one: members for themselves,
 * admins for anyone. Two overlapping overrides are refused by the server, and its reason shown. */
export function Overrides({ scheduleId, zone, overrides, onChanged }: { scheduleId: number; zone: string; overrides: Override[]; onChanged: (status: string) => void }) {
  const { session, isAdmin, canAct } = useApp();
  const me = session.user;
  const { names, active: people } = useDirectory();
  const active = useMemo(() => [...people].sort((a, b) => a.name.localeCompare(b.name)), [people]);
  const addOverride = useAddOverride(scheduleId);
  const removeOverride = useRemoveOverride(scheduleId);
  const [range, setRange] = useState(defaultOverrideRange);
  const [who, setWho] = useState<number>(me.id);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    const found = checkOverride(range.start, range.end);
    setErrors(found);
    setMessage(errorSummary(found, LABELS));
    if (Object.keys(found).length) return;
    const body = { start: fromLocalInput(range.start)!, end: fromLocalInput(range.end)!, ...(isAdmin && who !== me.id ? { user_id: who } : {}) };
    let error: unknown;
    try {
      const data = await addOverride.mutateAsync(body);
      setRange(defaultOverrideRange());
      onChanged(`${data.user.id === me.id ? "You are" : `${data.user.name} is`} on call instead from ${new Date(data.start).toLocaleString()} until ${new Date(data.end).toLocaleString()}.`);
      return;
    } catch (e) {
      error = e;
    }
    const split = splitProblem(error, Object.keys(LABELS));
    setErrors(split.fields);
    setMessage([split.message && sentence(split.message), errorSummary(split.fields, LABELS)].filter(Boolean).join(" "));
  }

  async function remove(o: Override) {
    setRemoveError(null);
    try {
      await removeOverride.mutateAsync(o.id);
    } catch (error) {
      setRemoveError(problemText(error));
      return;
    }
    onChanged(`The override for ${o.user.name} is removed.`);
  }

  return (
    <section aria-labelledby="overrides-heading">
      <h2 id="overrides-heading">Overrides</h2>
      <p className="muted">An override puts someone on call instead of the rotation for a while: a swap, a sick day, a holiday. Overrides may not overlap one another.</p>
      {removeError && (
        <p role="alert" className="error">
          {removeError}
        </p>
      )}
      {overrides.length === 0 ? (
        <p className="empty">No overrides now or to come. {canAct ? "Add one below to cover someone's shift." : ""}</p>
      ) : (
        <table className="rows">
          <caption className="visually-hidden">Overrides</caption>
          <thead>
            <tr>
              <th scope="col">On call instead</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">Added by</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {overrides.map((o) => (
              <tr key={o.id}>
                <td data-label="On call">
                  <strong>{o.user.name}</strong>
                  {o.user.id === me.id && <span className="muted"> (you)</span>}
                </td>
                <td data-label="From">
                  <ZonedTime at={o.start} zone={zone} />
                </td>
                <td data-label="Until">
                  <ZonedTime at={o.end} zone={zone} />
                </td>
                <td data-label="Added by">{o.created_by === me.id ? "You" : (names.get(o.created_by) ?? `User ${o.created_by}`)}</td>
                <td className="row-actions">
                  {canRemoveOverride(o, me) && (
                    <ConfirmButton
                      label="Remove"
                      aria-label={`Remove the override for ${o.user.name}`}
                      question={<>Remove {o.user.name}'s override? The rotation's person is on call again for that time.</>}
                      confirmLabel="Remove override"
                      onConfirm={() => remove(o)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {canAct ? (
        <form onSubmit={add} aria-labelledby="add-override-heading" className="panel" noValidate>
          <h3 id="add-override-heading">Add an override</h3>
          {message && (
            <p role="alert" className="error">
              {message}
            </p>
          )}
          <div className="form-grid">
            {isAdmin ? (
              <Field label={LABELS.user_id} error={errors.user_id}>
                {(c) => (
                  <select {...c} value={who} onChange={(e) => setWho(Number(e.target.value))}>
                    {active.length === 0 && <option value={me.id}>{me.name} (you)</option>}
                    {active.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                        {p.id === me.id ? " (you)" : ""}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <p className="muted">
                Puts <strong>you</strong> on call. Only admins add overrides for someone else.
              </p>
            )}
            <Field label={LABELS.start} hint={`In your time zone (${browserTimeZone()}).`} error={errors.start}>
              {(c) => <input {...c} type="datetime-local" value={range.start} onChange={(e) => setRange((r) => ({ ...r, start: e.target.value }))} />}
            </Field>
            <Field label={LABELS.end} error={errors.end}>
              {(c) => <input {...c} type="datetime-local" value={range.end} onChange={(e) => setRange((r) => ({ ...r, end: e.target.value }))} />}
            </Field>
          </div>
          <button type="submit" className="primary" disabled={addOverride.isPending}>
            Add override
          </button>
        </form>
      ) : (
        <p className="muted">Viewers cannot add overrides; ask a member or an admin.</p>
      )}
    </section>
  );
}
