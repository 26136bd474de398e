//! The visibility rule of `goldseam_core::policy::can_view`, as SQL for list and stream queries.
//! The rule lives in core; this is its translation, and `tests/visibility.rs` checks both agree.

use crate::sql::SqlBuilder;
use goldseam_core::{Actor, UserRole};

/// Appends a condition true for the incidents (aliased `i`) the actor may see.
pub(crate) fn push_visible(q: &mut SqlBuilder, actor: &Actor) {
    if actor.role == UserRole::Admin {
        q.push(" AND 1 = 1");
        return;
    }
    q.push(" AND (i.private = 0 OR EXISTS (SELECT 1 FROM incident_participants p WHERE p.incident_id = i.id AND p.user_id = ");
    q.push_bind_id(actor.user_id);
    q.push("))");
}
