//! A postmortem reader's email: the `postmortem_email` job names the reader and the version, and
//! the email is made when it is sent (the version's rendering is stored once, not per reader), so
//! a reader whose access was taken away, or who acknowledged before their reminder, gets nothing.

use super::process::{Ctx, Outcome};
use goldseam_core::delivery::Delivery;
use goldseam_store::distribution::ReaderEmailJob;
use goldseam_store::jobs::Job;
use goldseam_store::StoreError;

impl Ctx {
    pub(super) async fn reader_email(&self, job: &Job) -> Outcome {
        let wanted = match serde_json::from_value::<ReaderEmailJob>(job.payload.clone()) {
            Ok(w) => w,
            Err(e) => return Outcome::Dead(format!("the job cannot be read: {e}")),
        };
        let email = match self
            .store
            .reader_email(&wanted, &self.config.public_url)
            .await
        {
            // Nothing is owed any more: recorded as done, with nothing sent.
            Ok(None) => return Outcome::Sent,
            Ok(Some(email)) => email,
            Err(StoreError::NotFound(what)) => return Outcome::Dead(format!("{what} not found")),
            Err(e) => return Outcome::Retry(e.to_string()),
        };
        let email = Delivery::Email(email);
        let send = self
            .config
            .channels
            .send(&email, &job.idempotency_key, self.store.now());
        match self.timed(send).await {
            Ok(_) => Outcome::Sent,
            Err(failed) => failed,
        }
    }
}
