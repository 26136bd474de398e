//! The incident lifecycle: triage -> active -> mitigated -> resolved -> closed, or canceled.
//!
//! The rules, in words (docs/incidents.md repeats them for users):
//! - While open (triage, active, mitigated) an incident may move forward, skipping steps
//!   (a quick fix goes straight from active to resolved), and may fall back from mitigated to active.
//!   It never returns to triage once someone has picked it up.
//! - Resolved incidents may be closed (the postmortem is done) or reopened to active.
//! - Closed incidents may only be reopened, to active.
//! - An open incident may be canceled as a false alarm, which needs a reason; a canceled incident
//!   may be reopened, to triage or active.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where an incident is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Declared; nobody has confirmed or picked it up yet.
    Triage,
    /// Being worked on.
    Active,
    /// The impact is stopped; the cause may not be fixed yet.
    Mitigated,
    /// Fixed.
    Resolved,
    /// Done, follow-up included.
    Closed,
    /// A false alarm.
    Canceled,
}

/// How a transition should be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionKind {
    /// A move within the normal flow.
    Forward,
    /// From mitigated back to active: the fix did not hold.
    Regressed,
    /// From resolved, closed or canceled back to open.
    Reopened,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::Triage,
        Status::Active,
        Status::Mitigated,
        Status::Resolved,
        Status::Closed,
        Status::Canceled,
    ];

    /// The wire and stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Triage => "triage",
            Status::Active => "active",
            Status::Mitigated => "mitigated",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Canceled => "canceled",
        }
    }

    /// The name people read (`Triage`, `Mitigated`).
    pub fn label(self) -> &'static str {
        match self {
            Status::Triage => "Triage",
            Status::Active => "Active",
            Status::Mitigated => "Mitigated",
            Status::Resolved => "Resolved",
            Status::Closed => "Closed",
            Status::Canceled => "Canceled",
        }
    }

    /// Parses a wire or stored name.
    pub fn parse(field: &str, s: &str) -> Result<Status, DomainError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| {
                DomainError::invalid(
                    field,
                    format!(
                        "unknown status {s:?}; valid statuses are {}",
                        Self::ALL.map(Status::as_str).join(", ")
                    ),
                )
            })
    }

    /// Whether the incident still needs a response (shown on the dashboard).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Triage | Status::Active | Status::Mitigated)
    }

    /// The statuses reachable from this one.
    pub fn allowed_next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Triage => &[Active, Mitigated, Resolved, Canceled],
            Active => &[Mitigated, Resolved, Canceled],
            Mitigated => &[Active, Resolved, Canceled],
            Resolved => &[Closed, Active],
            Closed => &[Active],
            Canceled => &[Triage, Active],
        }
    }

    /// Checks a move to `to`, and says how to record it. Canceling needs a reason.
    pub fn transition(self, to: Status, has_reason: bool) -> Result<TransitionKind, DomainError> {
        if self == to {
            return Err(DomainError::NoChange(format!(
                "the incident is already {}",
                to.as_str()
            )));
        }
        if !self.allowed_next().contains(&to) {
            return Err(DomainError::IllegalTransition {
                from: self.as_str().into(),
                to: to.as_str().into(),
                allowed: self
                    .allowed_next()
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect(),
            });
        }
        if to == Status::Canceled && !has_reason {
            return Err(DomainError::invalid(
                "reason",
                "is required to cancel an incident: say why it was a false alarm",
            ));
        }
        Ok(if !self.is_open() && to.is_open() {
            TransitionKind::Reopened
        } else if self == Status::Mitigated && to == Status::Active {
            TransitionKind::Regressed
        } else {
            TransitionKind::Forward
        })
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn the_happy_path_is_allowed() {
        for (from, to) in [
            (Triage, Active),
            (Active, Mitigated),
            (Mitigated, Resolved),
            (Resolved, Closed),
        ] {
            assert_eq!(from.transition(to, false), Ok(TransitionKind::Forward));
        }
    }

    #[test]
    fn illegal_moves_say_what_is_allowed() {
        let err = Closed.transition(Resolved, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot move an incident from closed to resolved; from closed it can move to active"
        );
        assert!(Active.transition(Triage, false).is_err());
        assert!(Resolved.transition(Mitigated, false).is_err());
        assert!(matches!(
            Active.transition(Active, false),
            Err(DomainError::NoChange(_))
        ));
    }

    #[test]
    fn canceling_needs_a_reason() {
        assert!(Active.transition(Canceled, false).is_err());
        assert_eq!(
            Active.transition(Canceled, true),
            Ok(TransitionKind::Forward)
        );
        assert!(Resolved.transition(Canceled, true).is_err());
    }

    #[test]
    fn reopening_and_regressing_are_recognized() {
        assert_eq!(
            Resolved.transition(Active, false),
            Ok(TransitionKind::Reopened)
        );
        assert_eq!(
            Closed.transition(Active, false),
            Ok(TransitionKind::Reopened)
        );
        assert_eq!(
            Canceled.transition(Triage, false),
            Ok(TransitionKind::Reopened)
        );
        assert_eq!(
            Mitigated.transition(Active, false),
            Ok(TransitionKind::Regressed)
        );
    }

    #[test]
    fn every_status_can_eventually_be_closed_or_canceled() {
        for s in Status::ALL {
            let reach = |target: Status| {
                let mut seen = vec![s];
                let mut i = 0;
                while i < seen.len() {
                    for n in seen[i].allowed_next() {
                        if !seen.contains(n) {
                            seen.push(*n);
                        }
                    }
                    i += 1;
                }
                seen.contains(&target)
            };
            assert!(reach(Closed), "{s} cannot reach closed");
        }
    }
}
