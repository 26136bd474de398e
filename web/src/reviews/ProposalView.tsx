import { useId, type ReactNode } from "react";
import { absoluteTime } from "../time";
import { browserZone, knownZone, meetingSpan } from "../reviewWords";
import type { BookRequest, Miss, ProposalAnswer, Slot } from "./api/review";
import { blockerLine, localSpan, slotStatusLabel, unconfirmedLine, zoneWords } from "./words";

/** The assistant's answer: the best time and the alternatives, each in every attendee's own time
 * with how it suits them and why it ranks there; whose calendar could not be read; or, when no
 * time suits every required attendee, the nearest misses naming who blocks each and how. */
export function ProposalView({ answer, canBook, moving, busy, onBook, onClose }: { answer: ProposalAnswer; canBook: boolean; moving: boolean; busy: boolean; onBook: (body: BookRequest) => void; onClose: () => void }) {
  const { proposal: p, rule, zone } = answer;
  const headingId = useId();
  const minutes = p.duration_minutes;
  // Once booked, a slot moves the meeting there (everyone invited gets the update).
  const label = moving ? "Move to this time" : "Book this time";
  const book = (slot: Slot, reason?: string) => onBook({ start: slot.start, duration_minutes: minutes, ...(reason ? { reason } : {}) });
  return (
    <section className="rv-proposal" aria-labelledby={headingId}>
      <h3 id={headingId}>Proposed times</h3>
      <p className="muted">
        Searched {meetingSpan(p.window.from, p.window.until, knownZone(zone) ? zone : undefined)} {knownZone(zone) ? `${zoneWords(zone)} time` : "your time"}, business days only, for {minutes} minutes (rule “{rule.name}”).
      </p>
      {p.unconfirmed.length > 0 && (
        <div className="rv-unconfirmed">
          <p>Planned on working hours alone, without their calendar:</p>
          <ul>
            {p.unconfirmed.map((u) => (
              <li key={u.user_id}>{unconfirmedLine(u)}</li>
            ))}
          </ul>
        </div>
      )}
      {p.best ? (
        <SlotCard title="Best time" slot={p.best} action={canBook ? { label, busy, onClick: () => book(p.best!, p.best!.reasons[0]) } : null} />
      ) : (
        <p className="rv-none">
          <strong>No time in the window suits every required attendee.</strong> {p.misses.length ? "The nearest misses, and who stands in the way:" : "Nothing came close."}
        </p>
      )}
      {p.alternatives.length > 0 && (
        <>
          <h4>Alternatives</h4>
          {p.alternatives.map((s) => (
            <SlotCard key={s.start} title="Alternative" slot={s} action={canBook ? { label, busy, onClick: () => book(s) } : null} />
          ))}
        </>
      )}
      {p.misses.map((m) => (
        <MissCard key={m.slot.start} miss={m} action={canBook ? { label: moving ? "Move here anyway" : "Book anyway", busy, onClick: () => book(m.slot) } : null} />
      ))}
      <button type="button" className="small" onClick={onClose}>
        Close the proposal
      </button>
    </section>
  );
}

interface Action {
  label: string;
  busy: boolean;
  onClick: () => void;
}

function SlotCard({ title, slot, action, children }: { title: string; slot: Slot; action: Action | null; children?: ReactNode }) {
  const headingId = useId();
  const span = meetingSpan(slot.start, slot.end);
  const zone = browserZone();
  return (
    <article className="rv-slot" aria-labelledby={headingId}>
      <h4 id={headingId}>
        {title}: <time dateTime={slot.start} title={absoluteTime(slot.start)}>{span}</time> <span className="muted rv-yours">your time{zone ? ` (${zoneWords(zone)})` : ""}</span>
      </h4>
      {children}
      {slot.reasons.length > 0 && (
        <ul className="rv-reasons" aria-label="Why">
          {slot.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <table className="rv-table">
        <thead>
          <tr>
            <th scope="col">Attendee</th>
            <th scope="col">Their time</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {slot.attendees.map((a) => (
            <tr key={a.user_id} className={`rv-status-${a.status}`}>
              <th scope="row" data-label="Attendee">
                {a.name}
                {a.attendance === "optional" && <span className="badge">Optional</span>}
              </th>
              <td data-label="Their time">
                {localSpan(a) ?? <span className="muted">No time zone</span>}
                {a.zone && <span className="muted"> {zoneWords(a.zone)}</span>}
              </td>
              <td data-label="Status">
                {slotStatusLabel(a.status)}
                {a.hardship_minutes > 0 && <span className="muted"> ({a.hardship_minutes} min outside core hours)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {action && (
        <button type="button" disabled={action.busy} onClick={action.onClick} aria-describedby={headingId}>
          {action.label}
        </button>
      )}
    </article>
  );
}

function MissCard({ miss, action }: { miss: Miss; action: Action | null }) {
  return (
    <SlotCard title="Near miss" slot={{ ...miss.slot, reasons: miss.slot.reasons.filter((r) => !r.startsWith("blocked by ")) }} action={action}>
      <ul className="rv-blockers" aria-label="Blocked by">
        {miss.blockers.map((b) => (
          <li key={b.user_id}>{blockerLine(b)}</li>
        ))}
      </ul>
    </SlotCard>
  );
}
