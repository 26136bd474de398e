//! The daily digest of follow-ups (docs/follow-ups.md): an hourly tick, itself a job, sends each
//! owner whose morning has come one message for the day listing what of theirs is overdue or due
//! soon, and queues the next tick. Reminders do not care whether the incident is still open:
//! the work outlives it.
//!
//! Exactly one digest per owner per day comes from the delivery's key (owner, their day,
//! address): every tick of the day enqueues the same keys and the queue keeps the first. What a
//! digest lists is read when the tick runs, so a follow-up marked done is in no digest after the
//! next tick.

use super::{from_row, FollowUp, SELECT};
use crate::jobs::NewJob;
use crate::{Store, StoreError};
use goldseam_core::follow_up::digest::{day_to_send, digest, Owed};
use goldseam_core::people::ContactKind;
use goldseam_core::{Actor, IncidentId, UserId, UserRole};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// The tick's job kind.
pub const REMINDER_KIND: &str = "follow_up_reminders";

/// The tick's payload: the hour it is for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReminderTick {
    /// The hour's start, in seconds since the Unix epoch.
    pub hour: i64,
}

fn hour_start(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second().div_euclid(3600) * 3600).unwrap_or(t)
}

fn tick(at: Timestamp) -> NewJob {
    let hour = hour_start(at);
    NewJob {
        kind: REMINDER_KIND.into(),
        destination: "follow-up-reminders".into(),
        idempotency_key: format!("{REMINDER_KIND}:{}", hour.as_second()),
        payload: json!(ReminderTick {
            hour: hour.as_second()
        }),
        incident_id: None,
        run_at: Some(hour),
    }
}

impl Store {
    /// Queues this hour's tick, if no instance has yet: called when the server starts, so the
    /// chain of ticks exists from the first start and is picked up again after any stop.
    pub async fn schedule_reminders(&self) -> Result<(), StoreError> {
        self.enqueue(&tick(self.now())).await.map(|_| ())
    }

    /// Runs a tick: each owner whose day has reached the digest hour gets the day's digest
    /// (once), then the next hour's tick is queued.
    pub async fn run_reminder_tick(&self, public_url: &str) -> Result<(), StoreError> {
        let now = self.now();
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE f.status IN ('committed', 'in_progress') AND f.due_on IS NOT NULL AND f.owner_id IS NOT NULL ORDER BY f.owner_id, f.id"
        ))
        .fetch_all(&mut *self.reader().await?)
        .await?;
        let mut by_owner: BTreeMap<UserId, Vec<FollowUp>> = BTreeMap::new();
        for row in &rows {
            let f = from_row(row, now)?;
            if let Some((owner, _)) = f.owner {
                by_owner.entry(owner).or_default().push(f);
            }
        }
        let mut jobs = Vec::new();
        for (owner, items) in by_owner {
            jobs.extend(self.digest_jobs(owner, &items, now, public_url).await?);
        }
        self.enqueue_all(&jobs).await?;
        let next = hour_start(now)
            .checked_add(SignedDuration::from_hours(1))
            .unwrap_or(Timestamp::MAX);
        self.enqueue(&tick(next)).await.map(|_| ())
    }

    /// The deliveries of `owner`'s digest for their day, if it has come and has anything in it.
    async fn digest_jobs(
        &self,
        owner: UserId,
        items: &[FollowUp],
        now: Timestamp,
        public_url: &str,
    ) -> Result<Vec<NewJob>, StoreError> {
        let Ok(user) = self.user(owner).await else {
            return Ok(Vec::new());
        };
        if !user.active {
            return Ok(Vec::new());
        }
        let zone = self
            .profile(owner)
            .await?
            .time_zone
            .map_or(jiff::tz::TimeZone::UTC, |z| z.zone());
        let Some(day) = day_to_send(now, &zone) else {
            return Ok(Vec::new());
        };
        // Read again as the owner: whoever can no longer see an incident hears nothing of it.
        let actor = Actor {
            user_id: owner,
            role: user.role,
        };
        let mut visible: HashMap<IncidentId, bool> = HashMap::new();
        let mut owed = Vec::new();
        for f in items {
            let id = f.incident.id;
            let sees = match visible.get(&id) {
                Some(v) => *v,
                None => {
                    let v = user.role == UserRole::Admin || self.incident(&actor, id).await.is_ok();
                    visible.insert(id, v);
                    v
                }
            };
            if sees {
                owed.push(Owed {
                    id: f.id.get(),
                    reference: id.reference(),
                    incident_title: f.incident.title.clone(),
                    title: f.title.clone(),
                    due_on: f.due_on,
                    priority: f.priority,
                    status: f.status,
                });
            }
        }
        let Some(d) = digest(&owed, day) else {
            return Ok(Vec::new());
        };
        let link = format!("{}/follow-ups?owner=me", public_url.trim_end_matches('/'));
        let (subject, text, html) = (d.subject(), d.text(&link), d.html(&link));
        let methods = self.contact_methods(owner).await?;
        let verified = |kind: ContactKind| -> Vec<String> {
            methods
                .iter()
                .filter(|m| m.kind == kind && m.verified_at.is_some())
                .map(|m| m.address.as_str().to_string())
                .collect()
        };
        let key = |channel: &str, to: &str| format!("digest:u{owner}:{day}:{channel}:{to}");
        let mut emails = verified(ContactKind::Email);
        if emails.is_empty() {
            emails.push(user.email.clone());
        }
        let mut jobs: Vec<NewJob> = emails
            .into_iter()
            .map(|to| NewJob {
                kind: "email".into(),
                destination: format!("email:{to}"),
                idempotency_key: key("email", &to),
                payload: json!({"to": to, "subject": subject, "text": text, "html": html}),
                incident_id: None,
                run_at: None,
            })
            .collect();
        for slack_user in verified(ContactKind::Slack) {
            jobs.push(NewJob {
                kind: "slack".into(),
                destination: format!("slack:{slack_user}"),
                idempotency_key: key("slack", &slack_user),
                payload: json!({"channel": slack_user, "text": format!("*{subject}*\n{text}")}),
                incident_id: None,
                run_at: None,
            });
        }
        for mattermost_user in verified(ContactKind::Mattermost) {
            jobs.push(NewJob {
                kind: "mattermost".into(),
                destination: format!("mattermost:{mattermost_user}"),
                idempotency_key: key("mattermost", &mattermost_user),
                payload: json!({"user": mattermost_user, "text": format!("**{subject}**\n{text}")}),
                incident_id: None,
                run_at: None,
            });
        }
        Ok(jobs)
    }
}
