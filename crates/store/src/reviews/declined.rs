//! Times people declined: a decline says "not then" whatever the calendar said, so every later
//! proposal for the same review treats each declined time as busy for whoever declined it.

use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::review::{Answer, BusyKind, BusyPeriod};
use goldseam_core::{EventPayload, IncidentId, UserId};
use std::collections::HashMap;

impl Store {
    /// For each person who declined an invitation to `r`'s review, the times they declined.
    pub async fn declined_review_times(
        &self,
        r: IncidentId,
    ) -> Result<HashMap<UserId, Vec<BusyPeriod>>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, data FROM events WHERE incident_id = $1 AND kind IN ('review_scheduled', 'review_answered') ORDER BY id",
        )
        .bind(r.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        let mut times = HashMap::new();
        let mut out: HashMap<UserId, Vec<BusyPeriod>> = HashMap::new();
        for row in &rows {
            let (kind, data): (String, String) = (row.col("kind")?, row.col("data")?);
            match EventPayload::from_parts(&kind, &data) {
                Ok(EventPayload::ReviewScheduled {
                    start,
                    end,
                    sequence,
                    ..
                }) => {
                    times.insert(sequence, (start, end));
                }
                Ok(EventPayload::ReviewAnswered {
                    user_id,
                    answer: Answer::Declined,
                    sequence,
                }) => {
                    if let Some((start, end)) = times.get(&sequence) {
                        out.entry(user_id).or_default().push(BusyPeriod {
                            start: *start,
                            end: *end,
                            kind: BusyKind::Busy,
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }
}
