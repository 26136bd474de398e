import { useId, useState, type FormEvent } from "react";
import type { Team } from "../api/lists";
import { ConfirmButton } from "../components/Confirm";
import { Field } from "../components/Field";
import { ZonePicker } from "../components/ZonePicker";
import { errorSummary, problemText, type FieldErrors } from "../components/forms";
import { QueryState } from "../components/QueryState";
import { useProfile } from "../api/profile";
import { useApp } from "../context";
import { browserTimeZone } from "../zones";
import { Link } from "../Link";
import { useCreateReviewSlot, useDeleteReviewSlot, useSlotAgenda, useTeamReviewSlots, useUpdateReviewSlot, type ReviewSlot } from "./api/reviewSlots";
import { EditorFrame } from "./EditorFrame";
import {
  canEditSlots,
  checkSlot,
  DAYS,
  emptySlotForm,
  formFromSlot,
  MAX_INTERVAL,
  meetingWords,
  newSlotBody,
  repeatWords,
  SLOT_LABELS,
  slotChange,
  slotWords,
  STATE_WORDS,
  type Day,
  type SlotForm,
} from "./reviewSlots";
import { editorProblem } from "./teams";

/** The team's standing review meetings: everyone sees them and their next meetings with the
 * postmortems on each; admins and the team's members (not viewers) add, change and delete them. */
export function ReviewSlots({ team }: { team: Pick<Team, "id" | "name" | "members"> }) {
  const { session } = useApp();
  const slots = useTeamReviewSlots(team.id);
  const edit = canEditSlots(team, session.user);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState("");
  return (
    <section aria-labelledby="review-slots-heading">
      <h2 id="review-slots-heading">Review slots</h2>
      <p className="muted">
        Standing meetings where the team reviews the postmortems it published since the last one. The members get the series in their calendars; a meeting with
        nothing to review is cancelled the day before.
        {!edit && " Admins and the team's members add and change them."}
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      <QueryState query={slots} what="The review slots">
        {(items) =>
          items.length === 0 ? (
            <p className="empty">
              {team.name} has no review slots. {edit ? "Add one below." : ""}
            </p>
          ) : (
            <ul className="slot-list">
              {items.map((slot) => (
                <SlotItem key={slot.id} slot={slot} edit={edit} onDone={setStatus} />
              ))}
            </ul>
          )
        }
      </QueryState>
      {edit &&
        (adding ? (
          <NewSlot
            teamId={team.id}
            onCancel={() => setAdding(false)}
            onDone={(slot) => {
              setAdding(false);
              setStatus(`${slot.name} is added; the members are invited to the series.`);
            }}
          />
        ) : (
          <div className="actions">
            <button type="button" onClick={() => setAdding(true)}>
              Add a review slot
            </button>
          </div>
        ))}
    </section>
  );
}

