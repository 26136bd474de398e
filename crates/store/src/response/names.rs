//! Names of the things rules and policies point at, to check they exist and to show them.

use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use std::collections::HashMap;

/// A kind of thing a rule or policy refers to by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Referenced {
    /// A user (active or not).
    User,
    /// A team.
    Team,
    /// An on-call schedule.
    Schedule,
    /// An escalation policy.
    Policy,
    /// A service.
    Service,
}

impl Referenced {
    fn table(self) -> &'static str {
        match self {
            Referenced::User => "users",
            Referenced::Team => "teams",
            Referenced::Schedule => "schedules",
            Referenced::Policy => "escalation_policies",
            Referenced::Service => "services",
        }
    }
}

impl Store {
    /// The names of those of `ids` that exist; a missing id is simply absent from the map.
    pub async fn names_of(
        &self,
        kind: Referenced,
        ids: &[i64],
    ) -> Result<HashMap<i64, String>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut q = SqlBuilder::new(&format!(
            "SELECT id, name FROM {} WHERE id IN (",
            kind.table()
        ));
        for (n, id) in ids.iter().enumerate() {
            q.push(if n == 0 { "" } else { ", " }).push_bind_i64(*id);
        }
        q.push(")");
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter()
            .map(|r| Ok((r.col::<i64>("id")?, r.col::<String>("name")?)))
            .collect()
    }
}
