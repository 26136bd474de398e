//! Reading incidents: one by reference, or a filtered, cursor-paginated list of what the actor
//! may see.

use super::state::{self, COLUMNS};
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::{Actor, IncidentId, IncidentState, Status, UserId};
use sqlx::Connection;

/// List filters; empty means no filter.
#[derive(Debug, Clone, Default)]
pub struct IncidentFilter {
    /// Any of these statuses.
    pub statuses: Vec<Status>,
    /// Any of these severity keys.
    pub severities: Vec<String>,
    /// Tagged with this tag.
    pub tag: Option<String>,
    /// Of this type.
    pub incident_type: Option<String>,
    /// Title or summary contains this text (case-insensitive for ASCII).
    pub q: Option<String>,
    /// Only those this user takes part in (declared, holds or held a role, was paged,
    /// commented, was let in) or follows (subscribed to the incident itself): "my incidents".
    pub involving: Option<UserId>,
}

/// One page of incidents, newest first.
#[derive(Debug, Clone)]
pub struct IncidentPage {
    /// The incidents.
    pub items: Vec<IncidentState>,
    /// Pass as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<IncidentId>,
}

/// Escapes LIKE wildcards so user text matches literally.
fn like_pattern(q: &str) -> String {
    let escaped = q
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// An incident the actor may see; an invisible one is "not found", like a missing one.
    pub async fn incident(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<IncidentState, StoreError> {
        let mut conn = self.reader().await?;
        let mut tx = conn.begin().await?;
        let s = state::load(&mut tx, r, "").await?;
        let visible = match &s {
            Some(s) => self.visible_in(&mut tx, actor, s).await?,
            None => false,
        };
        tx.rollback().await?;
        match s {
            Some(s) if visible => Ok(s),
            _ => Err(StoreError::NotFound(format!("incident {}", r.reference()))),
        }
    }

    /// Incidents the actor may see, newest first, `limit` before the cursor.
    pub async fn list_incidents(
        &self,
        actor: &Actor,
        f: &IncidentFilter,
        cursor: Option<IncidentId>,
        limit: i64,
    ) -> Result<IncidentPage, StoreError> {
        let mut q = SqlBuilder::new(&format!("SELECT {COLUMNS} FROM incidents i WHERE 1 = 1"));
        if let Some(c) = cursor {
            q.push(" AND i.id < ").push_bind_id(c);
        }
        if !f.statuses.is_empty() {
            q.push(" AND i.status IN (");
            for (n, s) in f.statuses.iter().enumerate() {
                q.push(if n == 0 { "" } else { ", " })
                    .push_bind_str(s.as_str());
            }
            q.push(")");
        }
        if !f.severities.is_empty() {
            q.push(" AND i.severity IN (");
            for (n, s) in f.severities.iter().enumerate() {
                q.push(if n == 0 { "" } else { ", " }).push_bind_str(s);
            }
            q.push(")");
        }
        if let Some(tag) = &f.tag {
            q.push(" AND EXISTS (SELECT 1 FROM incident_tags t WHERE t.incident_id = i.id AND t.tag = ").push_bind_str(tag).push(")");
        }
        if let Some(t) = &f.incident_type {
            q.push(" AND i.type = ").push_bind_str(t);
        }
        if let Some(text) = f.q.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = like_pattern(text.trim());
            q.push(" AND (LOWER(i.title) LIKE ")
                .push_bind_str(&pattern)
                .push(" ESCAPE '\\'");
            q.push(" OR LOWER(COALESCE(i.summary, '')) LIKE ")
                .push_bind_str(&pattern)
                .push(" ESCAPE '\\')");
        }
        if let Some(user) = f.involving {
            q.push(" AND (EXISTS (SELECT 1 FROM incident_participants ip WHERE ip.incident_id = i.id AND ip.user_id = ").push_bind_id(user);
            q.push(") OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = ")
                .push_bind_id(user);
            q.push(" AND s.target_kind = 'incident' AND s.target_key = CAST(i.id AS TEXT)))");
        }
        crate::policy::push_visible(&mut q, actor);
        q.push(" ORDER BY i.id DESC LIMIT ")
            .push_bind_i64(limit + 1);
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let mut items = rows
            .iter()
            .map(state::from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|s| s.id)
        } else {
            None
        };
        Ok(IncidentPage { items, next_cursor })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_match_literally() {
        assert_eq!(super::like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
