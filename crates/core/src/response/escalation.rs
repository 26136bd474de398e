//! Escalation policies: levels of targets notified one after another until someone
//! acknowledges, the whole list repeated a set number of times.

use crate::{DomainError, EscalationPolicyId, ScheduleId, TeamId, UserId};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Who a level notifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Target {
    /// One person.
    User(UserId),
    /// Whoever is on call in a schedule at that moment.
    Schedule(ScheduleId),
    /// A team: whoever is on call in the team's schedule.
    Team(TeamId),
    /// Hand over to another escalation policy (which must not lead back here).
    Policy(EscalationPolicyId),
}

/// One level: after `delay` from the previous level (or from the start, for the first),
/// notify every target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationLevel {
    /// Wait before this level, counted from when the previous one fired.
    pub delay: SignedDuration,
    /// Who to notify.
    pub targets: Vec<Target>,
}

/// An escalation policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationPolicy {
    /// Stored id (0 before it is saved).
    pub id: EscalationPolicyId,
    /// A name people recognise.
    pub name: String,
    /// The levels, in order.
    pub levels: Vec<EscalationLevel>,
    /// How many more times the whole list runs after the first pass (0 to 9).
    pub repeat: u32,
    /// Wait between the last level and the next pass.
    pub repeat_after: SignedDuration,
}

/// One firing of a level: `round` 0 is the first pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationStep {
    /// When it fires.
    pub at: Timestamp,
    /// Which pass.
    pub round: u32,
    /// Which level.
    pub level: usize,
}

impl EscalationPolicy {
    /// Every step of the policy for a page started at `start`, in order. An acknowledgement
    /// stops the steps after it; the caller checks that when each step comes due.
    pub fn steps(&self, start: Timestamp) -> Vec<EscalationStep> {
        let mut out = Vec::new();
        let mut at = start;
        for round in 0..=self.repeat {
            for (level, l) in self.levels.iter().enumerate() {
                let wait = if round > 0 && level == 0 {
                    self.repeat_after
                } else {
                    l.delay
                };
                at = at.checked_add(wait).unwrap_or(Timestamp::MAX);
                out.push(EscalationStep { at, round, level });
            }
        }
        out
    }

    /// Every problem with the policy's own shape at once, with field paths.
    pub fn validate(&self) -> Vec<DomainError> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() || self.name.chars().count() > 100 {
            errors.push(DomainError::invalid("name", "must be 1 to 100 characters"));
        }
        if self.levels.is_empty() {
            errors.push(DomainError::invalid("levels", "needs at least one level"));
        }
        if self.levels.len() > 10 {
            errors.push(DomainError::invalid("levels", "at most 10 levels"));
        }
        let day = SignedDuration::from_hours(24);
        for (i, l) in self.levels.iter().enumerate() {
            if l.delay.is_negative() || l.delay > day {
                errors.push(DomainError::invalid(
                    format!("levels[{i}].delay_minutes"),
                    "must be 0 to 1,440 minutes",
                ));
            }
            if i > 0 && l.delay.is_zero() {
                errors.push(DomainError::invalid(
                    format!("levels[{i}].delay_minutes"),
                    "must be at least 1 minute: a level after the first gives the one before a chance to acknowledge",
                ));
            }
            if l.targets.is_empty() {
                errors.push(DomainError::invalid(
                    format!("levels[{i}].targets"),
                    "needs at least one target",
                ));
            }
            if l.targets.contains(&Target::Policy(self.id))
                && self.id != EscalationPolicyId::UNSAVED
            {
                errors.push(DomainError::invalid(
                    format!("levels[{i}].targets"),
                    "a policy cannot hand over to itself",
                ));
            }
        }
        if self.repeat > 9 {
            errors.push(DomainError::invalid("repeat", "must be 0 to 9"));
        }
        if self.repeat > 0
            && (self.repeat_after < SignedDuration::from_mins(1) || self.repeat_after > day)
        {
            errors.push(DomainError::invalid(
                "repeat_after_minutes",
                "must be 1 to 1,440 minutes when the policy repeats",
            ));
        }
        errors
    }
}

