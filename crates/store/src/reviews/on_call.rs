//! On-call shifts as busy time, when the review policy says so: someone holding the pager
//! should not be booked into an hour-long review, however free their calendar looks.

use crate::{Store, StoreError};
use goldseam_core::review::{BusyKind, BusyPeriod};
use goldseam_core::UserId;
use jiff::Timestamp;
use std::collections::HashMap;

impl Store {
    /// Each of `users`' on-call shifts overlapping `from..until`, across every schedule they
    /// are on (layers and overrides).
    pub async fn on_call_busy(
        &self,
        users: &[UserId],
        from: Timestamp,
        until: Timestamp,
    ) -> Result<HashMap<UserId, Vec<BusyPeriod>>, StoreError> {
        let mut out: HashMap<UserId, Vec<BusyPeriod>> = HashMap::new();
        for user in users {
            for stored in self.schedules_of_user(*user, from).await? {
                let schedule = self.resolvable_schedule(&stored, from, until).await?;
                for shift in schedule.shifts(from, until) {
                    if shift.user == *user {
                        out.entry(*user).or_default().push(BusyPeriod {
                            start: shift.start,
                            end: shift.end,
                            kind: BusyKind::Busy,
                        });
                    }
                }
            }
        }
        Ok(out)
    }
}
