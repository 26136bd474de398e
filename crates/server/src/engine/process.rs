//! One claimed job: read it, respect its destination's rate limit (bundling what waits), send
//! it under the timeout, and record the outcome.

use super::EngineConfig;
use goldseam_core::delivery::{bundle, rate_limit, Delivery, Verify};
use goldseam_integrations::SendError;
use goldseam_store::distribution::{self, VersionJob};
use goldseam_store::follow_ups::TrackerUpdate;
use goldseam_store::jobs::{Job, Settled, Slot};
use goldseam_store::postmortems::OpenPostmortemJob;
use goldseam_store::response::{EscalateJob, RespondJob};
use goldseam_store::subscriptions_notify::NotifyJob;
use goldseam_store::Store;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

pub(super) struct Ctx {
    pub store: Store,
    pub worker: String,
    pub config: EngineConfig,
}

/// What happened to a send.
pub(super) enum Outcome {
    Sent,
    Wait(SignedDuration, String),
    Retry(String),
    Dead(String),
    /// Dead because the server is not set up for the channel: the reason is for admins.
    Misconfigured(String),
}

/// The key a bundle is sent with: a digest of its members' keys, so the same bundle sent
/// again after a crash carries the same key.
fn bundle_key(members: &[Job]) -> String {
    let mut keys: Vec<&str> = members.iter().map(|j| j.idempotency_key.as_str()).collect();
    keys.sort_unstable();
    let digest = Sha256::digest(keys.join("\n").as_bytes());
    format!("bundle:{}", hex::encode(&digest[..16]))
}

/// Reads a job into what its channel sends, or why it cannot be sent.
fn read(job: &Job) -> Result<Delivery, String> {
    match Delivery::parse(&job.kind, &job.payload) {
        Ok(Delivery::Verify(Verify::ContactMethod { contact_method_id })) => Err(format!(
            "verification by contact method id ({contact_method_id}) needs the contact method store, which this server does not have yet; enqueue the channel, address and text instead"
        )),
        Ok(d) => Ok(d.resolve_verify()),
        Err(e) => Err(format!("the job cannot be read: {e}")),
    }
}

