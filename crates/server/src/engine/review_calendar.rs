//! The review in the organizer's own CalDAV calendar: `review_calendar` writes it (the server
//! then delivers it to attendees it hosts), `review_inbox` reads attendees' iTIP replies from
//! the scheduling inbox every few minutes while the meeting is booked, applies them (a
//! required decline moves the meeting) and deletes what it read.

use super::process::{Ctx, Outcome};
use crate::scheduling::source_of;
use goldseam_core::ical::reply::parse_replies;
use goldseam_integrations::calendars::{CalendarError, Calendars, PutMode};
use goldseam_store::reviews::{inbox_job, ReviewJob, INBOX_EVERY};
use goldseam_store::StoreError;

fn outcome(e: CalendarError) -> Outcome {
    if e.is_transient() {
        Outcome::Retry(e.to_string())
    } else {
        Outcome::Dead(e.to_string())
    }
}

fn store_outcome(e: StoreError) -> Outcome {
    match e {
        StoreError::NotFound(what) => Outcome::Dead(format!("{what} not found")),
        e => Outcome::Retry(e.to_string()),
    }
}

impl Ctx {
    fn calendars(&self) -> Calendars {
        Calendars::new(self.config.timeout)
    }

    /// Writes (or updates) the meeting in the organizer's calendar.
    pub(super) async fn review_calendar(&self, job: ReviewJob) -> Outcome {
        let copy = match self
            .store
            .review_calendar_copy(job.incident_id, job.sequence, &self.config.public_url)
            .await
        {
            Ok(Some(c)) => c,
            Ok(None) => return Outcome::Sent,
            Err(e) => return store_outcome(e),
        };
        let source = source_of(&copy.owner);
        // Created once; then Goldseam's version replaces whatever the server made of it (the
        // attendees' answers it merged in are in Goldseam's version too).
        let mode = if copy.written {
            PutMode::Overwrite
        } else {
            PutMode::Create
        };
        let stored = match self
            .calendars()
            .put_event(&source, &copy.uid, &copy.ics, mode)
            .await
        {
            Ok(s) => s,
            Err(e) => return outcome(e),
        };
        match self
            .store
            .record_review_calendar_copy(
                job.incident_id,
                copy.owner.user_id,
                &stored.href,
                stored.etag.as_deref(),
            )
            .await
        {
            Ok(()) => Outcome::Sent,
            Err(e) => store_outcome(e),
        }
    }

    /// Reads the organizer's scheduling inbox for replies to the meeting, then reads it again
    /// in a while, as long as the meeting is booked at this sequence and not over.
    pub(super) async fn review_inbox(&self, job: ReviewJob) -> Outcome {
        let store = &self.store;
        let meeting = match store.review_meeting(job.incident_id).await {
            Ok(Some(m)) => m,
            Ok(None) => return Outcome::Sent,
            Err(e) => return store_outcome(e),
        };
        if meeting.state != "booked"
            || meeting.sequence != job.sequence
            || store.now() >= meeting.end
        {
            return Outcome::Sent;
        }
        let owner = match store.review_calendar_owner(job.incident_id).await {
            Ok(Some(o)) => o,
            Ok(None) => return Outcome::Sent,
            Err(e) => return store_outcome(e),
        };
        let source = source_of(&owner);
        let calendars = self.calendars();
        let items = match calendars.inbox_items(&source).await {
            Ok(items) => items,
            Err(e) => return outcome(e),
        };
        for item in items {
            // Other messages (requests to the organizer from elsewhere) are not ours to touch.
            let Ok(replies) = parse_replies(&item.ics) else {
                continue;
            };
            match store.apply_review_replies(&meeting, &replies).await {
                Ok(0) => {}
                Ok(_) => {
                    if let Err(e) = calendars
                        .delete(&source, &item.href, item.etag.as_deref())
                        .await
                    {
                        tracing::info!(error = %e, "review inbox: a read reply could not be deleted");
                    }
                }
                Err(e) => return store_outcome(e),
            }
        }
        let next = store.now().checked_add(INBOX_EVERY).unwrap_or(meeting.end);
        match store
            .enqueue(&inbox_job(job.incident_id, job.sequence, Some(next)))
            .await
        {
            Ok(_) => Outcome::Sent,
            Err(e) => store_outcome(e),
        }
    }
}
