import "./rsvp.css";
import { useEffect, useId, useRef, useState } from "react";
import { ApiError } from "../api/errors";
import { problemText } from "../components/forms";
import { answerLabel, browserZone, knownZone, meetingSpan, type Answer } from "../reviewWords";
import { absoluteTime } from "../time";
import { useAnswerInvitation, useInvitation, type Invitation } from "./api/rsvp";
import { ANSWERS, invitationFailure, parseAnswer, stateNotice } from "./rsvp";
import { zoneWords } from "./words";

/** How long the page keeps asking after a required attendee declined: Goldseam looks for another
 * time at once, and the page shows it when it has moved. */
const WATCH_MS = 60_000;

/** The page a review invitation's personal link opens, from the email. It works without signing
 * in (the token is the credential), so it stands outside the app's shell. Opening it answers
 * nothing, whatever the link says: mail scanners follow links. A link for one answer
 * (`?answer=declined`) only highlights that button, and one press sends it. */
export function RsvpPage({ token, search }: { token: string; search: string }) {
  const [watching, setWatching] = useState(false);
  const invitation = useInvitation(token, watching);
  const data = invitation.data;
  const title = data ? `Review of ${data.reference}: ${data.title} · Goldseam` : "Review invitation · Goldseam";
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => {
    if (!watching) return;
    const stop = setTimeout(() => setWatching(false), WATCH_MS);
    return () => clearTimeout(stop);
  }, [watching]);

  return (
    <main className="rsvp-page" id="main">
      <p className="brand">Goldseam</p>
      {data ? (
        <InvitationView token={token} invitation={data} suggested={parseAnswer(new URLSearchParams(search).get("answer"))} onDeclined={() => setWatching(true)} />
      ) : invitation.isError ? (
        <Failure error={invitation.error} retrying={invitation.isFetching} retry={() => void invitation.refetch()} />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </main>
  );
}

function InvitationView({ token, invitation: inv, suggested, onDeclined }: { token: string; invitation: Invitation; suggested: Answer | null; onDeclined: () => void }) {
  const answer = useAnswerInvitation(token);
  const headingId = useId();
  const [said, setSaid] = useState<Answer | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const zone = knownZone(inv.time_zone) ? inv.time_zone : browserZone();
  const notice = stateNotice(inv.state, inv.sequence);
  const open = inv.state === "booked";
  // The email's choice, until an answer is given here.
  const highlighted = said === null && suggested && suggested !== inv.answer ? suggested : null;

  async function send(choice: Answer) {
    try {
      const after = await answer.mutateAsync(choice);
      setSaid(choice);
      if (choice === "declined" && after.required) onDeclined();
    } catch {
      // Shown below; the invitation may have changed (cancelled, moved): the page asks again.
    }
    requestAnimationFrame(() => outcome.current?.focus());
  }

  return (
    <article aria-labelledby={headingId}>
      <h1 id={headingId}>
        Review of {inv.reference}: {inv.title}
      </h1>
      <p className="muted">
        For {inv.name}, {inv.required ? "a required attendee: the meeting is planned for when you are free" : "an optional attendee"}.
      </p>
      {notice && (
        <p className={`rsvp-notice rsvp-${inv.state}`}>
          <strong>{notice.title}</strong> {notice.text}
        </p>
      )}
      <p className="rsvp-when">
        <time dateTime={inv.start} title={absoluteTime(inv.start, zone)} className={inv.state === "cancelled" ? "rv-struck" : undefined}>
          {meetingSpan(inv.start, inv.end, zone)}
        </time>{" "}
        <span className="muted">{zone ? `${zoneWords(zone)} time` : "your time"}</span>
      </p>
      {open && (
        <section aria-label="Your answer" className="rsvp-answer">
          <p id={`${headingId}-ask`}>{inv.answer ? `Your answer: ${answerLabel(inv.answer)}. You may change it.` : "Will you come?"}</p>
          {highlighted && <p className="rsvp-suggested">You chose “{answerLabel(highlighted)}” in the email: press it to send your answer.</p>}
          <div className="rsvp-buttons" role="group" aria-labelledby={`${headingId}-ask`}>
            {ANSWERS.map((a) => (
              <button
                key={a.answer}
                type="button"
                aria-pressed={inv.answer === a.answer}
                className={highlighted === a.answer ? "suggested" : undefined}
                // The email's choice takes the keyboard: Enter sends it.
                autoFocus={highlighted === a.answer}
                disabled={answer.isPending}
                onClick={() => void send(a.answer)}
              >
                {a.label}
              </button>
            ))}
          </div>
        </section>
      )}
      <div ref={outcome} tabIndex={-1} role="status" className="rsvp-outcome">
        {answer.isSuccess && said && <p>{savedWords(said, inv)}</p>}
      </div>
      {answer.isError && (
        <p role="alert" className="error">
          Not sent: {problemText(answer.error)}
        </p>
      )}
      <p>
        <a href={`/incidents/${inv.reference}/postmortem`}>Read the postmortem</a> <span className="muted">(you may need to sign in)</span>
      </p>
    </article>
  );
}

function savedWords(said: Answer, inv: Invitation): string {
  const saved = `Your answer is saved: ${answerLabel(said)}.`;
  if (said === "declined" && inv.required) return `${saved} Goldseam is looking for another time when everyone required is free, and will send it to everyone.`;
  return saved;
}

function Failure({ error, retrying, retry }: { error: unknown; retrying: boolean; retry: () => void }) {
  const e = error instanceof ApiError ? error : new ApiError(0, undefined);
  const f = invitationFailure(e.status, e.status ? e.detail : undefined);
  return (
    <div className="rsvp-failed">
      <h1>{f.title}</h1>
      <p role="alert">{f.text}</p>
      {f.retry && (
        <button type="button" onClick={retry} disabled={retrying}>
          Try again
        </button>
      )}
      <p>
        <a href="/">Open Goldseam</a> <span className="muted">(you may need to sign in)</span>
      </p>
    </div>
  );
}
