//! Telling subscribers: when a declaration, severity change, status update or resolution is
//! written, a `notify_subscribers` job is written in the same transaction (if anyone subscribes
//! to anything); the engine runs it, and each subscriber who may see the incident gets one
//! message per channel, with a key that makes a rerun send nothing twice.

use crate::events::StoredEvent;
use crate::jobs::NewJob;
use crate::response::incident_link;
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::people::ContactKind;
use goldseam_core::subscription::notice;
use goldseam_core::{
    Actor, EventId, EventRecord, IncidentId, SubscriptionChannel, TeamId, UserId, UserRole,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The `notify_subscribers` job's payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotifyJob {
    /// The incident.
    pub incident_id: IncidentId,
    /// The event subscribers hear of.
    pub event_id: EventId,
}

/// Whether any of these new events is one subscribers hear of.
pub(crate) fn any_notable(records: &[&EventRecord]) -> bool {
    records.iter().any(|r| notice(&r.payload, "", "").is_some())
}

/// The jobs that tell subscribers of these new events, to write with them (when anyone
/// subscribes to anything: the write path asks once per batch).
pub(crate) fn subscriber_jobs(records: &[&EventRecord]) -> Vec<NewJob> {
    records
        .iter()
        .filter(|r| notice(&r.payload, "", "").is_some())
        .map(|r| NewJob {
            kind: "notify_subscribers".into(),
            // Per incident, like `respond`: a burst of notable events across many incidents
            // must not wait four at a time behind one shared destination.
            destination: format!("subscribers:{}", r.incident_id),
            idempotency_key: format!("subs:{}", r.id),
            payload: json!(NotifyJob {
                incident_id: r.incident_id,
                event_id: r.id
            }),
            incident_id: Some(r.incident_id),
            run_at: None,
        })
        .collect()
}

impl Store {
    /// Runs a `notify_subscribers` job.
    pub async fn notify_subscribers(
        &self,
        job: &NotifyJob,
        public_url: &str,
    ) -> Result<(), StoreError> {
        let r = job.incident_id;
        let incident = self.incident(&Actor::GOLDSEAM, r).await?;
        let event: StoredEvent = self.event(&Actor::GOLDSEAM, r, job.event_id).await?;
        let reference = incident.id.reference();
        let Some(text) = notice(&event.record.payload, &reference, &incident.title) else {
            return Ok(());
        };
        let link = incident_link(public_url, incident.id);

        let wanted = self.subscribers_of(&incident).await?;

        let mut jobs = Vec::new();
        for (user_id, channels) in wanted {
            let Ok(user) = self.user(user_id).await else {
                continue;
            };
            if !user.active {
                continue;
            }
            // A subscription outlives access: someone who may no longer see the incident (it
            // went private, they were removed) hears nothing of it.
            let actor = Actor {
                user_id,
                role: user.role,
            };
            if user.role != UserRole::Admin && self.incident(&actor, r).await.is_err() {
                continue;
            }
            let methods = self.contact_methods(user_id).await?;
            let verified = |kind: ContactKind| {
                methods
                    .iter()
                    .filter(move |m| m.kind == kind && m.verified_at.is_some())
                    .map(|m| m.address.as_str().to_string())
            };
            for channel in channels {
                let key = |to: &str| {
                    format!(
                        "subs:{}:u{user_id}:{}:{to}",
                        event.record.id,
                        channel.as_str()
                    )
                };
                match channel {
                    SubscriptionChannel::Email => {
                        let mut to: Vec<String> = verified(ContactKind::Email).collect();
                        if to.is_empty() {
                            to.push(user.email.clone());
                        }
                        for addr in to {
                            let subject = text.lines().next().unwrap_or_default().to_string();
                            jobs.push(NewJob { kind: "email".into(), destination: format!("email:{addr}"), idempotency_key: key(&addr), payload: json!({"to": addr, "subject": subject, "text": text, "link": link}), incident_id: Some(incident.id), run_at: None });
                        }
                    }
                    SubscriptionChannel::Sms => {
                        for number in verified(ContactKind::Sms) {
                            let body: String =
                                format!("{} {link}", text.lines().next().unwrap_or_default());
                            jobs.push(NewJob {
                                kind: "sms".into(),
                                destination: format!("sms:{number}"),
                                idempotency_key: key(&number),
                                payload: json!({"to": number, "body": body}),
                                incident_id: Some(incident.id),
                                run_at: None,
                            });
                        }
                    }
                    SubscriptionChannel::Slack => {
                        for slack_user in verified(ContactKind::Slack) {
                            jobs.push(NewJob { kind: "slack".into(), destination: format!("slack:{slack_user}"), idempotency_key: key(&slack_user), payload: json!({"channel": slack_user, "text": format!("{text}\n<{link}|Open the room>")}), incident_id: Some(incident.id), run_at: None });
                        }
                    }
                    SubscriptionChannel::Mattermost => {
                        for user in verified(ContactKind::Mattermost) {
                            jobs.push(NewJob {
                                kind: "mattermost".into(),
                                destination: format!("mattermost:{user}"),
                                idempotency_key: key(&user),
                                payload: json!({"user": user, "text": format!("{text}\n[Open the room]({link})")}),
                                incident_id: Some(incident.id),
                                run_at: None,
                            });
                        }
                    }
                }
            }
        }
        if !jobs.is_empty() {
            self.enqueue_all(&jobs).await?;
        }
        Ok(())
    }

