//! Escalation policies: stored whole, names unique regardless of case.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Named, Store, StoreError};
use goldseam_core::response::{handover_cycle, EscalationLevel, EscalationPolicy};
use goldseam_core::EscalationPolicyId;
use jiff::SignedDuration;
use sqlx::any::AnyRow;

const COLUMNS: &str = "id, name, levels, repeat_count, repeat_after_secs";

fn from_row(row: &AnyRow) -> Result<EscalationPolicy, StoreError> {
    let levels: String = row.col("levels")?;
    let levels: Vec<EscalationLevel> = serde_json::from_str(&levels)?;
    Ok(EscalationPolicy {
        id: row.id("id")?,
        name: row.col("name")?,
        levels,
        repeat: u32::try_from(row.col::<i64>("repeat_count")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        repeat_after: SignedDuration::from_secs(row.col("repeat_after_secs")?),
    })
}

impl Store {
    /// Every escalation policy, by name.
    pub async fn escalation_policies(&self) -> Result<Vec<EscalationPolicy>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM escalation_policies ORDER BY name_key"
        ))
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// One escalation policy.
    pub async fn escalation_policy(
        &self,
        id: EscalationPolicyId,
    ) -> Result<EscalationPolicy, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM escalation_policies WHERE id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("escalation policy {id}")))?;
        from_row(&row)
    }

    /// Saves a policy: inserts it when `id` is 0, replaces it otherwise. Refuses a duplicate
    /// name and a hand-over cycle among policies. The caller has checked the policy's shape
    /// and that its targets exist.
    pub async fn save_escalation_policy(
        &self,
        policy: &EscalationPolicy,
    ) -> Result<EscalationPolicy, StoreError> {
        let others = self.escalation_policies().await?;
        if let Some(cycle) = handover_cycle(policy, &others) {
            let names: Vec<String> = cycle
                .iter()
                .map(|id| {
                    others
                        .iter()
                        .find(|p| p.id == *id)
                        .map_or_else(|| policy.name.clone(), |p| p.name.clone())
                })
                .collect();
            return Err(StoreError::HandoverLoop { policies: names });
        }
        let levels = serde_json::to_string(&policy.levels)?;
        let now = to_db(self.now());
        let name_key = policy.name.trim().to_lowercase();
        let mut conn = self.writer().await?;
        let result = if policy.id == EscalationPolicyId::UNSAVED {
            sqlx::query(&format!(
                "INSERT INTO escalation_policies (name, name_key, levels, repeat_count, repeat_after_secs, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING {COLUMNS}"
            ))
            .bind(policy.name.trim())
            .bind(&name_key)
            .bind(&levels)
            .bind(i64::from(policy.repeat))
            .bind(policy.repeat_after.as_secs())
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
        } else {
            sqlx::query(&format!(
                "UPDATE escalation_policies SET name = $2, name_key = $3, levels = $4, repeat_count = $5, repeat_after_secs = $6, updated_at = $7 \
                 WHERE id = $1 RETURNING {COLUMNS}"
            ))
            .bind(policy.id.get())
            .bind(policy.name.trim())
            .bind(&name_key)
            .bind(&levels)
            .bind(i64::from(policy.repeat))
            .bind(policy.repeat_after.as_secs())
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
        };
        match result.map_err(StoreError::from) {
            Ok(Some(row)) => from_row(&row),
            Ok(None) => Err(StoreError::NotFound(format!(
                "escalation policy {}",
                policy.id
            ))),
            Err(e) if e.is_unique_violation() => Err(StoreError::NameTaken {
                what: Named::EscalationPolicy,
                name: policy.name.trim().to_string(),
            }),
            Err(e) => Err(e),
        }
    }

    /// Deletes a policy no other policy hands over to.
    pub async fn delete_escalation_policy(&self, id: EscalationPolicyId) -> Result<(), StoreError> {
        let others = self.escalation_policies().await?;
        let by: Vec<String> = others
            .iter()
            .filter(|p| {
                p.id != id
                    && p.levels.iter().any(|l| {
                        l.targets
                            .contains(&goldseam_core::response::Target::Policy(id))
                    })
            })
            .map(|p| p.name.clone())
            .collect();
        if !by.is_empty() {
            return Err(StoreError::PolicyHandedOverTo { by });
        }
        let done = sqlx::query("DELETE FROM escalation_policies WHERE id = $1")
            .bind(id.get())
            .execute(&mut *self.writer().await?)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("escalation policy {id}")));
        }
        Ok(())
    }
}
