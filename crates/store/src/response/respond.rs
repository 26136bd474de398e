//! The response to a declaration, run by the delivery engine as a `respond` job (enqueued in
//! the declaration's own transaction, so a crash cannot lose it): the incident manager on call
//! takes the incident, rule responders join, teams and people are paged, stakeholders informed.
//! Running it again after a crash does nothing twice: pages are one per target, jobs have
//! deterministic keys, and role changes that change nothing are skipped.

use super::pages::{job_prefix, Page};
use super::reach::TeamPage;
use crate::incidents::Change;
use crate::jobs::NewJob;
use crate::{Store, StoreError};
use goldseam_core::people::Urgency;
use goldseam_core::response::{plan, IncidentFacts, ResponseRule};
use goldseam_core::role::{INCIDENT_MANAGER, RESPONDER};
use goldseam_core::text::Reason;
use goldseam_core::EventPayload;
use goldseam_core::{
    Actor, Command, EscalationPolicyId, IncidentId, PageId, ResponseRuleId, ScheduleId, Tag, UserId,
};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The `respond` job's payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RespondJob {
    /// The declared incident.
    pub incident_id: IncidentId,
}

/// The `escalate` job's payload: one level of a page, due at the job's run time.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EscalateJob {
    /// The page.
    pub page_id: PageId,
    /// The policy whose level this is; none for a page to one person.
    pub policy_id: Option<EscalationPolicyId>,
    /// The pass through the policy (0 first).
    pub round: u32,
    /// The level.
    pub level: usize,
}

/// The job that runs the response to incident `id`; written with the declaration.
pub fn respond_job(incident_id: IncidentId) -> NewJob {
    NewJob {
        kind: "respond".into(),
        // One destination per incident: responses are work, not messages to one peer, so the
        // per-destination cap of a claim must not queue a burst of declarations behind itself.
        destination: format!("respond:{incident_id}"),
        idempotency_key: format!("respond:{incident_id}"),
        payload: json!(RespondJob { incident_id }),
        incident_id: Some(incident_id),
        run_at: None,
    }
}

fn escalate_job(page: &Page, step: EscalateJob, at: Timestamp) -> NewJob {
    let key = format!(
        "{}p{}:r{}:l{}",
        job_prefix(page.id),
        step.policy_id.map_or(0, EscalationPolicyId::get),
        step.round,
        step.level
    );
    NewJob {
        kind: "escalate".into(),
        destination: format!("page:{}", page.id),
        idempotency_key: key,
        payload: json!(step),
        incident_id: Some(page.incident_id),
        run_at: Some(at),
    }
}

impl Store {
    /// What the response rules decide while the declaration is written: whether they make it
    /// private (then it is private from its first event, never visible to everyone for a
    /// moment), and whether there is anything to respond with at all (rules or an incident
    /// manager schedule), in which case the `respond` job is written with it.
    pub(crate) async fn response_at_declaration(
        &self,
        payloads: &mut [goldseam_core::EventPayload],
    ) -> Result<bool, StoreError> {
        let config = self.response_config().await?;
        let rules = &config.rules;
        let has_manager = config.manager.is_some();
        if rules.iter().all(|r| !r.enabled) {
            return Ok(has_manager);
        }
        let mut facts = IncidentFacts {
            incident_type: String::new(),
            severity: String::new(),
            services: Vec::new(),
            tags: Vec::new(),
        };
        for p in payloads.iter() {
            match p {
                goldseam_core::EventPayload::Declared {
                    severity,
                    incident_type,
                    ..
                } => {
                    facts.severity = severity.to_string();
                    facts.incident_type = incident_type.to_string();
                }
                goldseam_core::EventPayload::ServiceAdded { service_id } => {
                    facts.services.push(*service_id)
                }
                goldseam_core::EventPayload::TagAdded { tag, .. } => {
                    facts.tags.extend(Tag::parse("tag", tag).ok())
                }
                _ => {}
            }
        }
        let plan = plan(rules, &facts, &self.catalog());
        if plan.make_private {
            let names: Vec<&str> = rules
                .iter()
                .filter(|r| plan.matched.contains(&r.id) && r.then.make_private)
                .map(|r| r.name.as_str())
                .collect();
            for p in payloads.iter_mut() {
                if let goldseam_core::EventPayload::Declared {
                    private,
                    private_because,
                    ..
                } = p
                {
                    // A rule overrides the declarer's "public": say which.
                    if !*private || private_because.is_some() {
                        *private_because = Some(format!("by rule: {}", names.join(", ")));
                    }
                    *private = true;
                }
            }
        }
        Ok(has_manager || !plan.matched.is_empty())
    }

