import { useId, useState, type FormEvent } from "react";
import type { FollowUp } from "../../api/followUps";
import { useTeams } from "../../api/lists";
import { useDirectory } from "../../api/people";
import { FOLLOW_UP_PRIORITIES, priorityLabel, todayCivil } from "../../followUpWords";
import { Field } from "../Field";
import { errorSummary, splitProblem, type FieldErrors } from "../forms";
import { PersonPicker } from "../PersonPicker";
import { QueryError } from "../QueryState";
import { checkDraft, DESCRIPTION_MAX, draftOf, DRAFT_FIELDS, DRAFT_LABELS, TITLE_MAX, type Draft } from "./draft";
import "./followUps.css";

/**
 * A follow-up's fields: title, owner (the people picker), team, due date, priority, details and,
 * for a new one, whether it is only proposed or already committed. Checked before sending; the
 * server's field errors (problem+json `errors`) land beside the same fields. `onSubmit` throws
 * the server's refusal; the form shows it and stays open.
 */
export function FollowUpForm({ initial, label, submitLabel, onSubmit, onCancel }: { initial?: FollowUp; label: string; submitLabel: string; onSubmit: (draft: Draft) => Promise<void>; onCancel: () => void }) {
  const id = useId();
  const { active } = useDirectory();
  const teams = useTeams();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const today = todayCivil();
  const set = (change: Partial<Draft>, field?: string) => {
    setDraft((d) => ({ ...d, ...change }));
    if (field && errors[field]) setErrors((e) => ({ ...e, [field]: "" }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found = checkDraft(draft, { today, initial });
    setErrors(found);
    setMessage(Object.keys(found).length ? errorSummary(found, DRAFT_LABELS) : null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await onSubmit(draft);
    } catch (err) {
      const problem = splitProblem(err, DRAFT_FIELDS);
      setErrors(problem.fields);
      setMessage(problem.message ?? errorSummary(problem.fields, DRAFT_LABELS));
    } finally {
      setBusy(false);
    }
  }

  // A due date already past stays choosable only when it is the one the follow-up has.
  const min = initial?.due_on && initial.due_on < today ? initial.due_on : today;
  return (
    <form className="fu-form" aria-label={label} onSubmit={submit} noValidate onKeyDown={(e) => e.key === "Escape" && !e.defaultPrevented && onCancel()}>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <Field label="Title" error={errors.title}>
        {(control) => <input {...control} value={draft.title} maxLength={TITLE_MAX} required autoFocus={!initial} onChange={(e) => set({ title: e.target.value }, "title")} />}
      </Field>
      <div className="field">
        <span className="fu-label" aria-hidden="true">
          Owner
        </span>
        {draft.owner && !picking ? (
          <p className="fu-owner">
            <strong>{draft.owner.name}</strong>{" "}
            <button type="button" className="small" onClick={() => setPicking(true)} aria-label={`Change the owner (now ${draft.owner.name})`}>
              Change
            </button>{" "}
            <button type="button" className="small" onClick={() => set({ owner: null }, "owner_id")} aria-label={`Remove ${draft.owner.name} as owner`}>
              No owner
            </button>
          </p>
        ) : (
          <PersonPicker
            label="Owner"
            people={active}
            onPick={(u) => {
              set({ owner: { id: u.id, name: u.name } }, "owner_id");
              setPicking(false);
            }}
            onCancel={() => setPicking(false)}
            autoFocus={picking}
          />
        )}
        {errors.owner_id && (
          <p className="error field-error" role="alert">
            {errors.owner_id}
          </p>
        )}
      </div>
      {teams.error != null && !teams.isFetching && <QueryError error={teams.error} what="The teams" retry={teams.refetch} />}
      <div className="fu-row">
        <Field label="Team" error={errors.team_id}>
          {(control) => (
            <select {...control} value={draft.teamId} onChange={(e) => set({ teamId: e.target.value }, "team_id")}>
              <option value="">{teams.data ? "No team" : "Loading teams…"}</option>
              {teams.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
              {/* A team the list does not hold (deleted, or not loaded yet) still shows as chosen. */}
              {draft.teamId && !teams.data?.some((t) => String(t.id) === draft.teamId) && <option value={draft.teamId}>{initial?.team?.name ?? `Team ${draft.teamId}`}</option>}
            </select>
          )}
        </Field>
        <Field label="Due date" error={errors.due_on}>
          {(control) => <input {...control} type="date" min={min} value={draft.dueOn} onChange={(e) => set({ dueOn: e.target.value }, "due_on")} />}
        </Field>
        <Field label="Priority" error={errors.priority}>
          {(control) => (
            <select {...control} value={draft.priority} onChange={(e) => set({ priority: e.target.value as Draft["priority"] }, "priority")}>
              {FOLLOW_UP_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {priorityLabel(p)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {!initial && (
        <fieldset className="fu-status-choice" aria-describedby={errors.status ? `${id}-status-error` : undefined}>
          <legend>Status</legend>
          <label className="inline">
            <input type="radio" name={`${id}-status`} checked={draft.status === "proposed"} onChange={() => set({ status: "proposed" }, "status")} /> Proposed: an idea to weigh, no promise yet
          </label>
          <label className="inline">
            <input type="radio" name={`${id}-status`} checked={draft.status === "committed"} onChange={() => set({ status: "committed" }, "status")} /> Committed: the owner will do it by the due date
          </label>
          {errors.status && (
            <p id={`${id}-status-error`} className="error field-error">
              {errors.status}
            </p>
          )}
        </fieldset>
      )}
      <Field label="Details (optional, markdown)" error={errors.description}>
        {(control) => <textarea {...control} rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value }, "description")} maxLength={DESCRIPTION_MAX} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
