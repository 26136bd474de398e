//! Response rules, in the order admins put them, and the starter rules a new installation
//! gets. Rules may name teams that do not exist yet ([`goldseam_core::response::AwaitedTeams`]):
//! saving a rule, creating a team and renaming one swap such names for team ids.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::response::{starter_rules, ResponseRule, RuleActions};
use goldseam_core::{ResponseRuleId, TeamId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection};

/// The settings key that records the starter rules were written, so an admin who deletes
/// them does not get them back at the next start.
const SEEDED: &str = "starter_response_rules";

const COLUMNS: &str = "id, name, enabled, conditions, actions";

fn from_row(row: &AnyRow) -> Result<ResponseRule, StoreError> {
    let conditions: String = row.col("conditions")?;
    let actions: String = row.col("actions")?;
    Ok(ResponseRule {
        id: row.id("id")?,
        name: row.col("name")?,
        enabled: row.flag("enabled")?,
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

    /// Saves a rule: appended last when `id` is 0, replaced in place otherwise. Awaited team
    /// names that are already teams are saved as those teams.
    pub async fn save_response_rule(
        &self,
        rule: &ResponseRule,
    ) -> Result<ResponseRule, StoreError> {
        let mut conn = self.writer().await?;
        let mut then = rule.then.clone();
        adopt_existing_teams(&mut conn, &mut then).await?;
        let conditions = serde_json::to_string(&rule.when)?;
        let actions = serde_json::to_string(&then)?;
        let now = to_db(self.now());
        let row = if rule.id == ResponseRuleId::UNSAVED {
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
            .bind(rule.id.get())
            .bind(rule.name.trim())
            .bind(i64::from(rule.enabled))
            .bind(&conditions)
            .bind(&actions)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await?
        };
        self.announce_response_change(&mut conn).await?;
        drop(conn);
        self.response_changed();
        from_row(&row.ok_or_else(|| StoreError::NotFound(format!("response rule {}", rule.id)))?)
    }

    /// Deletes a rule.
    pub async fn delete_response_rule(&self, id: ResponseRuleId) -> Result<(), StoreError> {
        let mut conn = self.writer().await?;
        let done = sqlx::query("DELETE FROM response_rules WHERE id = $1")
            .bind(id.get())
            .execute(&mut *conn)
            .await?;
        self.announce_response_change(&mut conn).await?;
        drop(conn);
        self.response_changed();
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("response rule {id}")));
        }
        Ok(())
    }
}

/// Swaps the awaited names of `then` that are teams now for those teams' ids.
async fn adopt_existing_teams(
    conn: &mut AnyConnection,
    then: &mut RuleActions,
) -> Result<(), StoreError> {
    let names: Vec<String> = then.awaiting_teams.names().map(str::to_string).collect();
    for name in names {
        let team: Option<i64> = sqlx::query_scalar("SELECT id FROM teams WHERE name_key = $1")
            .bind(name.trim().to_lowercase())
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(id) = team {
            then.adopt_team(TeamId::from_db(id), &name);
        }
    }
    Ok(())
}

/// In the transaction that creates team `team_id` or renames it to `name`: every rule that
/// waits for a team of that name now pages or informs this one.
pub(crate) async fn adopt_team_in(
    conn: &mut AnyConnection,
    team_id: TeamId,
    name: &str,
    now: i64,
) -> Result<(), StoreError> {
    let rows = sqlx::query("SELECT id, actions FROM response_rules")
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let id: i64 = row.col("id")?;
        let mut actions: RuleActions = row.json("actions")?;
        if actions.adopt_team(team_id, name) {
            sqlx::query("UPDATE response_rules SET actions = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(serde_json::to_string(&actions)?)
                .bind(now)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Writes the starter rules once per database (recorded in `settings`), after the rules an
/// admin already has; names of teams that already exist become those teams.
pub(crate) async fn seed_starter_rules(
    conn: &mut AnyConnection,
    backend: &dyn crate::backend::Backend,
    now: i64,
) -> Result<(), StoreError> {
    let mut tx = conn.begin().await?;
    // Two instances starting together would both find the marker missing.
    backend.startup_lock(&mut tx).await?;
    let seeded: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(SEEDED)
        .fetch_optional(&mut *tx)
        .await?;
    if seeded.is_some() {
        return Ok(());
    }
    for rule in starter_rules() {
        let mut then = rule.then.clone();
        adopt_existing_teams(&mut tx, &mut then).await?;
        sqlx::query(
            "INSERT INTO response_rules (name, position, enabled, conditions, actions, created_at, updated_at) \
             VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM response_rules), $2, $3, $4, $5, $5)",
        )
        .bind(&rule.name)
        .bind(i64::from(rule.enabled))
        .bind(serde_json::to_string(&rule.when)?)
        .bind(serde_json::to_string(&then)?)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)")
        .bind(SEEDED)
        .bind("\"done\"")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
