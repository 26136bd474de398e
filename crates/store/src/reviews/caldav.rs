//! The review in the organizer's own CalDAV calendar. When the incident manager's calendar is
//! CalDAV with scheduling (RFC 6638), Goldseam writes the booked event there (PUT, the organizer
//! being their own calendar address) so their server delivers it and keeps it current, and reads
//! attendees' iTIP REPLY messages back from their scheduling inbox.

use super::calendars::{CalendarConnection, CalendarKind};
use super::meeting::{AnswerOutcome, ReviewMeeting};
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::ical::itip::Person;
use goldseam_core::ical::reply::Reply;
use goldseam_core::role::INCIDENT_MANAGER;
use goldseam_core::{Actor, IncidentId, UserId};

/// What to write into the organizer's calendar.
#[derive(Debug, Clone)]
pub struct CalendarCopy {
    /// Whose calendar.
    pub owner: CalendarConnection,
    /// The event's UID.
    pub uid: String,
    /// The event without METHOD (RFC 4791 4.1).
    pub ics: String,
    /// Whether a copy was written before (then it is replaced, else created).
    pub written: bool,
}

impl Store {
    /// The incident manager's calendar, when it is CalDAV with scheduling.
    pub async fn review_calendar_owner(
        &self,
        r: IncidentId,
    ) -> Result<Option<CalendarConnection>, StoreError> {
        let incident = self.incident(&Actor::GOLDSEAM, r).await?;
        let Some(manager) = incident
            .roles
            .iter()
            .find(|h| h.role.as_str() == INCIDENT_MANAGER)
            .map(|h| h.user_id)
        else {
            return Ok(None);
        };
        Ok(self.calendar_connection(manager).await?.filter(|c| {
            c.kind == CalendarKind::Caldav
                && c.discovered["scheduling"] == true
                && c.discovered["address"].is_string()
        }))
    }

    /// The event to write for `r`'s review at `sequence`, or `None` when the meeting moved on
    /// or nobody's calendar takes it.
    pub async fn review_calendar_copy(
        &self,
        r: IncidentId,
        sequence: i64,
        public_url: &str,
    ) -> Result<Option<CalendarCopy>, StoreError> {
        let Some(meeting) = self.review_meeting(r).await? else {
            return Ok(None);
        };
        let Some(owner) = self.review_calendar_owner(r).await? else {
            return Ok(None);
        };
        if meeting.sequence != sequence {
            return Ok(None);
        }
        let incident = self.incident(&Actor::GOLDSEAM, r).await?;
        let address = owner.discovered["address"].as_str().unwrap_or_default();
        let organizer = Person {
            name: self.user(owner.user_id).await?.name,
            email: address
                .get(7..)
                .filter(|_| address[..7].eq_ignore_ascii_case("mailto:"))
                .unwrap_or(address)
                .to_string(),
        };
        let link = format!(
            "{}/incidents/{}/postmortem",
            public_url.trim_end_matches('/'),
            r.reference()
        );
        let description = format!(
            "Review of {} ({}).\nPostmortem: {link}\n",
            r.reference(),
            incident.title
        );
        let invitation = self
            .meeting_invitation(
                &meeting,
                &incident,
                meeting.state == "cancelled",
                organizer,
                description,
                link,
                None,
            )
            .await?;
        let written = self.review_caldav_written(r, owner.user_id).await?;
        Ok(Some(CalendarCopy {
            owner,
            uid: meeting.uid.clone(),
            ics: invitation.to_caldav().map_err(StoreError::Domain)?,
            written,
        }))
    }

    async fn review_caldav_written(&self, r: IncidentId, user: UserId) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT caldav_user, caldav_href FROM review_meetings WHERE incident_id = $1",
        )
        .bind(r.get())
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        Ok(match row {
            Some(row) if row.opt_id::<UserId>("caldav_user")? == Some(user) => {
                row.col::<Option<String>>("caldav_href")?.is_some()
            }
            _ => false,
        })
    }

    /// Records where the copy was written (its ETag kept for diagnosis: updates overwrite).
    pub async fn record_review_calendar_copy(
        &self,
        r: IncidentId,
        user: UserId,
        href: &str,
        etag: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE review_meetings SET caldav_user = $2, caldav_href = $3, caldav_etag = $4 WHERE incident_id = $1")
            .bind(r.get())
            .bind(user.get())
            .bind(href)
            .bind(etag)
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// Applies the replies read from the organizer's inbox to `meeting`: each attendee's answer
    /// (matched by email), stale ones ignored. Returns how many were about this meeting.
    pub async fn apply_review_replies(
        &self,
        meeting: &ReviewMeeting,
        replies: &[Reply],
    ) -> Result<usize, StoreError> {
        let mut ours = 0;
        for reply in replies.iter().filter(|r| r.uid == meeting.uid) {
            ours += 1;
            let (Some(answer), Some(attendee)) = (
                reply.answer,
                meeting
                    .attendees
                    .iter()
                    .find(|a| a.email.eq_ignore_ascii_case(&reply.email)),
            ) else {
                continue;
            };
            match self
                .answer_review(
                    meeting.incident_id,
                    attendee.user_id,
                    answer,
                    reply.sequence,
                )
                .await
            {
                Ok(AnswerOutcome::Recorded | AnswerOutcome::Stale | AnswerOutcome::Unchanged) => {}
                // The meeting was cancelled or held meanwhile: nothing to answer.
                Err(StoreError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(ours)
    }
}
