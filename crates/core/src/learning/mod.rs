//! The learning flow: what an incident owes before it may close. Admins choose, per severity and
//! type, the steps (postmortem drafted, reviewed, review meeting held, follow-ups committed,
//! published, distributed), each owned by an incident role and due some business days after the
//! incident was resolved, in its owner's time zone ([`policy`]). Each step completes by itself from
//! the real event; an admin may waive one with a reason ([`checklist`]). Closing with steps open
//! is refused, naming them. After closing, participants may say how the response went
//! ([`feedback`]).

mod checklist;
mod days;
mod feedback;
mod policy;
mod step;

pub use checklist::{
    check_waiver, checklist, close_blockers, close_refusal, LearningFacts, StepOwner, StepState,
    Waiver,
};
pub use days::add_business_days;
pub use feedback::{summarize, Feedback, FeedbackSummary, MAX_COMMENT};
pub use policy::{
    default_learning_policy, validate_learning_policy, LearningPolicy, LearningRule, StepRule,
    MAX_DUE_DAYS, MAX_LEARNING_RULES,
};
pub use step::Step;

#[cfg(test)]
mod tests;
