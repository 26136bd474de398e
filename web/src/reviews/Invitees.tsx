import { useId, useState } from "react";
import { useDirectory } from "../api/people";
import { PersonPicker } from "../components/PersonPicker";
import { problemText } from "../components/forms";
import { useApp } from "../context";
import { answerLabel } from "../reviewWords";
import { useSetInvitees, type Invitee, type Review } from "./api/review";
import { calendarLabel } from "./words";

/** A row as the list shows it. Someone just added to a booked meeting's next list is known by
 * name only: their zone and calendar are undefined (not known here) rather than null (none). */
type Row = Pick<Invitee, "user_id" | "name" | "required"> & Partial<Pick<Invitee, "answer" | "time_zone" | "calendar">>;

/** Who is invited: required or optional, each one's answer once a meeting is booked, their zone
 * and how Goldseam knows when they are busy. Members change the list: before a booking every
 * change is saved at once and is the list shown; once booked, the meeting keeps the attendees it
 * invited until it is booked again, so the changed list is edited beside it. `onChanged` follows
 * each saved change (a proposal made for the old list is stale). */
export function Invitees({ reference, review, onChanged }: { reference: string; review: Review; onChanged: () => void }) {
  const { canAct } = useApp();
  const { active } = useDirectory();
  const save = useSetInvitees(reference);
  const booked = review.meeting?.state === "booked";
  // Once booked: the next booking's list, while it is being changed.
  const [draft, setDraft] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const editing = canAct && (!booked || draft !== null);
  const rows: Row[] = booked && draft ? draft : review.invitees;

  async function change(next: Row[]) {
    setError(null);
    try {
      await save.mutateAsync(next.map((r) => ({ user_id: r.user_id, required: r.required })));
      if (booked) setDraft(next);
      onChanged();
    } catch (e) {
      setError(problemText(e));
    }
  }
  const set = (id: number, required: boolean) => change(rows.map((r) => (r.user_id === id ? { ...r, required } : r)));
  const remove = (id: number) => change(rows.filter((r) => r.user_id !== id));
  const candidates = active.filter((p) => !rows.some((r) => r.user_id === p.id));

  return (
    <div className="rv-invitees">
      <h3 id={headingId}>{booked && !draft ? "Attendees" : "Invited"}</h3>
      {booked && draft && <p className="muted">The meeting keeps the invitations it sent until it is booked again: book a time (or move it to the best time) to invite this list.</p>}
      {rows.length === 0 ? (
        <p className="muted">Nobody yet: add the people who ran the response.</p>
      ) : (
        <table className="rv-table" aria-labelledby={headingId} aria-busy={save.isPending || undefined}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Attendance</th>
              {booked && !draft && <th scope="col">Answer</th>}
              <th scope="col">Time zone</th>
              <th scope="col">Calendar</th>
              {editing && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.user_id}>
                <th scope="row" data-label="Name">
                  {r.name}
                </th>
                <td data-label="Attendance">
                  {editing ? (
                    <label className="rv-check">
                      <input type="checkbox" checked={r.required} disabled={save.isPending} onChange={(e) => void set(r.user_id, e.target.checked)} /> Required
                      <span className="visually-hidden">: {r.name}</span>
                    </label>
                  ) : r.required ? (
                    "Required"
                  ) : (
                    "Optional"
                  )}
                </td>
                {booked && !draft && (
                  <td data-label="Answer" className={`rv-answer rv-answer-${r.answer ?? "none"}`}>
                    {answerLabel(r.answer)}
                  </td>
                )}
                <td data-label="Time zone">
                  <Zone row={r} />
                </td>
                <td data-label="Calendar">{r.calendar === undefined ? <span className="muted">—</span> : calendarLabel(r.calendar)}</td>
                {editing && (
                  <td className="rv-row-actions">
                    <button type="button" className="small" disabled={save.isPending} aria-label={`Remove ${r.name}`} onClick={() => void remove(r.user_id)}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p role="alert" className="error">
          Not saved: {error}
        </p>
      )}
      {editing && (
        <div className="rv-invite">
          <p className="rv-invite-label" aria-hidden="true">
            Invite someone <span className="muted">(optional at first: tick Required if the meeting must suit them)</span>
          </p>
          <PersonPicker label="Invite someone" people={candidates} onPick={(u) => void change([...rows, { user_id: u.id, name: u.name, required: false }])} />
        </div>
      )}
      {canAct && booked && (
        <div className="rv-actions">
          {draft ? (
            <button type="button" onClick={() => setDraft(null)}>
              Done changing
            </button>
          ) : (
            <button type="button" onClick={() => setDraft(review.invitees.map((r) => ({ user_id: r.user_id, name: r.name, required: r.required, time_zone: r.time_zone, calendar: r.calendar })))}>
              Change who is invited…
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** Their zone; a required attendee without one cannot be planned for, and the panel says so. */
function Zone({ row }: { row: Row }) {
  if (row.time_zone === undefined) return <span className="muted">—</span>;
  if (row.time_zone) return <>{row.time_zone}</>;
  return row.required ? <strong className="error">None: set one in their profile, or the assistant cannot plan for them</strong> : <span className="muted">None</span>;
}