    /// Who is on call in a schedule at `t`, if anyone.
    pub async fn on_call_at(
        &self,
        schedule_id: ScheduleId,
        t: Timestamp,
    ) -> Result<Option<UserId>, StoreError> {
        let stored = self.schedule(schedule_id).await?;
        let end = t.checked_add(SignedDuration::from_secs(1)).unwrap_or(t);
        Ok(self
            .resolvable_schedule(&stored, t, end)
            .await?
            .on_call_at(t))
    }

    /// Runs the response to a declared incident (see the module documentation). `public_url`
    /// makes the links in messages.
    pub async fn respond(
        &self,
        incident_id: IncidentId,
        public_url: &str,
    ) -> Result<(), StoreError> {
        let r = incident_id;
        let incident = self.incident(&Actor::GOLDSEAM, r).await?;
        let catalog = self.catalog();
        let facts = IncidentFacts {
            incident_type: incident.incident_type.to_string(),
            severity: incident.severity.to_string(),
            services: incident.services.clone(),
            tags: incident
                .tags
                .iter()
                .filter_map(|t| Tag::parse("tag", t).ok())
                .collect(),
        };
        let config = self.response_config().await?;
        let rules = &config.rules;
        let plan = plan(rules, &facts, &catalog);
        let rule_names = |ids: &[ResponseRuleId]| -> String {
            ids.iter()
                .filter_map(|id| rules.iter().find(|r| r.id == *id))
                .map(|r| r.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let now = self.now();

        // Who takes which role, decided against the incident as it is now: someone who took the
        // incident manager role by hand keeps it.
        let mut changes = Vec::new();
        // What Goldseam records as it goes: who was informed, what could not be done.
        let mut records = Vec::new();
        // The incident manager is always woken; the rules' pages are as urgent as they say.
        let mut direct: Vec<(UserId, String, Urgency)> = Vec::new();
        if let Some(setting) = &config.manager {
            let serious = match (
                catalog.severity(&setting.min_severity),
                catalog.severity(incident.severity.as_str()),
            ) {
                (Ok(min), Ok(sev)) => sev.rank <= min.rank,
                _ => false,
            };
            let has_manager = incident.roles.iter().any(|h| h.role == INCIDENT_MANAGER);
            if serious && !has_manager {
                match self.on_call_at(setting.schedule_id, now).await {
                    Ok(Some(user_id)) => {
                        changes.push(Change::Core(Command::AssignRole {
                            role: INCIDENT_MANAGER.into(),
                            user_id,
                        }));
                        direct.push((user_id, "incident manager on call".into(), Urgency::High));
                    }
                    Ok(None) => records.push(EventPayload::ResponseGap {
                        rule: None,
                        action: "page".into(),
                        target: "the incident manager on call".into(),
                        problem: "nobody is on call in the incident-manager schedule".into(),
                    }),
                    Err(e) => {
                        tracing::warn!(%incident_id, error = %e, "the incident-manager schedule could not be read")
                    }
                }
            }
        }
        for user_id in &plan.responders {
            changes.push(Change::Core(Command::AssignRole {
                role: RESPONDER.into(),
                user_id: *user_id,
            }));
            direct.push((
                *user_id,
                format!("responder by rule: {}", rule_names(&plan.matched)),
                plan.urgency,
            ));
        }
        if plan.make_private && !incident.private {
            changes.push(Change::Core(Command::SetPrivate {
                private: true,
                reason: Reason::parse("reason", &format!("by rule: {}", rule_names(&plan.matched)))
                    .ok(),
            }));
        }
        let matched: Vec<&ResponseRule> = rules
            .iter()
            .filter(|r| plan.matched.contains(&r.id))
            .collect();
        let reached = self.reach(&matched, now).await?;
        records.extend(reached.gaps);
        for (people, reason) in &reached.informed {
            records.push(EventPayload::Informed {
                user_ids: people.iter().map(|(id, _)| *id).collect(),
                reason: reason.clone(),
            });
        }
        // A run after a crash records nothing twice.
        if !records.is_empty() && !self.response_recorded(incident_id).await? {
            changes.extend(records.into_iter().map(Change::Record));
        }
        if !changes.is_empty() {
            self.change(&Actor::GOLDSEAM, r, &changes, None, true)
                .await?;
        }

        // Pages, one per target however often this runs.
        let existing = self.pages_of(incident_id).await?;
        let mut pages = Vec::new();
        for (user_id, reason, urgency) in direct {
            if !existing
                .iter()
                .any(|p| p.user_id == Some(user_id) && p.policy_id.is_none())
                && !pages.iter().any(|(_, u, _, _)| *u == Some(user_id))
            {
                pages.push((None, Some(user_id), reason, urgency));
            }
        }
        for TeamPage { target, reason } in reached.pages {
            let seen = existing.iter().any(|p| (p.policy_id, p.user_id) == target)
                || pages.iter().any(|(p, u, _, _)| (*p, *u) == target);
            if !seen {
                pages.push((target.0, target.1, reason, plan.urgency));
            }
        }
        let mut jobs = Vec::new();
        for (policy_id, user_id, reason, urgency) in pages {
            let page = self
                .start_page(
                    &Actor::GOLDSEAM,
                    incident_id,
                    policy_id,
                    user_id,
                    &reason,
                    urgency,
                )
                .await?;
            jobs.extend(self.page_steps(&page, policy_id, now).await?);
        }

        // Stakeholders are told, not woken: one email each.
        let mut informed: Vec<(UserId, String)> = Vec::new();
        for (user_id, email) in reached.informed.into_iter().flat_map(|(people, _)| people) {
            if !informed.iter().any(|(id, _)| *id == user_id) {
                informed.push((user_id, email));
            }
        }
        for (user_id, email) in informed {
            jobs.push(NewJob {
                kind: "email".into(),
                destination: format!("email:{email}"),
                idempotency_key: format!("inform:{incident_id}:{user_id}"),
                payload: json!({
                    "to": email,
                    "subject": format!("[{}] {} declared: {}", incident_id.reference(), incident.severity, incident.title),
                    "text": format!("You are informed of {} ({}): {}\n\nFollow it without being paged.", incident_id.reference(), incident.severity, incident.title),
                    "link": incident_link(public_url, incident_id),
                }),
                incident_id: Some(incident_id),
                run_at: None,
            });
        }
        if !jobs.is_empty() {
            self.enqueue_all(&jobs).await?;
        }
        Ok(())
    }

    /// Whether an earlier run of this response already recorded what it informed and could
    /// not do.
    async fn response_recorded(&self, incident_id: IncidentId) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM events WHERE incident_id = $1 AND kind IN ('informed', 'response_gap') AND actor_id IS NULL LIMIT 1",
        )
        .bind(incident_id.get())
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        Ok(found.is_some())
    }

