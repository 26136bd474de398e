//! Postmortems across incidents, for the list page: the ones the reader may see, with what a
//! team follows them by (state, severity, who owns the incident, how long it has been open).

use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::postmortem::ReviewState;
use goldseam_core::{Actor, IncidentId};
use jiff::Timestamp;

/// One row of the postmortems list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostmortemListItem {
    pub incident_id: IncidentId,
    pub title: String,
    pub severity: String,
    pub state: ReviewState,
    pub version: i64,
    pub opened_at: Timestamp,
    pub updated_at: Timestamp,
    /// The incident manager (the owner of the write-up), when the incident has one.
    pub owner: Option<String>,
}

/// How many rows one page of the list holds at most.
pub const LIST_LIMIT: i64 = 200;

impl Store {
    /// The postmortems `actor` may see, most recently changed first; only those in `state` when
    /// given.
    pub async fn list_postmortems(
        &self,
        actor: &Actor,
        state: Option<ReviewState>,
    ) -> Result<Vec<PostmortemListItem>, StoreError> {
        let mut q = SqlBuilder::new(
            "SELECT p.incident_id, i.title, i.severity, i.roles, p.state, p.version, p.opened_at, p.updated_at FROM postmortems p JOIN incidents i ON i.id = p.incident_id WHERE 1 = 1",
        );
        crate::policy::push_visible(&mut q, actor);
        if let Some(state) = state {
            q.push(" AND p.state = ").push_bind_str(state.as_str());
        }
        q.push(" ORDER BY p.updated_at DESC, p.incident_id DESC LIMIT ")
            .push_bind_i64(LIST_LIMIT);
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let mut items = Vec::new();
        let mut owners = Vec::new();
        for row in &rows {
            let roles: Vec<goldseam_core::incident::RoleHolder> = row.json("roles")?;
            let owner = roles
                .iter()
                .find(|h| h.role.as_str() == goldseam_core::role::INCIDENT_MANAGER)
                .map(|h| h.user_id.get());
            owners.extend(owner);
            items.push((
                owner,
                PostmortemListItem {
                    incident_id: row.id("incident_id")?,
                    title: row.col("title")?,
                    severity: row.col("severity")?,
                    state: super::parse_state(&row.col::<String>("state")?)?,
                    version: row.col("version")?,
                    opened_at: row.time("opened_at")?,
                    updated_at: row.time("updated_at")?,
                    owner: None,
                },
            ));
        }
        let names = self
            .names_of(crate::response::Referenced::User, &owners)
            .await?;
        Ok(items
            .into_iter()
            .map(|(owner, mut item)| {
                item.owner = owner.and_then(|id| names.get(&id).cloned());
                item
            })
            .collect())
    }
}
