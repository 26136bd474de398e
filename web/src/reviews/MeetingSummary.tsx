import { absoluteTime } from "../time";
import { browserZone, meetingSpan, meetingStateLabel } from "../reviewWords";
import type { Review } from "./api/review";
import { ruleWords, zoneWords } from "./words";

/** The meeting as it stands: its time in the viewer's zone, whether it was booked, moved,
 * cancelled or held, and why; or, before any booking, what the review rule allows. */
export function MeetingSummary({ review }: { review: Review }) {
  const m = review.meeting;
  const rule = (
    <p className="muted">
      Rule “{review.rule.name}”: {ruleWords(review.rule)}.
    </p>
  );
  if (!m) {
    return (
      <>
        <p className="rv-when">Not booked yet.</p>
        {rule}
      </>
    );
  }
  const zone = browserZone();
  const label = meetingStateLabel(m.state, m.sequence);
  return (
    <>
      <p className="rv-when">
        <span className={`rv-state rv-state-${m.state}`}>{label}</span>{" "}
        <time dateTime={m.start} title={absoluteTime(m.start)} className={m.state === "cancelled" ? "rv-struck" : undefined}>
          {meetingSpan(m.start, m.end)}
        </time>{" "}
        <span className="muted">your time{zone ? ` (${zoneWords(zone)})` : ""}</span>
      </p>
      <p className="rv-reason">
        {m.state === "cancelled" ? "Why it was cancelled" : "Why this time"}: {m.reason}
      </p>
      {m.state !== "booked" && rule}
    </>
  );
}
