//! The review meeting (issue 15): each person's calendar connection, the meeting booked for an
//! incident, its invitations and answers, and the fairness ledger.
//!
//! Booking, moving and cancelling are incident events (`review_scheduled`,
//! `review_cancelled`, `review_answered`), projected into `review_meetings` and
//! `review_attendees` in the same transaction. The jobs they cause are written with them
//! ([`jobs_for`]): `review_send` fans the invitations (or cancellations) out as one email job
//! per attendee and sequence; `review_repick` moves the meeting when a required attendee
//! declines; `review_held` completes the learning step when the meeting's end has passed;
//! `review_calendar` writes the meeting into the organizer's CalDAV calendar and
//! `review_inbox` reads replies from its scheduling inbox, while the meeting is booked;
//! `review_auto_book` books the best slot when the postmortem goes to review and the policy
//! says so.

pub mod caldav;
pub mod calendars;
mod compose;
mod declined;
mod held;
pub mod invitations;
pub mod invitees;
pub mod ledger;
pub mod links;
pub mod meeting;
mod on_call;
pub mod policy;
pub mod slots;

use crate::jobs::NewJob;
use crate::plan::{Arg, Plan, Stmt};
use crate::time::to_db;
use goldseam_core::review::Answer;
use goldseam_core::{EventPayload, EventRecord, IncidentId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Fans a booking, move or cancellation out into one email per attendee.
pub const SEND_KIND: &str = "review_send";
/// One attendee's invitation or cancellation email.
pub const INVITATION_KIND: &str = "review_invitation";
/// Looks for a new time after a required attendee declined.
pub const REPICK_KIND: &str = "review_repick";
/// Records the meeting as held once its end has passed.
pub const HELD_KIND: &str = "review_held";
/// Books the review by policy once the postmortem is ready for review.
pub const AUTO_BOOK_KIND: &str = "review_auto_book";
/// Writes the meeting into the organizer's own CalDAV calendar.
pub const CALENDAR_KIND: &str = "review_calendar";
/// Reads attendees' replies from the organizer's CalDAV scheduling inbox, every few minutes
/// while the meeting is booked.
pub const INBOX_KIND: &str = "review_inbox";
/// How often the scheduling inbox is read.
pub const INBOX_EVERY: jiff::SignedDuration = jiff::SignedDuration::from_mins(2);

/// The payload of the review jobs: which meeting, at which sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewJob {
    /// The incident whose review it is.
    pub incident_id: IncidentId,
    /// The invitation's sequence the job is about; a later one makes the job moot.
    pub sequence: i64,
}

fn job(kind: &str, key: String, r: IncidentId, sequence: i64, run_at: Option<Timestamp>) -> NewJob {
    NewJob {
        kind: kind.into(),
        destination: format!("review:{r}"),
        idempotency_key: key,
        payload: json!(ReviewJob {
            incident_id: r,
            sequence
        }),
        incident_id: Some(r),
        run_at,
    }
}

fn calendar_job(r: IncidentId, sequence: i64) -> NewJob {
    job(
        CALENDAR_KIND,
        format!("review-calendar:{r}:{sequence}"),
        r,
        sequence,
        None,
    )
}

/// The inbox read of `r`'s meeting at `sequence`, at `at` (now when `None`).
pub fn inbox_job(r: IncidentId, sequence: i64, at: Option<Timestamp>) -> NewJob {
    let when = at.map_or(0, |t| t.as_second());
    job(
        INBOX_KIND,
        format!("review-inbox:{r}:{sequence}:{when}"),
        r,
        sequence,
        at,
    )
}

