//! Who gets pulled in when an incident is declared: response rules (when type, severity,
//! service or tags match, page teams, add responders, inform stakeholders, make it private) and
//! escalation policies (levels of targets with delays, repeated until someone acknowledges).

mod awaiting;
mod escalation;
mod plan;
mod rules;

pub use awaiting::{starter_rules, AwaitedTeams, MAX_AWAITED};
pub use escalation::{handover_cycle, EscalationLevel, EscalationPolicy, EscalationStep, Target};
pub use plan::{plan, ResponsePlan};
pub use rules::{IncidentFacts, ResponseRule, RuleActions, RuleConditions};
