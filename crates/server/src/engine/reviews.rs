//! The review meeting's jobs: fanning invitations out (`review_send`), sending each one
//! (`review_invitation`), recording the meeting as held once it is over (`review_held`), moving
//! it when a required attendee declines (`review_repick`) and booking it by policy
//! (`review_auto_book`).

use super::process::{Ctx, Outcome};
use crate::scheduling::{Assistant, Booked};
use goldseam_core::delivery::Delivery;
use goldseam_core::review::Answer;
use goldseam_core::Actor;
use goldseam_store::jobs::Job;
use goldseam_store::reviews::invitations::InvitationJob;
use goldseam_store::reviews::{
    ReviewJob, AUTO_BOOK_KIND, CALENDAR_KIND, HELD_KIND, INBOX_KIND, INVITATION_KIND, REPICK_KIND,
    SEND_KIND,
};
use goldseam_store::StoreError;

impl Ctx {
    /// Runs a review job; `None` for kinds that are not the review's.
    pub(super) async fn review_job(&self, job: &Job) -> Option<Outcome> {
        let kind = job.kind.as_str();
        if kind == INVITATION_KIND {
            return Some(self.invitation_email(job).await);
        }
        if ![SEND_KIND, HELD_KIND].contains(&kind) {
            return self.review_booking(job).await;
        }
        let wanted = match serde_json::from_value::<ReviewJob>(job.payload.clone()) {
            Ok(w) => w,
            Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
        };
        let result = match kind {
            SEND_KIND => self.store.send_review_invitations(wanted).await.map(|_| ()),
            _ => self.store.record_review_held(wanted).await.map(|_| ()),
        };
        Some(match result {
            Ok(()) => Outcome::Sent,
            Err(StoreError::NotFound(what)) => Outcome::Dead(format!("{what} not found")),
            Err(e) => Outcome::Retry(e.to_string()),
        })
    }
}

impl Ctx {
    /// One attendee's invitation or cancellation, made now from the meeting as it stands.
    async fn invitation_email(&self, job: &Job) -> Outcome {
        let wanted = match serde_json::from_value::<InvitationJob>(job.payload.clone()) {
            Ok(w) => w,
            Err(e) => return Outcome::Dead(format!("the job cannot be read: {e}")),
        };
        let Some(email) = &self.config.channels.email else {
            return Outcome::Misconfigured(
                "email is not configured on this server; set smtp_url and smtp_from (docs/configuration.md)".into(),
            );
        };
        let message = match self
            .store
            .review_invitation_email(&wanted, &self.config.public_url, &email.sender_address())
            .await
        {
            Ok(None) => return Outcome::Sent,
            Ok(Some(m)) => m,
            Err(StoreError::NotFound(what)) => return Outcome::Dead(format!("{what} not found")),
            Err(e) => return Outcome::Retry(e.to_string()),
        };
        let message = Delivery::Email(message);
        let send = self
            .config
            .channels
            .send(&message, &job.idempotency_key, self.store.now());
        match self.timed(send).await {
            Ok(_) => Outcome::Sent,
            Err(failed) => failed,
        }
    }
}

impl Ctx {
    /// `review_repick` and `review_auto_book`: the assistant reads calendars and books.
    pub(super) async fn review_booking(&self, job: &Job) -> Option<Outcome> {
        let kind = job.kind.as_str();
        if ![REPICK_KIND, AUTO_BOOK_KIND, CALENDAR_KIND, INBOX_KIND].contains(&kind) {
            return self.review_slot_job(job).await;
        }
        let wanted = match serde_json::from_value::<ReviewJob>(job.payload.clone()) {
            Ok(w) => w,
            Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
        };
        if kind == CALENDAR_KIND {
            return Some(self.review_calendar(wanted).await);
        }
        if kind == INBOX_KIND {
            return Some(self.review_inbox(wanted).await);
        }
        let result = if kind == REPICK_KIND {
            self.repick(wanted).await
        } else {
            self.auto_book(wanted).await
        };
        Some(match result {
            Ok(()) => Outcome::Sent,
            Err(StoreError::NotFound(what)) => Outcome::Dead(format!("{what} not found")),
            Err(StoreError::Domain(e)) => Outcome::Dead(e.to_string()),
            Err(e) => Outcome::Retry(e.to_string()),
        })
    }

    fn assistant(&self) -> Assistant {
        Assistant::new(self.store.clone(), self.config.timeout)
    }

    /// A required attendee declined: if the meeting is still at the sequence they answered,
    /// find the best slot again and move it there (SEQUENCE + 1, the reason stated).
    async fn repick(&self, job: ReviewJob) -> Result<(), StoreError> {
        let Some(meeting) = self.store.review_meeting(job.incident_id).await? else {
            return Ok(());
        };
        // A decline after the meeting started moves nothing: it happened (or did not) already.
        if meeting.state != "booked"
            || meeting.sequence != job.sequence
            || self.store.now() >= meeting.start
        {
            return Ok(());
        }
        let declined: Vec<&str> = meeting
            .attendees
            .iter()
            .filter(|a| a.required && a.answer == Some(Answer::Declined))
            .map(|a| a.name.as_str())
            .collect();
        if declined.is_empty() {
            return Ok(());
        }
        let incident = self
            .store
            .incident(&Actor::GOLDSEAM, job.incident_id)
            .await?;
        let why = format!("moved because {} declined", declined.join(", "));
        match self
            .assistant()
            .book_best(&Actor::GOLDSEAM, &incident, &why)
            .await?
        {
            Booked::Meeting(_) => Ok(()),
            Booked::NoSlot(_) => {
                tracing::info!(incident = %incident.id.reference(), "review: no other slot fits after a decline");
                Ok(())
            }
        }
    }

    /// The postmortem went to review: book by policy if its rule says so and nothing is booked.
    async fn auto_book(&self, job: ReviewJob) -> Result<(), StoreError> {
        let incident = self
            .store
            .incident(&Actor::GOLDSEAM, job.incident_id)
            .await?;
        let (policy, _) = self.store.review_policy().await?;
        let rule = policy.rule_for(incident.severity.as_str(), incident.incident_type.as_str());
        let booked = self
            .store
            .review_meeting(job.incident_id)
            .await?
            .is_some_and(|m| m.state == "booked" || m.state == "held");
        if !rule.auto_book || booked {
            return Ok(());
        }
        self.assistant()
            .book_best(&Actor::GOLDSEAM, &incident, "booked by policy")
            .await
            .map(|_| ())
    }
}
