//! The review meeting's jobs: fanning invitations out (`review_send`), sending each one
//! (`review_invitation`), recording the meeting as held once it is over (`review_held`).

use super::process::{Ctx, Outcome};
use goldseam_core::delivery::Delivery;
use goldseam_store::jobs::Job;
use goldseam_store::reviews::invitations::InvitationJob;
use goldseam_store::reviews::{ReviewJob, HELD_KIND, INVITATION_KIND, SEND_KIND};
use goldseam_store::StoreError;

impl Ctx {
    /// Runs a review job; `None` for kinds that are not the review's.
    pub(super) async fn review_job(&self, job: &Job) -> Option<Outcome> {
        let kind = job.kind.as_str();
        if kind == INVITATION_KIND {
            return Some(self.invitation_email(job).await);
        }
        if ![SEND_KIND, HELD_KIND].contains(&kind) {
            return None;
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
