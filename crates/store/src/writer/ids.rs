//! Taking a batch's event ids and incident numbers. The batch took the counters when it began
//! (see `Backend::begin_batch`): where several writers run (PostgreSQL) their row stays locked
//! from then to COMMIT, so ids follow commit order and INC numbers have no gaps (a rolled-back
//! batch gives its numbers back); where the single writer owns the database (SQLite), it knows
//! them from its last commit. Either way the new values are written with the batch's plan.

use crate::backend::Counters;
use crate::plan::{Arg, Plan, Stmt};

/// Takes `events` ids and `declared` numbers after `before` for a batch whose statements go
/// into `plan`; returns the counters after it.
pub(super) fn take(plan: &mut Plan, before: Counters, events: i64, declared: i64) -> Counters {
    let after = Counters {
        event: before.event + events,
        incident: before.incident + declared,
    };
    plan.push(Stmt::new(
        "UPDATE counters SET value = CASE name WHEN 'event' THEN $1 ELSE $2 END WHERE name IN ('event', 'incident')",
        vec![Arg::I64(after.event), Arg::I64(after.incident)],
    ));
    after
}
