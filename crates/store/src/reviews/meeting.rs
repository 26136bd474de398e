//! An incident's review meeting as booked: when, which invitation sequence, who is invited and
//! what they answered; and booking, moving, cancelling and answering it, each as an incident
//! event.

use crate::incidents::Change;
use crate::row::Columns;
use crate::time::from_db;
use crate::{Store, StoreError};
use goldseam_core::review::{Answer, BusyKind, BusyPeriod, Invitee};
use goldseam_core::{Actor, DomainError, EventPayload, IncidentId, UserId};
use jiff::Timestamp;
use std::collections::HashMap;

/// Booked, cancelled, or held (its end passed).
pub type MeetingState = String;

/// One invited person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeRow {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub required: bool,
    /// Their answer to the current sequence, if any.
    pub answer: Option<Answer>,
}

/// The meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewMeeting {
    pub incident_id: IncidentId,
    /// The iCalendar UID, the same across moves.
    pub uid: String,
    pub sequence: i64,
    /// `booked`, `cancelled` or `held`.
    pub state: MeetingState,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Why this time, or why it moved or was cancelled.
    pub reason: String,
    pub attendees: Vec<AttendeeRow>,
}

/// What became of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerOutcome {
    /// Recorded.
    Recorded,
    /// It answered an older sequence (the meeting moved since): ignored.
    Stale,
    /// They had already given this answer.
    Unchanged,
}

impl Store {
    /// The review meeting of `r`, if one was ever booked.
    pub async fn review_meeting(&self, r: IncidentId) -> Result<Option<ReviewMeeting>, StoreError> {
        let mut conn = self.reader().await?;
        let Some(row) = sqlx::query("SELECT uid, sequence, state, start_at, end_at, reason FROM review_meetings WHERE incident_id = $1")
            .bind(r.get())
            .fetch_optional(&mut *conn)
            .await?
        else {
            return Ok(None);
        };
        let sequence: i64 = row.col("sequence")?;
        let rows = sqlx::query("SELECT a.user_id, u.name, u.email, a.required, a.answer, a.answered_sequence FROM review_attendees a JOIN users u ON u.id = a.user_id WHERE a.incident_id = $1 ORDER BY a.required DESC, u.name, a.user_id")
            .bind(r.get())
            .fetch_all(&mut *conn)
            .await?;
        let mut attendees = Vec::with_capacity(rows.len());
        for a in &rows {
            let answered: Option<i64> = a.col("answered_sequence")?;
            let answer: Option<String> = a.col("answer")?;
            attendees.push(AttendeeRow {
                user_id: a.id("user_id")?,
                name: a.col("name")?,
                email: a.col("email")?,
                required: a.col::<i64>("required")? != 0,
                answer: answer
                    .filter(|_| answered == Some(sequence))
                    .and_then(|s| Answer::parse(&s)),
            });
        }
        Ok(Some(ReviewMeeting {
            incident_id: r,
            uid: row.col("uid")?,
            sequence,
            state: row.col("state")?,
            start: from_db(row.col("start_at")?)?,
            end: from_db(row.col("end_at")?)?,
            reason: row.col("reason")?,
            attendees,
        }))
    }