function SlotItem({ slot, edit, onDone }: { slot: ReviewSlot; edit: boolean; onDone: (status: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = useDeleteReviewSlot();
  const headingId = `review-slot-${slot.id}`;
  return (
    <li className="panel">
      <h3 id={headingId}>{slot.name}</h3>
      <p>{slotWords(slot)}</p>
      <Agenda slot={slot} />
      {edit &&
        (editing ? (
          <EditSlot
            slot={slot}
            onCancel={() => setEditing(false)}
            onDone={(message) => {
              setEditing(false);
              onDone(message);
            }}
          />
        ) : (
          <div className="actions">
            <button type="button" aria-label={`Edit ${slot.name}`} onClick={() => setEditing(true)}>
              Edit
            </button>
            <ConfirmButton
              label="Delete"
              aria-label={`Delete ${slot.name}`}
              question={<>Delete {slot.name}? The members' calendars get the series cancelled and no further agenda goes out.</>}
              confirmLabel={`Delete ${slot.name}`}
              onConfirm={async () => {
                setError(null);
                try {
                  await remove.mutateAsync(slot.id);
                  onDone(`${slot.name} is deleted; the series is cancelled.`);
                } catch (e) {
                  setError(problemText(e));
                }
              }}
            />
          </div>
        ))}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </li>
  );
}

function Agenda({ slot }: { slot: ReviewSlot }) {
  const agenda = useSlotAgenda(slot.id);
  const listId = `review-slot-${slot.id}-next`;
  return (
    <QueryState query={agenda} what="The next meetings">
      {({ instances }) =>
        instances.length === 0 ? (
          <p className="muted">No meetings coming.</p>
        ) : (
          <>
            <h4 id={listId}>Next meetings</h4>
            <ul aria-labelledby={listId} className="slot-meetings">
              {instances.map((m) => (
                <li key={m.start}>
                  <time dateTime={m.start}>{meetingWords(m.local_start)}</time> <span className={`slot-state ${m.state}`}>{STATE_WORDS[m.state] ?? m.state}</span>
                  {m.postmortems.length > 0 || m.hidden > 0 ? (
                    <ul>
                      {m.postmortems.map((p) => (
                        <li key={p.reference}>
                          <Link to={`/incidents/${p.reference}/postmortem`}>
                            {p.reference}: {p.title}
                          </Link>
                        </li>
                      ))}
                      {m.hidden > 0 && (
                        <li className="muted">
                          {m.hidden} more of private incidents you cannot open
                        </li>
                      )}
                    </ul>
                  ) : (
                    m.state !== "cancelled" && <span className="muted"> · no postmortems yet</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )
      }
    </QueryState>
  );
}

function NewSlot({ teamId, onCancel, onDone }: { teamId: number; onCancel: () => void; onDone: (slot: ReviewSlot) => void }) {
  const profile = useProfile();
  const create = useCreateReviewSlot(teamId);
  // The viewer's profile zone once known, else the browser's.
  if (profile.isPending) return <p className="muted">Loading…</p>;
  const zone = profile.data?.time_zone ?? browserTimeZone();
  return (
    <SlotEditor
      heading="New review slot"
      submitLabel="Add review slot"
      initial={emptySlotForm(zone)}
      firstDateHint="Optional: the first meeting is on the first chosen day on or after it (this picks the weeks of an every-N-weeks slot). By default, the first one at least 24 hours away."
      onCancel={onCancel}
      onSubmit={async (form) => {
        try {
          onDone(await create.mutateAsync(newSlotBody(form)));
          return { ok: true };
        } catch (error) {
          return { ok: false, error };
        }
      }}
    />
  );
}

function EditSlot({ slot, onCancel, onDone }: { slot: ReviewSlot; onCancel: () => void; onDone: (message: string) => void }) {
  const update = useUpdateReviewSlot();
  return (
    <SlotEditor
      heading={`Edit ${slot.name}`}
      submitLabel="Save review slot"
      initial={formFromSlot(slot)}
      firstDateHint="Optional: leave empty to keep its weeks. A new time, zone, rule or date moves the series to start at least 24 hours from now."
      onCancel={onCancel}
      onSubmit={async (form) => {
        const change = slotChange(slot, form);
        if (Object.keys(change).length === 0) {
          onDone("Nothing changed.");
          return { ok: true };
        }
        try {
          const saved = await update.mutateAsync({ id: slot.id, change });
          onDone(`${saved.name} is saved; the members get the series again.`);
          return { ok: true };
        } catch (error) {
          return { ok: false, error };
        }
      }}
    />
  );
}

function SlotEditor({
  heading,
  submitLabel,
  initial,
  firstDateHint,
  onSubmit,
  onCancel,
}: {
  heading: string;
  submitLabel: string;
  initial: SlotForm;
  firstDateHint: string;
  onSubmit: (form: SlotForm) => Promise<{ ok: boolean; error?: unknown }>;
  onCancel: () => void;
}) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const ruleErrorId = `${useId()}-rrule-error`;
  const set = (change: Partial<SlotForm>, field: string = Object.keys(change)[0]) => {
    setForm((f) => ({ ...f, ...change }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)));
  };
  const toggle = (day: Day, on: boolean) => set({ days: on ? [...form.days, day] : form.days.filter((d) => d !== day) }, "rrule");
  const interval = Number(form.interval);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkSlot(form);
    setErrors(found);
    setMessage(errorSummary(found, SLOT_LABELS));
    if (Object.keys(found).length) return;
    setSending(true);
    const { ok, error } = await onSubmit(form);
    setSending(false);
    if (ok) return;
    const problem = editorProblem(error, SLOT_LABELS);
    setErrors(problem.fields);
    setMessage(problem.message);
  }

  return (
    <EditorFrame idPrefix="slot-form" heading={heading} message={message} submitLabel={submitLabel} sending={sending} onSubmit={submit} onCancel={onCancel}>
      <div className="form-grid">
        <Field label={SLOT_LABELS.name} error={errors.name} hint="Like “Payments review”: the calendar event's title.">
          {(c) => <input {...c} value={form.name} maxLength={100} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label={SLOT_LABELS.zone} error={errors.zone} hint="The time stays the same there across daylight-saving changes.">
          {(c) => <ZonePicker control={c} value={form.zone} onChange={(zone) => set({ zone })} />}
        </Field>
        <Field label={SLOT_LABELS.start_time} error={errors.start_time}>
          {(c) => <input {...c} type="time" value={form.start_time} onChange={(e) => set({ start_time: e.target.value })} />}
        </Field>
        <Field label={SLOT_LABELS.duration_minutes} error={errors.duration_minutes} hint="15 to 240, a multiple of 15.">
          {(c) => <input {...c} type="number" min={15} max={240} step={15} value={form.duration_minutes} onChange={(e) => set({ duration_minutes: e.target.value })} />}
        </Field>
        <Field label={SLOT_LABELS.starts_on} error={errors.starts_on} hint={firstDateHint}>
          {(c) => <input {...c} type="date" value={form.starts_on} onChange={(e) => set({ starts_on: e.target.value })} />}
        </Field>
      </div>
      <fieldset aria-describedby={errors.rrule ? ruleErrorId : undefined}>
        <legend>{SLOT_LABELS.rrule}</legend>
        <Field label={`Every how many weeks (1 to ${MAX_INTERVAL})`}>
          {(c) => <input {...c} type="number" min={1} max={MAX_INTERVAL} value={form.interval} onChange={(e) => set({ interval: e.target.value }, "rrule")} />}
        </Field>
        <div role="group" aria-label="On these days" className="slot-days">
          {DAYS.map(([code, name]) => (
            <label key={code} className="inline">
              <input type="checkbox" checked={form.days.includes(code)} onChange={(e) => toggle(code, e.target.checked)} />
              {name}
            </label>
          ))}
        </div>
        {form.days.length > 0 && Number.isInteger(interval) && interval >= 1 && interval <= MAX_INTERVAL && (
          <p className="muted">
            Meets {repeatWords(interval, form.days)}, {form.start_time || "–"}.
          </p>
        )}
        {errors.rrule && (
          <p id={ruleErrorId} className="error field-error">
            {errors.rrule}
          </p>
        )}
      </fieldset>
    </EditorFrame>
  );
}
