//! The learning flow in storage: the policy admins set (one JSON document in the settings
//! table), each incident's checklist computed from its events and follow-ups (so a step is done
//! exactly when the real thing happened, and nothing can drift), waivers and the review meeting
//! recorded as events, and the check that refuses to close an incident with steps open.

mod due;
mod facts;
mod feedback;

pub use due::TeamDue;
pub use feedback::StoredFeedback;

use crate::incidents::Change;
use crate::{Store, StoreError};
use goldseam_core::learning::{
    check_waiver, checklist, close_blockers, close_refusal, default_learning_policy,
    validate_learning_policy, LearningPolicy, Step, StepOwner, StepState,
};
use goldseam_core::role::INCIDENT_MANAGER;
use goldseam_core::text::Reason;
use goldseam_core::{
    Actor, Command, DomainError, EventPayload, IncidentId, IncidentState, Status, UserRole,
};
use jiff::tz::TimeZone;

const KEY: &str = "learning_policy";

/// One incident's checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// The rule it follows.
    pub rule: String,
    /// Its steps as they stand.
    pub steps: Vec<StepState>,
}

impl Store {
    /// The learning policy, and whether an admin saved it (false: the default).
    pub async fn learning_policy(&self) -> Result<(LearningPolicy, bool), StoreError> {
        Ok(match self.json_setting(KEY).await? {
            Some(policy) => (policy, true),
            None => (default_learning_policy(&self.catalog()), false),
        })
    }

    /// Replaces the learning policy (admins only); every problem is refused before anything is
    /// written.
    pub async fn set_learning_policy(
        &self,
        actor: &Actor,
        policy: &LearningPolicy,
    ) -> Result<LearningPolicy, StoreError> {
        goldseam_core::policy::ensure_admin(actor)?;
        let policy = validate_learning_policy(policy, &self.catalog())
            .map_err(|errors| errors.into_iter().next().expect("refusals name a problem"))?;
        self.put_json_setting(KEY, &policy).await?;
        Ok(policy)
    }

    /// The checklist of incident `r` (which `actor` must be able to see); `None` when no rule
    /// asks anything of it.
    pub async fn learning_checklist(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<Option<Checklist>, StoreError> {
        let incident = self.incident(actor, r).await?;
        self.checklist_of(&incident).await
    }

    pub(crate) async fn checklist_of(
        &self,
        incident: &IncidentState,
    ) -> Result<Option<Checklist>, StoreError> {
        let (policy, _) = self.learning_policy().await?;
        let Some(rule) = policy
            .rule_for(incident.severity.as_str(), incident.incident_type.as_str())
            .cloned()
        else {
            return Ok(None);
        };
        let facts = self.learning_facts(incident).await?;
        // Each role's holder and their zone; a role nobody holds falls to the incident manager.
        let mut owners = std::collections::BTreeMap::new();
        for step in &rule.steps {
            if owners.contains_key(&step.owner_role) {
                continue;
            }
            let holder = |role: &str| {
                incident
                    .roles
                    .iter()
                    .find(|h| h.role.as_str() == role)
                    .map(|h| h.user_id)
            };
            let user_id = holder(&step.owner_role).or_else(|| holder(INCIDENT_MANAGER));
            let zone = match user_id {
                Some(u) => self
                    .profile(u)
                    .await?
                    .time_zone
                    .and_then(|z| TimeZone::get(z.as_str()).ok())
                    .unwrap_or(TimeZone::UTC),
                None => TimeZone::UTC,
            };
            owners.insert(step.owner_role.clone(), StepOwner { user_id, zone });
        }
        let steps = checklist(
            &rule.steps,
            &facts,
            |role| {
                owners.get(role).cloned().unwrap_or(StepOwner {
                    user_id: None,
                    zone: TimeZone::UTC,
                })
            },
            self.now(),
        );
        Ok(Some(Checklist {
            rule: rule.name,
            steps,
        }))
    }

    /// Refuses a change that closes `r` while its checklist has steps neither done nor waived.
    pub(crate) async fn ensure_may_close(
        &self,
        r: IncidentId,
        changes: &[Change],
    ) -> Result<(), StoreError> {
        let closes = changes.iter().any(|c| {
            matches!(
                c,
                Change::Core(Command::ChangeStatus {
                    to: Status::Closed,
                    ..
                })
            )
        });
        if !closes {
            return Ok(());
        }
        let incident = self.incident(&Actor::GOLDSEAM, r).await?;
        // Only a resolved incident may close; core says so for the others, in its own words.
        if incident.status != Status::Resolved {
            return Ok(());
        }
        if let Some(list) = self.checklist_of(&incident).await? {
            let open = close_blockers(&list.steps);
            if !open.is_empty() {
                return Err(close_refusal(&open).into());
            }
        }
        Ok(())
    }

    /// Waives a step of `r`'s checklist (admins), with the reason on the timeline.
    pub async fn waive_learning_step(
        &self,
        actor: &Actor,
        r: IncidentId,
        step: Step,
        reason: &Reason,
    ) -> Result<Checklist, StoreError> {
        let incident = self.incident(actor, r).await?;
        let steps = self
            .checklist_of(&incident)
            .await?
            .map(|c| c.steps)
            .unwrap_or_default();
        check_waiver(&steps, step, actor.role == UserRole::Admin)?;
        let waived = EventPayload::LearningStepWaived {
            step,
            reason: reason.as_str().to_string(),
        };
        self.change(actor, r, &[Change::Record(waived)], None, false)
            .await?;
        self.learning_checklist(actor, r)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("the checklist of {}", r.reference())))
    }

    /// Records that the review meeting of `r` was held (once).
    pub async fn record_review_meeting(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<(), StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        let incident = self.incident(actor, r).await?;
        if self
            .learning_facts(&incident)
            .await?
            .done
            .contains_key(&Step::MeetingHeld)
        {
            return Err(
                DomainError::Conflict("the review meeting is recorded already".into()).into(),
            );
        }
        self.change(
            actor,
            r,
            &[Change::Record(EventPayload::ReviewMeetingHeld {
                attended: Vec::new(),
            })],
            None,
            false,
        )
        .await?;
        Ok(())
    }
}