/// A hand-over cycle among policies (`a → b → a`), as the list of policy ids around it, if
/// saving `candidate` (new or changed) would create one. `others` are the stored policies.
pub fn handover_cycle(
    candidate: &EscalationPolicy,
    others: &[EscalationPolicy],
) -> Option<Vec<EscalationPolicyId>> {
    let mut edges: HashMap<EscalationPolicyId, Vec<EscalationPolicyId>> = HashMap::new();
    let handovers = |p: &EscalationPolicy| -> Vec<EscalationPolicyId> {
        p.levels
            .iter()
            .flat_map(|l| l.targets.iter())
            .filter_map(|t| match t {
                Target::Policy(id) => Some(*id),
                _ => None,
            })
            .collect()
    };
    for p in others.iter().filter(|p| p.id != candidate.id) {
        edges.insert(p.id, handovers(p));
    }
    edges.insert(candidate.id, handovers(candidate));
    // Depth-first from the candidate: any path back to it is a cycle through it (cycles not
    // through the candidate were refused when their own policies were saved).
    let mut path = vec![candidate.id];
    let mut seen = HashSet::new();
    fn walk(
        node: EscalationPolicyId,
        goal: EscalationPolicyId,
        edges: &HashMap<EscalationPolicyId, Vec<EscalationPolicyId>>,
        path: &mut Vec<EscalationPolicyId>,
        seen: &mut HashSet<EscalationPolicyId>,
    ) -> bool {
        for &next in edges.get(&node).into_iter().flatten() {
            if next == goal {
                path.push(goal);
                return true;
            }
            if seen.insert(next) {
                path.push(next);
                if walk(next, goal, edges, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    walk(candidate.id, candidate.id, &edges, &mut path, &mut seen).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(id: i64, levels: Vec<(i64, Vec<Target>)>, repeat: u32) -> EscalationPolicy {
        EscalationPolicy {
            id: EscalationPolicyId::from_db(id),
            name: format!("policy {id}"),
            levels: levels
                .into_iter()
                .map(|(m, targets)| EscalationLevel {
                    delay: SignedDuration::from_mins(m),
                    targets,
                })
                .collect(),
            repeat,
            repeat_after: SignedDuration::from_mins(10),
        }
    }

    #[test]
    fn steps_follow_the_delays_and_repeat() {
        let p = policy(
            1,
            vec![
                (0, vec![Target::Schedule(ScheduleId::from_db(1))]),
                (5, vec![Target::User(UserId::from_db(2))]),
                (10, vec![Target::Team(TeamId::from_db(3))]),
            ],
            1,
        );
        let start: Timestamp = "2026-11-25T03:00:00Z".parse().unwrap();
        let got: Vec<(String, u32, usize)> = p
            .steps(start)
            .into_iter()
            .map(|s| (s.at.to_string(), s.round, s.level))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-11-25T03:00:00Z".to_string(), 0, 0),
                ("2026-11-25T03:05:00Z".to_string(), 0, 1),
                ("2026-11-25T03:15:00Z".to_string(), 0, 2),
                ("2026-11-25T03:25:00Z".to_string(), 1, 0),
                ("2026-11-25T03:30:00Z".to_string(), 1, 1),
                ("2026-11-25T03:40:00Z".to_string(), 1, 2),
            ]
        );
    }

    #[test]
    fn validation_names_every_bad_field() {
        let mut p = policy(
            4,
            vec![
                (0, vec![]),
                (0, vec![Target::Policy(EscalationPolicyId::from_db(4))]),
            ],
            12,
        );
        p.name = String::new();
        let fields: Vec<String> = p
            .validate()
            .into_iter()
            .map(|e| match e {
                DomainError::Invalid { field, .. } => field,
                other => panic!("{other}"),
            })
            .collect();
        assert_eq!(
            fields,
            [
                "name",
                "levels[0].targets",
                "levels[1].delay_minutes",
                "levels[1].targets",
                "repeat"
            ]
        );
        assert!(
            policy(1, vec![(0, vec![Target::User(UserId::from_db(1))])], 0)
                .validate()
                .is_empty()
        );
    }

    #[test]
    fn hand_over_cycles_are_found_with_their_path() {
        let a = policy(
            1,
            vec![(0, vec![Target::Policy(EscalationPolicyId::from_db(2))])],
            0,
        );
        let b = policy(
            2,
            vec![(0, vec![Target::Policy(EscalationPolicyId::from_db(3))])],
            0,
        );
        let c_ok = policy(3, vec![(0, vec![Target::User(UserId::from_db(9))])], 0);
        assert_eq!(handover_cycle(&c_ok, &[a.clone(), b.clone()]), None);
        let c_back = policy(
            3,
            vec![
                (0, vec![Target::User(UserId::from_db(9))]),
                (5, vec![Target::Policy(EscalationPolicyId::from_db(1))]),
            ],
            0,
        );
        let ids = |c: Vec<EscalationPolicyId>| {
            c.into_iter()
                .map(EscalationPolicyId::get)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            handover_cycle(&c_back, &[a, b]).map(ids),
            Some(vec![3, 1, 2, 3])
        );
    }
}
