//! Response rules, in the order admins put them.

use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::response::ResponseRule;
use sqlx::any::AnyRow;
use sqlx::Row;

const COLUMNS: &str = "id, name, enabled, conditions, actions";

fn from_row(row: &AnyRow) -> Result<ResponseRule, StoreError> {
    let conditions: String = row.try_get(3)?;
    let actions: String = row.try_get(4)?;
    Ok(ResponseRule {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        enabled: row.try_get::<i64, _>(2)? != 0,
        when: serde_json::from_str(&conditions)?,
        then: serde_json::from_str(&actions)?,
    })
}

impl Store {
    /// Every rule, in order.
    pub async fn response_rules(&self) -> Result<Vec<ResponseRule>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM response_rules ORDER BY position, id"
        ))
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Saves a rule: appended last when `id` is 0, replaced in place otherwise.
    pub async fn save_response_rule(
        &self,
        rule: &ResponseRule,
    ) -> Result<ResponseRule, StoreError> {
        let conditions = serde_json::to_string(&rule.when)?;
        let actions = serde_json::to_string(&rule.then)?;
        let now = to_db(self.now());
        let mut conn = self.writer().await?;
        let row = if rule.id == 0 {
            sqlx::query(&format!(
                "INSERT INTO response_rules (name, position, enabled, conditions, actions, created_at, updated_at) \
                 VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM response_rules), $2, $3, $4, $5, $5) RETURNING {COLUMNS}"
            ))
            .bind(rule.name.trim())
            .bind(i64::from(rule.enabled))
            .bind(&conditions)
            .bind(&actions)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?
        } else {
            sqlx::query(&format!(
                "UPDATE response_rules SET name = $2, enabled = $3, conditions = $4, actions = $5, updated_at = $6 WHERE id = $1 RETURNING {COLUMNS}"
            ))
            .bind(rule.id)
            .bind(rule.name.trim())
            .bind(i64::from(rule.enabled))
            .bind(&conditions)
            .bind(&actions)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?
        };
        from_row(&row.ok_or_else(|| StoreError::NotFound(format!("response rule {}", rule.id)))?)
    }

    /// Deletes a rule.
    pub async fn delete_response_rule(&self, id: i64) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM response_rules WHERE id = $1")
            .bind(id)
            .execute(&mut *self.writer().await?)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("response rule {id}")));
        }
        Ok(())
    }
}
