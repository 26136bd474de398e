import "./reviews.css";
import { useEffect, useId, useRef, useState } from "react";
import { QueryState } from "../components/QueryState";
import { problemText } from "../components/forms";
import { useApp } from "../context";
import { useBookAt, useBookBest, useProposal, useReviewMeeting, type BookRequest, type Review } from "./api/review";
import { CancelMeeting } from "./CancelMeeting";
import { Invitees } from "./Invitees";
import { MeetingSummary } from "./MeetingSummary";
import { ProposalView } from "./ProposalView";

/** The postmortem's review meeting: when it is (in the viewer's zone) and why, who is invited and
 * what each answered, and the scheduling assistant: find a time (best slot, alternatives, or the
 * nearest misses naming who blocks), book one, book the best in one click, or cancel. Kept
 * current by the incident's events (a decline that moves it, an answer, the meeting held). */
export function ReviewPanel({ reference }: { reference: string }) {
  const review = useReviewMeeting(reference);
  const headingId = useId();
  return (
    <section className="rv-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Review meeting</h2>
      <QueryState query={review} what="The review meeting">
        {(r) => <Body reference={reference} review={r} />}
      </QueryState>
    </section>
  );
}

function Body({ reference, review }: { reference: string; review: Review }) {
  const { canAct } = useApp();
  const proposal = useProposal(reference);
  const bookBest = useBookBest(reference);
  const bookAt = useBookAt(reference);
  // What the viewer's own booking or cancelling did, for the meeting it made: it stops being news
  // once the meeting changes under it (a decline moved it, someone else cancelled it).
  const [done, setDone] = useState<{ text: string; meeting: string } | null>(null);
  const status = done && done.meeting === meetingVersion(review) ? done.text : "";
  const [failed, setFailed] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const focusSummary = useRef(false);
  useEffect(() => {
    if (focusSummary.current) summary.current?.focus();
    focusSummary.current = false;
  });
  const booked = review.meeting?.state === "booked";
  const busy = bookBest.isPending || bookAt.isPending;

  async function book(call: () => Promise<Review>, what: string) {
    setFailed(null);
    setDone(null);
    try {
      const after = await call();
      proposal.reset();
      setDone({ text: what, meeting: meetingVersion(after) });
      // The proposal is gone and the button pressed with it: the keyboard lands on the meeting.
      focusSummary.current = true;
    } catch (e) {
      setFailed(problemText(e));
    }
  }
  const cancelled = (after: Review) => {
    setDone({ text: "Cancelled: everyone invited is told.", meeting: meetingVersion(after) });
    focusSummary.current = true;
  };
  const bookSlot = (body: BookRequest) => book(() => bookAt.mutateAsync(body), booked ? "Moved: everyone invited gets the update." : "Booked: invitations are on their way to everyone invited.");

  return (
    <>
      <div ref={summary} tabIndex={-1} className="rv-summary">
        <MeetingSummary review={review} />
      </div>
      {/* A proposal was made for the list as it was: once it changes, finding a time asks again. */}
      <Invitees reference={reference} review={review} onChanged={() => proposal.reset()} />
      <div className="rv-actions">
        <button type="button" onClick={() => proposal.mutate()} disabled={proposal.isPending}>
          {proposal.isPending ? "Reading calendars…" : booked ? "Find another time" : "Find a time"}
        </button>
        {canAct && (
          <button type="button" className="primary" onClick={() => book(() => bookBest.mutateAsync(), booked ? "Moved to the best time: everyone invited gets the update." : "Booked at the best time: invitations are on their way.")} disabled={busy}>
            {booked ? "Move to the best time" : "Book the best time"}
          </button>
        )}
      </div>
      {failed && (
        <p role="alert" className="error">
          {failed}
        </p>
      )}
      {proposal.isError && (
        <p role="alert" className="error">
          No proposal: {problemText(proposal.error)}
        </p>
      )}
      <p aria-live="polite" className="muted rv-status">
        {status}
      </p>
      {proposal.data && <ProposalView answer={proposal.data} canBook={canAct} moving={booked} busy={busy} onBook={bookSlot} onClose={() => proposal.reset()} />}
      {canAct && booked && <CancelMeeting reference={reference} onCancelled={cancelled} />}
    </>
  );
}

/** Which meeting a review holds: its sequence grows at each move and cancellation. */
const meetingVersion = (review: Review) => `${review.meeting?.sequence ?? "none"}:${review.meeting?.state ?? ""}`;
