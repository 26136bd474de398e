//! The fairness ledger: for each person, the minutes of review meetings they sat through outside
//! their core hours. The picker weighs a slot's hardship by it, so the early or late slot moves
//! between zones from one review to the next instead of always landing on the same people.

use crate::{Store, StoreError};
use goldseam_core::UserId;
use std::collections::HashMap;

impl Store {
    /// The ledger minutes of `users` (0 for people never charged).
    pub async fn review_ledger(
        &self,
        users: &[UserId],
    ) -> Result<HashMap<UserId, i64>, StoreError> {
        let mut out: HashMap<UserId, i64> = users.iter().map(|u| (*u, 0)).collect();
        if users.is_empty() {
            return Ok(out);
        }
        let mut q = crate::sql::SqlBuilder::new(
            "SELECT user_id, minutes FROM review_ledger WHERE user_id IN (",
        );
        for (i, u) in users.iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " }).push_bind_id(*u);
        }
        q.push(")");
        let (sql, args) = q.finish();
        let rows: Vec<(i64, i64)> = sqlx::query_as_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        for (user, minutes) in rows {
            out.insert(UserId::from_db(user), minutes);
        }
        Ok(out)
    }

    /// Adds each person's hardship minutes for a booked slot to their ledger.
    pub async fn charge_review_ledger(&self, charges: &[(UserId, i64)]) -> Result<(), StoreError> {
        let mut conn = self.writer().await?;
        for (user, minutes) in charges.iter().filter(|(_, m)| *m > 0) {
            sqlx::query("INSERT INTO review_ledger (user_id, minutes) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET minutes = review_ledger.minutes + excluded.minutes")
                .bind(user.get())
                .bind(*minutes)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}