    /// Books (or moves) the review of `r` to `start`..`end` with `invitees`: a
    /// `review_scheduled` event with the next sequence, whose jobs send the invitations.
    pub async fn book_review(
        &self,
        actor: &Actor,
        r: IncidentId,
        start: Timestamp,
        end: Timestamp,
        invitees: Vec<Invitee>,
        reason: String,
    ) -> Result<ReviewMeeting, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        self.incident(actor, r).await?;
        if end <= start {
            return Err(DomainError::invalid("end", "must be after start").into());
        }
        if !invitees.iter().any(|i| i.required) {
            return Err(
                DomainError::invalid("invitees", "name at least one required attendee").into(),
            );
        }
        let before = self.review_meeting(r).await?;
        let sequence = before.as_ref().map_or(0, |m| m.sequence + 1);
        let uninvited = before
            .iter()
            .filter(|m| m.state == "booked")
            .flat_map(|m| &m.attendees)
            .map(|a| a.user_id)
            .filter(|u| !invitees.iter().any(|i| i.user_id == *u))
            .collect();
        let event = EventPayload::ReviewScheduled {
            start,
            end,
            sequence,
            attendees: invitees,
            uninvited,
            reason,
        };
        self.change(actor, r, &[Change::Record(event)], None, false)
            .await?;
        self.review_meeting(r)
            .await?
            .ok_or_else(|| StoreError::Corrupt("the booked review vanished".into()))
    }

    /// Calls off the booked review of `r`: a `review_cancelled` event whose job sends CANCEL.
    pub async fn cancel_review(
        &self,
        actor: &Actor,
        r: IncidentId,
        reason: String,
    ) -> Result<(), StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        self.incident(actor, r).await?;
        let meeting = self
            .review_meeting(r)
            .await?
            .filter(|m| m.state == "booked")
            .ok_or_else(|| {
                DomainError::Conflict(format!("{} has no booked review meeting", r.reference()))
            })?;
        let event = EventPayload::ReviewCancelled {
            sequence: meeting.sequence + 1,
            reason,
        };
        self.change(actor, r, &[Change::Record(event)], None, false)
            .await?;
        Ok(())
    }

    /// Records `user`'s answer to the invitation of sequence `sequence`. Answers to an older
    /// sequence are ignored (RFC 5546: a reply whose SEQUENCE is lower than the event's is stale).
    pub async fn answer_review(
        &self,
        r: IncidentId,
        user_id: UserId,
        answer: Answer,
        sequence: i64,
    ) -> Result<AnswerOutcome, StoreError> {
        let meeting = self
            .review_meeting(r)
            .await?
            .filter(|m| m.state == "booked")
            .ok_or_else(|| StoreError::NotFound("the review meeting".into()))?;
        let attendee = meeting
            .attendees
            .iter()
            .find(|a| a.user_id == user_id)
            .ok_or_else(|| StoreError::NotFound("the review meeting".into()))?;
        if sequence < meeting.sequence {
            return Ok(AnswerOutcome::Stale);
        }
        if attendee.answer == Some(answer) {
            return Ok(AnswerOutcome::Unchanged);
        }
        let event = EventPayload::ReviewAnswered {
            user_id,
            answer,
            sequence: meeting.sequence,
        };
        let user = self.user(user_id).await?;
        let actor = Actor {
            user_id,
            role: user.role,
        };
        self.change(&actor, r, &[Change::Record(event)], None, false)
            .await?;
        Ok(AnswerOutcome::Recorded)
    }

    /// Review meetings already booked for `users` between `from` and `until`, other than
    /// `except`'s: each counts as busy for the people invited to it.
    pub async fn booked_reviews(
        &self,
        users: &[UserId],
        from: Timestamp,
        until: Timestamp,
        except: IncidentId,
    ) -> Result<HashMap<UserId, Vec<BusyPeriod>>, StoreError> {
        let mut out: HashMap<UserId, Vec<BusyPeriod>> = HashMap::new();
        if users.is_empty() {
            return Ok(out);
        }
        let rows = sqlx::query("SELECT a.user_id, m.start_at, m.end_at FROM review_meetings m JOIN review_attendees a ON a.incident_id = m.incident_id WHERE m.state = 'booked' AND m.incident_id <> $1 AND m.end_at > $2 AND m.start_at < $3")
            .bind(except.get())
            .bind(crate::time::to_db(from))
            .bind(crate::time::to_db(until))
            .fetch_all(&mut *self.reader().await?)
            .await?;
        for row in &rows {
            let user: UserId = row.id("user_id")?;
            if users.contains(&user) {
                out.entry(user).or_default().push(BusyPeriod {
                    start: from_db(row.col("start_at")?)?,
                    end: from_db(row.col("end_at")?)?,
                    kind: BusyKind::Busy,
                });
            }
        }
        Ok(out)
    }
}
