//! Notification rules, replaced as a whole list so a person edits them like one setting.

use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::people::rules::{check_rules, MethodStatus, RuleInput};
use goldseam_core::people::{NotificationRule, Urgency};
use goldseam_core::UserId;
use sqlx::{AnyConnection, Connection};

/// The statuses of the user's contact methods, for checking rules against.
async fn statuses(
    conn: &mut AnyConnection,
    user_id: UserId,
    for_update: &str,
) -> Result<Vec<MethodStatus>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT id, verified_at FROM contact_methods WHERE user_id = $1 ORDER BY id{for_update}"
    ))
    .bind(user_id.get())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MethodStatus {
                id: r.id("id")?,
                verified: r.col::<Option<i64>>("verified_at")?.is_some(),
            })
        })
        .collect()
}

impl Store {
    /// The user's contact methods as notification rules see them (id, verified).
    pub async fn contact_method_statuses(
        &self,
        user_id: UserId,
    ) -> Result<Vec<MethodStatus>, StoreError> {
        statuses(&mut *self.reader().await?, user_id, "").await
    }

    /// The user's notification rules, in their order.
    pub async fn notification_rules(
        &self,
        user_id: UserId,
    ) -> Result<Vec<NotificationRule>, StoreError> {
        let rows = sqlx::query(
            "SELECT contact_method_id, delay_minutes, urgency FROM notification_rules WHERE user_id = $1 ORDER BY position",
        )
        .bind(user_id.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|r| {
                let delay: i64 = r.col("delay_minutes")?;
                let urgency: Option<String> = r.col("urgency")?;
                Ok(NotificationRule {
                    contact_method_id: r.id("contact_method_id")?,
                    delay_minutes: u32::try_from(delay)
                        .map_err(|_| StoreError::Corrupt(format!("rule delay {delay}")))?,
                    urgency: urgency
                        .map(|u| Urgency::parse("urgency", &u))
                        .transpose()
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                })
            })
            .collect()
    }

    /// Replaces the user's rules with `inputs`, checked again inside the transaction against
    /// the methods as they are then (a method unverified meanwhile is refused, not saved).
    /// Callers check first with the same rules to report every bad field at once.
    pub async fn replace_notification_rules(
        &self,
        user_id: UserId,
        inputs: &[RuleInput],
    ) -> Result<Vec<NotificationRule>, StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let methods = statuses(&mut tx, user_id, self.for_update()).await?;
        let rules = check_rules(inputs, &methods)
            .map_err(|mut errors| StoreError::Domain(errors.swap_remove(0)))?;
        sqlx::query("DELETE FROM notification_rules WHERE user_id = $1")
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?;
        for (position, rule) in rules.iter().enumerate() {
            sqlx::query(
                "INSERT INTO notification_rules (user_id, contact_method_id, delay_minutes, urgency, position) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(user_id.get())
            .bind(rule.contact_method_id.get())
            .bind(i64::from(rule.delay_minutes))
            .bind(rule.urgency.map(|u| u.as_str().to_string()))
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(rules)
    }
}
