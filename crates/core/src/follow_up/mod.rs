//! Follow-ups: the actions an incident leaves behind, carried to done or to a recorded decision.
//!
//! A follow-up belongs to an incident and lives on its timeline: adding one is a
//! `follow_up_added` event (whose id is the follow-up's), each change a `follow_up_changed`
//! event naming only what changed. A *proposed* follow-up is an idea; *committing* it takes an
//! owner and a due date, and only committed ones count toward on-time figures (a list of every
//! idea from a postmortem is not a promise). *Won't do* is a decision and carries its reason.

mod decide;
pub mod digest;
mod fields;
#[cfg(test)]
mod tests;

pub use decide::{add, change, FollowUpPatch, FollowUpState, NewFollowUp};
pub use fields::{FollowUpChanges, FollowUpStatus, Priority};

use jiff::civil::Date;

/// Whether a follow-up in `status` due on `due_on` is late on `today` (the day in its owner's
/// zone): committed or in progress, and due before today. A proposed one promised nothing.
pub fn is_overdue(status: FollowUpStatus, due_on: Option<Date>, today: Date) -> bool {
    status.is_promised() && due_on.is_some_and(|due| due < today)
}