/// The jobs these new events cause.
pub(crate) fn jobs_for(records: &[&EventRecord]) -> Vec<NewJob> {
    let mut out = Vec::new();
    for rec in records {
        out.extend(slots::queue_job(rec));
        let r = rec.incident_id;
        match &rec.payload {
            EventPayload::ReviewScheduled { sequence, end, .. } => {
                out.push(job(
                    SEND_KIND,
                    format!("review-send:{r}:{sequence}"),
                    r,
                    *sequence,
                    None,
                ));
                out.push(job(
                    HELD_KIND,
                    format!("review-held:{r}:{sequence}"),
                    r,
                    *sequence,
                    Some(*end),
                ));
                out.push(calendar_job(r, *sequence));
                out.push(inbox_job(r, *sequence, None));
            }
            EventPayload::ReviewCancelled { sequence, .. } => {
                out.push(job(
                    SEND_KIND,
                    format!("review-send:{r}:{sequence}"),
                    r,
                    *sequence,
                    None,
                ));
                out.push(calendar_job(r, *sequence));
            }
            EventPayload::PostmortemStateChanged { to, .. } if to == "in_review" => out.push(job(
                AUTO_BOOK_KIND,
                format!("review-auto:{r}:{}", rec.id),
                r,
                0,
                None,
            )),
            EventPayload::ReviewAnswered {
                answer: Answer::Declined,
                sequence,
                user_id,
            } => out.push(job(
                REPICK_KIND,
                format!("review-repick:{r}:{sequence}:{user_id}"),
                r,
                *sequence,
                None,
            )),
            _ => {}
        }
    }
    out
}

/// The table statements that follow one review event.
pub(crate) fn project(plan: &mut Plan, r: IncidentId, at: Timestamp, p: &EventPayload) {
    let id = Arg::id(r);
    match p {
        EventPayload::ReviewScheduled {
            start,
            end,
            sequence,
            attendees,
            reason,
            ..
        } => {
            // The UID is made once and kept across moves, so calendars update the event.
            let uid = format!("review-{}-{}@goldseam", r.get(), at.as_millisecond());
            plan.push(Stmt::new(
                "INSERT INTO review_meetings (incident_id, uid, sequence, state, start_at, end_at, reason, updated_at) VALUES ($1, $2, $3, 'booked', $4, $5, $6, $7) ON CONFLICT (incident_id) DO UPDATE SET sequence = excluded.sequence, state = 'booked', start_at = excluded.start_at, end_at = excluded.end_at, reason = excluded.reason, updated_at = excluded.updated_at",
                vec![id.clone(), Arg::Str(uid), Arg::I64(*sequence), Arg::I64(to_db(*start)), Arg::I64(to_db(*end)), Arg::Str(reason.clone()), Arg::I64(to_db(at))],
            ));
            // A new time needs new answers: everyone is asked again (PARTSTAT=NEEDS-ACTION).
            plan.push(Stmt::new("DELETE FROM review_attendees WHERE incident_id = $1", vec![id.clone()]));
            for a in attendees {
                plan.push(Stmt::new(
                    "INSERT INTO review_attendees (incident_id, user_id, required) VALUES ($1, $2, $3)",
                    vec![id.clone(), Arg::id(a.user_id), Arg::I64(a.required as i64)],
                ));
            }
        }
        EventPayload::ReviewCancelled { sequence, reason } => plan.push(Stmt::new(
            "UPDATE review_meetings SET state = 'cancelled', sequence = $2, reason = $3, updated_at = $4 WHERE incident_id = $1",
            vec![id, Arg::I64(*sequence), Arg::Str(reason.clone()), Arg::I64(to_db(at))],
        )),
        EventPayload::ReviewAnswered { user_id, answer, sequence } => plan.push(Stmt::new(
            "UPDATE review_attendees SET answer = $3, answered_sequence = $4, answered_at = $5 WHERE incident_id = $1 AND user_id = $2",
            vec![id, Arg::id(*user_id), Arg::Str(answer.as_str().into()), Arg::I64(*sequence), Arg::I64(to_db(at))],
        )),
        EventPayload::ReviewMeetingHeld { .. } => plan.push(Stmt::new(
            "UPDATE review_meetings SET state = 'held', updated_at = $2 WHERE incident_id = $1 AND state = 'booked'",
            vec![id, Arg::I64(to_db(at))],
        )),
        _ => {}
    }
}
