//! Filing a follow-up as an issue: the `file_issue` job. The tracker takes no idempotency key,
//! so every attempt after the first asks the adapter to look for the issue an earlier attempt
//! may have filed (by the follow-up's marker) before it files one.

use super::process::{Ctx, Outcome};
use goldseam_core::Actor;
use goldseam_integrations::trackers::TrackerIssue;
use goldseam_store::follow_ups::{FileIssueJob, FollowUp, FollowUpHookJob};
use goldseam_store::jobs::Job;
use goldseam_store::StoreError;

/// What the issue says: the follow-up's description, then where it came from.
fn issue_of(f: &FollowUp, public_url: &str) -> TrackerIssue {
    let reference = f.incident.id.reference();
    let mut body = String::new();
    if let Some(d) = &f.description {
        body.push_str(d);
        body.push_str("\n\n");
    }
    body.push_str(&format!(
        "A follow-up of {reference} ({}), priority {}.",
        f.incident.title,
        f.priority.as_str()
    ));
    if let Some((_, owner)) = &f.owner {
        body.push_str(&format!(" Owner in Goldseam: {owner}."));
    }
    if let Some(due) = f.due_on {
        body.push_str(&format!(" Due {due}."));
    }
    TrackerIssue {
        title: f.title.clone(),
        body,
        marker: format!("goldseam-follow-up-{}", f.id),
        link: format!("{}/incidents/{reference}", public_url.trim_end_matches('/')),
    }
}

impl Ctx {
    pub(super) async fn file_issue(&self, job: &Job) -> Outcome {
        let j: FileIssueJob = match serde_json::from_value(job.payload.clone()) {
            Ok(j) => j,
            Err(e) => return Outcome::Dead(format!("the job cannot be read: {e}")),
        };
        let f = match self.store.follow_up(&Actor::GOLDSEAM, j.follow_up_id).await {
            Ok(f) => f,
            Err(StoreError::NotFound(what)) => return Outcome::Dead(format!("{what} not found")),
            Err(e) => return Outcome::Retry(e.to_string()),
        };
        if f.tracker.is_some() {
            return Outcome::Sent;
        }
        if f.incident.private {
            // It went private after filing was asked for: the tracker's readers may not see it.
            return Outcome::Dead(
                "the incident is private now; its follow-ups are not filed".into(),
            );
        }
        let issue = issue_of(&f, &self.config.public_url);
        let retry = job.attempts > 1;
        let filed = match self
            .timed(
                self.config
                    .channels
                    .trackers
                    .file(&j.tracker, &issue, retry),
            )
            .await
        {
            Ok(filed) => filed,
            Err(failed) => return failed,
        };
        match self
            .store
            .record_filing(f.id, &j.tracker, &filed.key, &filed.url)
            .await
        {
            Ok(()) => Outcome::Sent,
            // Filed but not recorded: the next attempt finds the issue by its marker.
            Err(e) => Outcome::Retry(format!(
                "filed as {}, but recording it failed: {e}",
                filed.key
            )),
        }
    }

    /// A follow-up event for the generic webhook: queued as a signed `webhook` delivery when a
    /// URL is configured, nothing otherwise.
    pub(super) async fn follow_up_webhook(&self, job: &Job) -> Outcome {
        let Some(url) = &self.config.channels.trackers.follow_up_webhook else {
            return Outcome::Sent;
        };
        let hook = match serde_json::from_value::<FollowUpHookJob>(job.payload.clone()) {
            Ok(h) => h,
            Err(e) => return Outcome::Dead(format!("the job cannot be read: {e}")),
        };
        let made = self
            .store
            .follow_up_webhook_delivery(&hook, url, &self.config.public_url)
            .await;
        match made {
            Ok(Some(delivery)) => match self.store.enqueue(&delivery).await {
                Ok(_) => Outcome::Sent,
                Err(e) => Outcome::Retry(e.to_string()),
            },
            Ok(None) => Outcome::Sent,
            Err(StoreError::NotFound(what)) => Outcome::Dead(format!("{what} not found")),
            Err(e) => Outcome::Retry(e.to_string()),
        }
    }
}
