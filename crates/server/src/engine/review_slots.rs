//! A team's review slot's jobs: putting a published postmortem on the next agendas
//! (`review_slot_queue`), deciding an instance a day ahead (`review_slot_instance`), and sending
//! one person's email about the slot, made now from the slot as it stands
//! (`review_slot_email`).

use super::process::{Ctx, Outcome};
use goldseam_core::delivery::Delivery;
use goldseam_store::jobs::Job;
use goldseam_store::reviews::slots::{
    InstanceJob, QueueJob, SlotEmailJob, EMAIL_KIND, INSTANCE_KIND, QUEUE_KIND,
};
use goldseam_store::StoreError;
use serde::de::DeserializeOwned;

fn read<T: DeserializeOwned>(job: &Job) -> Result<T, Outcome> {
    serde_json::from_value(job.payload.clone())
        .map_err(|e| Outcome::Dead(format!("the job cannot be read: {e}")))
}

fn outcome<T>(result: Result<T, StoreError>) -> Outcome {
    match result {
        Ok(_) => Outcome::Sent,
        // The slot or incident never existed: nothing to do, ever.
        Err(StoreError::NotFound(what)) => Outcome::Dead(format!("{what} not found")),
        Err(e) => Outcome::Retry(e.to_string()),
    }
}

impl Ctx {
    /// Runs a review slot job; `None` for kinds that are not a slot's.
    pub(super) async fn review_slot_job(&self, job: &Job) -> Option<Outcome> {
        Some(match job.kind.as_str() {
            QUEUE_KIND => match read::<QueueJob>(job) {
                Ok(q) => outcome(self.store.queue_for_review_slots(q).await),
                Err(dead) => dead,
            },
            INSTANCE_KIND => match read::<InstanceJob>(job) {
                Ok(i) => outcome(self.store.run_review_slot_instance(i).await),
                Err(dead) => dead,
            },
            EMAIL_KIND => match read::<SlotEmailJob>(job) {
                Ok(e) => self.slot_email(job, &e).await,
                Err(dead) => dead,
            },
            _ => return None,
        })
    }

    async fn slot_email(&self, job: &Job, wanted: &SlotEmailJob) -> Outcome {
        let Some(email) = &self.config.channels.email else {
            return Outcome::Misconfigured(
                "email is not configured on this server; set smtp_url and smtp_from (docs/configuration.md)".into(),
            );
        };
        let made = self
            .store
            .review_slot_email(wanted, &self.config.public_url, &email.sender_address())
            .await;
        let message = match made {
            Ok(Some(m)) => Delivery::Email(m),
            Ok(None) => return Outcome::Sent,
            Err(e) => return outcome::<()>(Err(e)),
        };
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