    /// How a team is paged: through its escalation policy, else whoever is on call in its
    /// schedule now, as (policy, person); `None` when it has neither, or nobody is on call.
    pub(super) async fn team_page_target(
        &self,
        team: &crate::people::Team,
        now: Timestamp,
    ) -> Result<Option<(Option<EscalationPolicyId>, Option<UserId>)>, StoreError> {
        Ok(match (team.escalation_policy_id, team.schedule_id) {
            (Some(p), _) => Some((Some(p), None)),
            (None, Some(s)) => self.on_call_at(s, now).await?.map(|u| (None, Some(u))),
            (None, None) => None,
        })
    }

    /// The escalation jobs of a page following `policy_id` (or, with none, its one person),
    /// starting at `start`.
    pub(super) async fn page_steps(
        &self,
        page: &Page,
        policy_id: Option<EscalationPolicyId>,
        start: Timestamp,
    ) -> Result<Vec<NewJob>, StoreError> {
        let Some(policy_id) = policy_id else {
            return Ok(vec![escalate_job(
                page,
                EscalateJob {
                    page_id: page.id,
                    policy_id: None,
                    round: 0,
                    level: 0,
                },
                start,
            )]);
        };
        let policy = self.escalation_policy(policy_id).await?;
        Ok(policy
            .steps(start)
            .into_iter()
            .map(|s| {
                escalate_job(
                    page,
                    EscalateJob {
                        page_id: page.id,
                        policy_id: Some(policy_id),
                        round: s.round,
                        level: s.level,
                    },
                    s.at,
                )
            })
            .collect())
    }
}

/// The incident room's address.
pub fn incident_link(public_url: &str, incident_id: IncidentId) -> String {
    format!(
        "{}/incidents/{}",
        public_url.trim_end_matches('/'),
        incident_id.reference()
    )
}
