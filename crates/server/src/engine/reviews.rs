//! The review meeting's jobs: fanning invitations out (`review_send`), recording the meeting as
//! held once it is over (`review_held`).

use super::process::{Ctx, Outcome};
use goldseam_store::jobs::Job;
use goldseam_store::reviews::{ReviewJob, HELD_KIND, SEND_KIND};
use goldseam_store::StoreError;

impl Ctx {
    /// Runs a review job; `None` for kinds that are not the review's.
    pub(super) async fn review_job(&self, job: &Job) -> Option<Outcome> {
        let kind = job.kind.as_str();
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