impl Ctx {
    pub(super) async fn process(&self, job: Job) {
        let retry = &self.config.retry;
        if job.attempts > retry.max_attempts {
            // Claimed more often than attempts allow: workers kept dying mid-send.
            let why = format!(
                "claimed {} times without an outcome recorded (workers stopped while sending it); not sent again automatically",
                job.attempts
            );
            self.settle(&[job], Outcome::Dead(why)).await;
            return;
        }
        if let Some(outcome) = self.internal(&job).await {
            return self.settle(&[job], outcome).await;
        }
        let delivery = match read(&job) {
            Ok(d) => d,
            Err(why) => return self.settle(&[job], Outcome::Dead(why)).await,
        };
        let now = self.store.now();
        let mut members = vec![job];
        let mut items = vec![delivery];
        if let Some(limit) = rate_limit(&members[0].destination) {
            let lease = self.config.lease;
            let taken = self
                .store
                .take_slot_and_bundle(&self.worker, &members[0], now, lease, limit)
                .await;
            let more = match taken {
                Ok((Slot::Taken, more)) => more,
                Ok((Slot::Busy(at), _)) => {
                    // Not an attempt: it goes out, bundled, when the destination's slot opens.
                    self.log(self.store.defer(members[0].id, &self.worker, at).await);
                    // So does everything else waiting for the destination: left due, a storm
                    // to it would fill the head of the queue that claims rank, and the jobs
                    // of every other destination behind it would wait for it to drain.
                    let destination = &members[0].destination;
                    if let Err(e) = self.store.defer_destination(destination, now, at).await {
                        tracing::warn!(error = %e, "moving a busy destination's waiting jobs failed; they are claimed and put back one by one");
                    }
                    return;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "taking a rate-limit slot failed");
                    let why = format!("could not check the rate limit: {e}");
                    return self.settle(&members, Outcome::Retry(why)).await;
                }
            };
            for other in more {
                match read(&other) {
                    Ok(d) => {
                        items.push(d);
                        members.push(other);
                    }
                    Err(why) => self.settle(&[other], Outcome::Dead(why)).await,
                }
            }
        }
        let (message, key) = if members.len() == 1 {
            (items.swap_remove(0), members[0].idempotency_key.clone())
        } else {
            let key = bundle_key(&members);
            match bundle(&items) {
                Some(b) => (b, key),
                None => (items.swap_remove(0), members[0].idempotency_key.clone()),
            }
        };
        let outcome = match self
            .timed(self.config.channels.send(&message, &key, now))
            .await
        {
            Ok(_) => Outcome::Sent,
            Err(failed) => failed,
        };
        self.settle(&members, outcome).await;
    }

    /// Jobs Goldseam runs itself rather than hands to a provider: the response to a
    /// declaration, the levels of a page, telling subscribers, opening a postmortem, the
    /// follow-up reminders' tick, distributing a postmortem and reminding its readers (a
    /// reader's email is made here too, then sent). `None` for deliveries.
    async fn internal(&self, job: &Job) -> Option<Outcome> {
        let url = &self.config.public_url;
        let result = match job.kind.as_str() {
            "respond" => match serde_json::from_value::<RespondJob>(job.payload.clone()) {
                Ok(r) => self.store.respond(r.incident_id, url).await,
                Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
            },
            "escalate" => match serde_json::from_value::<EscalateJob>(job.payload.clone()) {
                Ok(step) => self.store.escalate(&step, url).await,
                Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
            },
            "open_postmortem" => {
                match serde_json::from_value::<OpenPostmortemJob>(job.payload.clone()) {
                    Ok(o) => self
                        .store
                        .open_postmortem(&goldseam_core::Actor::GOLDSEAM, o.incident_id, true)
                        .await
                        .map(|_| ()),
                    Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
                }
            }
            "notify_subscribers" => {
                match serde_json::from_value::<NotifyJob>(job.payload.clone()) {
                    Ok(n) => self.store.notify_subscribers(&n, url).await,
                    Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
                }
            }
            goldseam_store::follow_ups::REMINDER_KIND => self.store.run_reminder_tick(url).await,
            distribution::DISTRIBUTE_KIND => {
                match serde_json::from_value::<VersionJob>(job.payload.clone()) {
                    Ok(v) => self.store.distribute_postmortem(&v, url).await,
                    Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
                }
            }
            distribution::REMIND_KIND => {
                match serde_json::from_value::<VersionJob>(job.payload.clone()) {
                    Ok(v) => self.store.remind_postmortem_readers(&v).await,
                    Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
                }
            }
            distribution::EMAIL_KIND => return Some(self.reader_email(job).await),
            goldseam_store::follow_ups::FILE_ISSUE_KIND => return Some(self.file_issue(job).await),
            goldseam_store::follow_ups::WEBHOOK_KIND => {
                return Some(self.follow_up_webhook(job).await)
            }
            kind if super::alerts::is_effect(kind) => {
                match serde_json::from_value::<goldseam_store::alerts::AlertEffectJob>(
                    job.payload.clone(),
                ) {
                    Ok(e) => self.store.run_alert_effect(&e).await,
                    Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
                }
            }
            goldseam_store::follow_ups::TRACKER_EVENT_KIND => {
                match serde_json::from_value::<TrackerUpdate>(job.payload.clone()) {
                    Ok(u) => self.store.apply_tracker_update(&u).await,
                    Err(e) => return Some(Outcome::Dead(format!("the job cannot be read: {e}"))),
                }
            }
            _ => return self.review_job(job).await,
        };
        Some(match result {
            Ok(()) => Outcome::Sent,
            // The incident or page is gone (or never was): nothing to do, ever.
            Err(goldseam_store::StoreError::NotFound(what)) => {
                Outcome::Dead(format!("{what} not found"))
            }
            Err(e) => Outcome::Retry(e.to_string()),
        })
    }

    /// A provider call under the engine's timeout, its failure sorted into an outcome.
    pub(super) async fn timed<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, SendError>>,
    ) -> Result<T, Outcome> {
        let timeout = self.config.timeout;
        match tokio::time::timeout(timeout, call).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(SendError::RetryAfter { after, reason })) => Err(Outcome::Wait(
                SignedDuration::try_from(after).unwrap_or(SignedDuration::from_secs(30)),
                reason,
            )),
            Ok(Err(SendError::Retry(why))) => Err(Outcome::Retry(why)),
            Ok(Err(SendError::Permanent(why))) => Err(Outcome::Dead(why)),
            Ok(Err(SendError::Configuration(why))) => Err(Outcome::Misconfigured(why)),
            Err(_) => Err(Outcome::Retry(format!(
                "the provider did not answer within {} s",
                timeout.as_secs_f64()
            ))),
        }
    }

    async fn settle(&self, jobs: &[Job], outcome: Outcome) {
        let now = self.store.now();
        for job in jobs {
            let (id, w) = (job.id, self.worker.as_str());
            let result = match &outcome {
                Outcome::Sent => {
                    tracing::debug!(job = %id, kind = %job.kind, "delivered");
                    self.record(job, "sent", None, None).await;
                    self.store.complete(id, w).await
                }
                Outcome::Wait(after, why) => {
                    tracing::info!(job = %id, reason = %why, "provider asked to wait");
                    let at = now.checked_add(*after).unwrap_or(Timestamp::MAX);
                    self.store.defer(id, w, at).await
                }
                Outcome::Retry(why) => {
                    let at = self
                        .config
                        .retry
                        .retry_at(now, job.attempts, rand::random::<f64>());
                    tracing::warn!(job = %id, attempt = job.attempts, reason = %why, dead = at.is_none(), "delivery failed");
                    let outcome = if at.is_some() { "retrying" } else { "failed" };
                    self.record(job, outcome, Some(why), None).await;
                    self.store.fail(id, w, why, at).await
                }
                Outcome::Dead(why) => {
                    tracing::warn!(job = %id, reason = %why, "delivery failed for good");
                    self.record(job, "failed", Some(why), None).await;
                    self.store.fail(id, w, why, None).await
                }
                Outcome::Misconfigured(why) => {
                    tracing::warn!(job = %id, reason = %why, "delivery failed: the server is not set up for it");
                    self.record(job, "failed", None, Some("configuration"))
                        .await;
                    self.store.fail_for_configuration(id, w, why).await
                }
            };
            self.log(result);
        }
    }

    /// Puts a delivery's outcome on its incident's timeline (deliveries about an incident only;
    /// Goldseam's own jobs are not deliveries). Recorded before the job is settled: if the
    /// process stops in between, the attempt is repeated and recorded again, never lost. A
    /// configuration failure carries no reason: everyone who can read the incident reads the
    /// timeline, so it says only that admins were told (the admin notices say what to fix).
    async fn record(&self, job: &Job, outcome: &str, reason: Option<&String>, cause: Option<&str>) {
        let (Some(incident_id), true) = (
            job.incident_id,
            matches!(
                job.kind.as_str(),
                "email" | "sms" | "voice" | "slack" | "mattermost" | "webhook"
            ),
        ) else {
            return;
        };
        let user_id = match self.store.owner_of_destination(&job.destination).await {
            Ok(u) => u,
            Err(e) => {
                tracing::debug!(error = %e, "whose address a delivery went to could not be read");
                None
            }
        };
        let event = goldseam_core::EventPayload::Delivery {
            channel: job.kind.clone(),
            to: goldseam_core::delivery::masked_destination(&job.destination),
            outcome: outcome.into(),
            attempt: job.attempts,
            reason: reason.map(|r| r.chars().take(300).collect()),
            user_id,
            cause: cause.map(String::from),
        };
        let change = [goldseam_store::incidents::Change::Record(event)];
        if let Err(e) = self
            .store
            .change(
                &goldseam_core::Actor::GOLDSEAM,
                incident_id,
                &change,
                None,
                false,
            )
            .await
        {
            tracing::warn!(job = %job.id, error = %e, "recording a delivery on its incident's timeline failed");
        }
    }

    fn log(&self, result: Result<Settled, goldseam_store::StoreError>) {
        match result {
            Ok(Settled::Recorded(_)) => {}
            Ok(Settled::LostLease) => {
                tracing::info!("a job's lease was taken over before its outcome was recorded")
            }
            Err(e) => {
                tracing::warn!(error = %e, "recording a delivery outcome failed; the lease will expire and it is sent again")
            }
        }
    }
}
