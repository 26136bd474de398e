//! One incident's checklist: each step of the rule it follows, who owns it, when it is due, and
//! whether it is done (from the real event) or waived. Closing waits for every step to be one or
//! the other.

use super::days::add_business_days;
use super::policy::StepRule;
use super::step::Step;
use crate::error::DomainError;
use crate::UserId;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::collections::BTreeMap;

/// An admin's decision that a step is not owed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub by: Option<UserId>,
    pub reason: String,
    pub at: Timestamp,
}

/// What the incident did, read from its events and follow-ups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearningFacts {
    /// When it was last resolved: due dates count from it (none yet: nothing is due).
    pub resolved_at: Option<Timestamp>,
    /// When each step was done.
    pub done: BTreeMap<Step, Timestamp>,
    /// The steps waived.
    pub waived: BTreeMap<Step, Waiver>,
}

/// Who owns a step on this incident, and the zone their business days are counted in.
#[derive(Debug, Clone)]
pub struct StepOwner {
    pub user_id: Option<UserId>,
    pub zone: TimeZone,
}

/// One step of the checklist as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepState {
    pub step: Step,
    pub owner_role: String,
    pub owner: Option<UserId>,
    /// The day it is due in its owner's zone; none until the incident is resolved.
    pub due_on: Option<Date>,
    pub done_at: Option<Timestamp>,
    pub waived: Option<Waiver>,
    /// Not done, not waived, and its day has passed in its owner's zone.
    pub overdue: bool,
}

impl StepState {
    /// Done or waived.
    pub fn settled(&self) -> bool {
        self.done_at.is_some() || self.waived.is_some()
    }
}

/// The checklist of `steps` given what happened; `owner_of` says who holds a role and their zone.
pub fn checklist(
    steps: &[StepRule],
    facts: &LearningFacts,
    owner_of: impl Fn(&str) -> StepOwner,
    now: Timestamp,
) -> Vec<StepState> {
    steps
        .iter()
        .map(|rule| {
            let owner = owner_of(&rule.owner_role);
            let due_on = facts
                .resolved_at
                .map(|at| add_business_days(at, &owner.zone, rule.due_business_days));
            let done_at = facts.done.get(&rule.step).copied();
            let waived = facts.waived.get(&rule.step).cloned();
            let today = now.to_zoned(owner.zone.clone()).date();
            let overdue =
                done_at.is_none() && waived.is_none() && due_on.is_some_and(|due| due < today);
            StepState {
                step: rule.step,
                owner_role: rule.owner_role.clone(),
                owner: owner.user_id,
                due_on,
                done_at,
                waived,
                overdue,
            }
        })
        .collect()
}

/// The steps that keep the incident from closing: neither done nor waived.
pub fn close_blockers(states: &[StepState]) -> Vec<Step> {
    states
        .iter()
        .filter(|s| !s.settled())
        .map(|s| s.step)
        .collect()
}

/// Why closing is refused: the open steps, named.
pub fn close_refusal(blockers: &[Step]) -> DomainError {
    let names: Vec<&str> = blockers.iter().map(|s| s.label()).collect();
    DomainError::Conflict(format!(
        "the incident still owes {}: {}; finish {} or ask an admin to waive {} with a reason",
        if blockers.len() == 1 {
            "a step"
        } else {
            "steps"
        },
        names.join(", "),
        if blockers.len() == 1 { "it" } else { "them" },
        if blockers.len() == 1 { "it" } else { "them" },
    ))
}

/// Whether `step` may be waived now: only one the incident owes, not done, not already waived
/// (a second waiver would rewrite the first one's reason), and by an admin.
pub fn check_waiver(states: &[StepState], step: Step, admin: bool) -> Result<(), DomainError> {
    if !admin {
        return Err(DomainError::Forbidden(
            "only admins waive a step of the learning flow".into(),
        ));
    }
    let Some(state) = states.iter().find(|s| s.step == step) else {
        return Err(DomainError::invalid(
            "step",
            format!(
                "this incident does not owe {:?} ({})",
                step.as_str(),
                step.label()
            ),
        ));
    };
    if state.done_at.is_some() {
        return Err(DomainError::Conflict(format!(
            "{} is done already; there is nothing to waive",
            step.label()
        )));
    }
    if let Some(w) = &state.waived {
        return Err(DomainError::Conflict(format!(
            "{} was waived already: {}",
            step.label(),
            w.reason
        )));
    }
    Ok(())
}
