//! Whether each incident's fire is handled, as lists show it: how many pages were started, how
//! many acknowledged, and since when the oldest unacknowledged one waits.

use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::IncidentId;
use jiff::Timestamp;
use std::collections::HashMap;

/// One incident's pages, summed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PagingSummary {
    /// Pages started.
    pub pages: i64,
    /// Pages acknowledged.
    pub acknowledged: i64,
    /// When the oldest unacknowledged page started; `None` when none waits.
    pub waiting_since: Option<Timestamp>,
}

impl Store {
    /// The paging summary of each of `ids` that has pages (one query for a whole list).
    pub async fn paging_of(
        &self,
        ids: &[IncidentId],
    ) -> Result<HashMap<IncidentId, PagingSummary>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut q = SqlBuilder::new(
            "SELECT incident_id, COUNT(*) AS pages, COUNT(acknowledged_at) AS acknowledged, \
             MIN(CASE WHEN acknowledged_at IS NULL THEN started_at END) AS waiting_since \
             FROM pages WHERE incident_id IN (",
        );
        for (n, id) in ids.iter().enumerate() {
            q.push(if n == 0 { "" } else { ", " })
                .push_bind_i64(id.get());
        }
        q.push(") GROUP BY incident_id");
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.id("incident_id")?,
                    PagingSummary {
                        pages: r.col("pages")?,
                        acknowledged: r.col("acknowledged")?,
                        waiting_since: r.opt_time("waiting_since")?,
                    },
                ))
            })
            .collect()
    }
}