    /// Everyone subscribed to something `incident` is about (itself, its severity, tags,
    /// services, or the teams owning them), directly or through a team subscription, with the
    /// channels they chose. Whether they may still see it is the caller's to check.
    pub(crate) async fn subscribers_of(
        &self,
        incident: &goldseam_core::IncidentState,
    ) -> Result<
        std::collections::BTreeMap<UserId, std::collections::BTreeSet<SubscriptionChannel>>,
        StoreError,
    > {
        // What the incident is: itself, its severity, its tags, its services and the teams that
        // own them. A subscription to any of these matches.
        let mut targets: Vec<(&str, String)> = vec![
            ("incident", incident.id.to_string()),
            ("severity", incident.severity.to_string()),
        ];
        targets.extend(incident.tags.iter().map(|t| ("tag", t.clone())));
        for id in &incident.services {
            targets.push(("service", id.to_string()));
            if let Ok(service) = self.service(*id).await {
                targets.push(("team", service.team_id.to_string()));
            }
        }
        let mut wanted: std::collections::BTreeMap<
            UserId,
            std::collections::BTreeSet<SubscriptionChannel>,
        > = Default::default();
        let mut add = |user: UserId, channels: &str| {
            wanted.entry(user).or_default().extend(
                channels
                    .split(',')
                    .filter_map(|c| SubscriptionChannel::parse("channels", c.trim()).ok()),
            );
        };
        for (owner, table) in [
            ("user_id", "subscriptions"),
            ("team_id", "team_subscriptions"),
        ] {
            let mut q = format!("SELECT {owner} AS owner, channels FROM {table} WHERE ");
            for i in 0..targets.len() {
                q.push_str(&format!(
                    "{}(target_kind = ${} AND target_key = ${})",
                    if i == 0 { "" } else { " OR " },
                    2 * i + 1,
                    2 * i + 2
                ));
            }
            let mut query = sqlx::query(&q);
            for (kind, key) in &targets {
                query = query.bind(*kind).bind(key.clone());
            }
            let rows = query.fetch_all(&mut *self.reader().await?).await?;
            for row in rows {
                let (id, channels): (i64, String) = (row.col("owner")?, row.col("channels")?);
                if table == "subscriptions" {
                    add(UserId::from_db(id), &channels);
                } else if let Ok(team) = self.team(TeamId::from_db(id)).await {
                    // A team subscription reaches whoever is in the team now.
                    for m in team.members {
                        add(m.user_id, &channels);
                    }
                }
            }
        }
        Ok(wanted)
    }
}
