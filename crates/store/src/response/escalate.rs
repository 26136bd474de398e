//! One escalation step when it comes due: whoever the level names, as they are at that moment,
//! each notified by their own notification rules, unless the page was acknowledged meanwhile.

use super::pages::{job_prefix, Page};
use super::respond::{incident_link, EscalateJob};
use crate::jobs::NewJob;
use crate::{Store, StoreError};
use goldseam_core::people::{ContactKind, Urgency};
use goldseam_core::response::Target;
use goldseam_core::{Actor, EscalationPolicyId, IncidentState, UserId};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;

impl Store {
    /// Runs one escalation step: unless the page was acknowledged, notifies the level's
    /// targets as they are now (whoever is on call), each by their own notification rules.
    pub async fn escalate(&self, step: &EscalateJob, public_url: &str) -> Result<(), StoreError> {
        let page = self.page(step.page_id).await?;
        if page.acknowledged_at.is_some() {
            return Ok(());
        }
        let incident = self.incident(&Actor::GOLDSEAM, page.incident_id).await?;
        let now = self.now();
        let targets = match step.policy_id {
            None => page.user_id.map(Target::User).into_iter().collect(),
            Some(pid) => {
                let policy = self.escalation_policy(pid).await?;
                policy
                    .levels
                    .get(step.level)
                    .map(|l| l.targets.clone())
                    .unwrap_or_default()
            }
        };
        let mut users: Vec<UserId> = Vec::new();
        let mut jobs = Vec::new();
        for target in targets {
            match target {
                Target::User(u) => users.push(u),
                Target::Schedule(s) => users.extend(self.on_call_at(s, now).await.ok().flatten()),
                Target::Team(t) => {
                    if let Some(s) = self.team(t).await.ok().and_then(|t| t.schedule_id) {
                        users.extend(self.on_call_at(s, now).await.ok().flatten());
                    }
                }
                // A hand-over runs the other policy's levels from now, under the same page.
                Target::Policy(other) => {
                    jobs.extend(self.page_steps(&page, Some(other), now).await?)
                }
            }
        }
        users.sort_unstable();
        users.dedup();
        self.let_see(page.incident_id, &users).await?;
        let prefix = format!(
            "{}p{}:r{}:l{}:",
            job_prefix(page.id),
            step.policy_id.map_or(0, EscalationPolicyId::get),
            step.round,
            step.level
        );
        for user_id in users {
            jobs.extend(
                self.notifications_for(&incident, &page, user_id, &prefix, public_url, now)
                    .await?,
            );
        }
        if !jobs.is_empty() {
            self.enqueue_all(&jobs).await?;
        }
        Ok(())
    }

    /// One person's deliveries for a page, by their notification rules for its urgency
    /// (verified methods only); someone with no such rules gets an email to their account
    /// address. A low-urgency page waits for the person's working hours, when they set them.
    async fn notifications_for(
        &self,
        incident: &IncidentState,
        page: &Page,
        user_id: UserId,
        prefix: &str,
        public_url: &str,
        now: Timestamp,
    ) -> Result<Vec<NewJob>, StoreError> {
        let user = match self.user(user_id).await {
            Ok(u) if u.active => u,
            _ => return Ok(Vec::new()),
        };
        let reference = incident.id.reference();
        let link = incident_link(public_url, incident.id);
        let line = format!(
            "{reference} {}: {} ({})",
            incident.severity, incident.title, page.reason
        );
        // The link acknowledges as this person without signing in (it is signed and expires).
        let ack = format!(
            "{}/ack/{}",
            public_url.trim_end_matches('/'),
            self.ack_token(page.id, user_id).await?
        );
        let methods = self.contact_methods(user_id).await?;
        let start = match page.urgency {
            Urgency::High => now,
            Urgency::Low => {
                let profile = self.profile(user_id).await?;
                profile
                    .time_zone
                    .and_then(|z| profile.working_hours.next_working(&z.zone(), now))
                    .unwrap_or(now)
            }
        };
        let mut jobs = Vec::new();
        let email_job = |to: &str, key: String, at: Timestamp| NewJob {
            kind: "email".into(),
            destination: format!("email:{to}"),
            idempotency_key: key,
            payload: json!({"to": to, "subject": format!("Page: {line}"), "text": format!("You are paged for {line}.\n\nAcknowledge (stops further notifications and escalation): {ack}"), "link": link}),
            incident_id: Some(incident.id),
            run_at: Some(at),
        };
        let rules = self.notification_rules(user_id).await?;
        for rule in rules.iter().filter(|r| r.applies_to(page.urgency)) {
            let Some(m) = methods
                .iter()
                .find(|m| m.id == rule.contact_method_id && m.verified_at.is_some())
            else {
                continue;
            };
            let at = start
                .checked_add(SignedDuration::from_mins(i64::from(rule.delay_minutes)))
                .unwrap_or(start);
            let key = format!("{prefix}u{user_id}:m{}:d{}", m.id, rule.delay_minutes);
            let to = m.address.as_str().to_string();
            let (kind, destination, payload) = match m.kind {
                ContactKind::Email => {
                    jobs.push(email_job(&to, key, at));
                    continue;
                }
                ContactKind::Sms => (
                    "sms",
                    format!("sms:{to}"),
                    json!({"to": to, "body": format!("Goldseam page: {line}. Reply 1 to acknowledge. {link}")}),
                ),
                ContactKind::Voice => (
                    "voice",
                    format!("voice:{to}"),
                    json!({"to": to, "message": format!("Goldseam page. {line}.")}),
                ),
                ContactKind::Slack => (
                    "slack",
                    format!("slack:{to}"),
                    json!({"channel": to, "text": format!(":rotating_light: Page: {line} <{link}|Open the room>"), "page_id": page.id}),
                ),
                ContactKind::Mattermost => (
                    "mattermost",
                    format!("mattermost:{to}"),
                    json!({"user": to, "text": format!(":rotating_light: Page: {line} [Open the room]({link})"), "page_id": page.id}),
                ),
                ContactKind::Webhook => (
                    "webhook",
                    format!("webhook:{to}"),
                    json!({"url": to, "body": {"type": "page", "page_id": page.id, "incident": reference, "severity": incident.severity, "title": incident.title, "reason": page.reason, "link": link}}),
                ),
            };
            jobs.push(NewJob {
                kind: kind.into(),
                destination,
                idempotency_key: key,
                payload,
                incident_id: Some(incident.id),
                run_at: Some(at),
            });
        }
        if jobs.is_empty() {
            // Nobody may be left unreachable, so someone with no rules hears by their account
            // email; but that address was typed by an admin, not proven, so it gets no
            // acknowledgement link (a typo must not let a stranger stop the page).
            let to = user.email.clone();
            jobs.push(NewJob {
                kind: "email".into(),
                destination: format!("email:{to}"),
                idempotency_key: format!("{prefix}u{user_id}:account-email"),
                payload: json!({"to": to, "subject": format!("Page: {line}"), "text": format!("You are paged for {line}.\n\nAcknowledge in the incident's room, or with `goldseam ack {reference}`. Add a verified contact method and notification rules to be reached the way you choose."), "link": link}),
                incident_id: Some(incident.id),
                run_at: Some(start),
            });
        }
        Ok(jobs)
    }
}
