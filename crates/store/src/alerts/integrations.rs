//! Integrations: what a sender is, its key and signing secret (sealed at rest), who owns it
//! and how its alerts are treated.

use crate::row::Columns;
use crate::secrets::Secret;
use crate::{Store, StoreError};
use goldseam_core::alerts::template::Mapping;
use goldseam_core::alerts::{AlertPolicy, SourceKind};
use goldseam_core::{DomainError, ServiceId, TeamId};
use jiff::Timestamp;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

/// An integration's key: what the sender presents (in the URL, the routing key, the GenieKey).
pub struct IntegrationKey(pub Secret);

impl std::fmt::Debug for IntegrationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IntegrationKey(redacted)")
    }
}

/// The digest requests are looked up by: the key itself is never in a query.
pub(crate) fn key_digest(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// A new key: 32 lowercase hex characters, as PagerDuty's integration keys look (some senders
/// check the shape).
fn new_key() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// An integration.
#[derive(Debug, Clone)]
pub struct Integration {
    /// Its id.
    pub id: i64,
    /// The sender's kind.
    pub kind: SourceKind,
    /// Its name.
    pub name: String,
    /// The service its incidents are about, if any.
    pub service_id: Option<ServiceId>,
    /// The team that owns it (paged by `page` routes), if any.
    pub team_id: Option<TeamId>,
    /// How its alerts are treated.
    pub policy: AlertPolicy,
    /// How a generic webhook's payload becomes an alert.
    pub mapping: Option<Mapping>,
    /// Whether a signing secret is set.
    pub signed: bool,
    /// Requests stored.
    pub received: i64,
    /// Alerts that were repeats of firing ones.
    pub deduplicated: i64,
    /// Alerts that joined a group already open.
    pub grouped: i64,
    /// Requests refused (bad body, signature, size).
    pub rejected: i64,
    /// When it last received a request.
    pub last_received_at: Option<Timestamp>,
    /// When it was made.
    pub created_at: Timestamp,
    pub(crate) sealed_key: String,
    pub(crate) sealed_secret: Option<String>,
}

/// What an admin sets on an integration.
#[derive(Debug, Clone)]
pub struct IntegrationInput {
    /// Its name.
    pub name: String,
    /// The service its incidents are about.
    pub service_id: Option<ServiceId>,
    /// The owning team.
    pub team_id: Option<TeamId>,
    /// Routes, windows and thresholds.
    pub policy: AlertPolicy,
    /// For generic webhooks: how payloads map to alerts.
    pub mapping: Option<Mapping>,
    /// The signing secret requests must be signed with (PagerDuty v3, Grafana), if any; on a
    /// change, `None` keeps the one set and an empty secret removes it.
    pub signing_secret: Option<Secret>,
}

const COLUMNS: &str = "id, kind, name, sealed_key, sealed_secret, service_id, team_id, policy, mapping, received, deduplicated, grouped, rejected, last_received_at, created_at";

fn from_row(r: &AnyRow) -> Result<Integration, StoreError> {
    let kind: String = r.col("kind")?;
    Ok(Integration {
        id: r.col("id")?,
        kind: SourceKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown integration kind {kind:?}")))?,
        name: r.col("name")?,
        service_id: r.opt_id("service_id")?,
        team_id: r.opt_id("team_id")?,
        policy: r.json("policy")?,
        mapping: r.opt_json("mapping")?,
        signed: r.col::<Option<String>>("sealed_secret")?.is_some(),
        received: r.col("received")?,
        deduplicated: r.col("deduplicated")?,
        grouped: r.col("grouped")?,
        rejected: r.col("rejected")?,
        last_received_at: r.opt_time("last_received_at")?,
        created_at: r.time("created_at")?,
        sealed_key: r.col("sealed_key")?,
        sealed_secret: r.col("sealed_secret")?,
    })
}

/// Checks an integration's settings; `kept_secret`: it has a signing secret that stays.
fn check(kind: SourceKind, input: &IntegrationInput, kept_secret: bool) -> Result<(), StoreError> {
    let mut problems = Vec::new();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        problems.push((
            "name".to_string(),
            "must be 1 to 100 characters".to_string(),
        ));
    }
    for (field, why) in input.policy.problems() {
        problems.push((format!("policy.{field}"), why));
    }
    if let Some(m) = &input.mapping {
        if kind != SourceKind::Webhook {
            problems.push((
                "mapping".into(),
                "only generic webhook integrations have a mapping".into(),
            ));
        } else if let Err(errors) = m.check() {
            problems.extend(errors.into_iter().map(|(f, e)| (format!("mapping.{f}"), e)));
        }
    }
    if name.chars().any(char::is_control) {
        problems.push((
            "name".to_string(),
            "must be one line of text, without control characters".to_string(),
        ));
    }
    // An empty secret removes the one set (a change) or sets none (a new integration).
    let secret = input
        .signing_secret
        .as_ref()
        .filter(|s| !s.expose().is_empty());
    if let Some(s) = secret {
        if !matches!(kind, SourceKind::Grafana | SourceKind::PagerdutyWebhook) {
            problems.push((
                "signing_secret".into(),
                format!("{} requests are not signed; only Grafana and PagerDuty v3 integrations take a signing secret", kind.label()),
            ));
        } else if s.expose().len() > 512 || s.expose().chars().any(char::is_control) {
            problems.push((
                "signing_secret".into(),
                "must be 1 to 512 characters".into(),
            ));
        }
    }
    let removed = input.signing_secret.is_some() && secret.is_none();
    if kind.always_signed() && (removed || (secret.is_none() && !kept_secret)) {
        problems.push((
            "signing_secret".into(),
            "PagerDuty v3 webhooks are signed: paste the secret PagerDuty showed when you added the webhook subscription".into(),
        ));
    }
    // The first problem, named by its field (the form shows it beside that field).
    match problems.into_iter().next() {
        None => Ok(()),
        Some((field, why)) => Err(DomainError::invalid(field, why).into()),
    }
}

impl Store {
    /// Makes an integration with a new key; returns it and the key.
    pub async fn create_integration(
        &self,
        kind: SourceKind,
        input: &IntegrationInput,
    ) -> Result<(Integration, IntegrationKey), StoreError> {
        check(kind, input, false)?;
        self.check_owners(input).await?;
        let key = new_key();
        let now = crate::time::to_db(self.now());
        let sk = &self.inner.secret_key;
        let mut conn = self.writer().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO alert_integrations (kind, name, key_digest, sealed_key, service_id, team_id, policy, mapping, created_at, updated_at) \
             VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(kind.as_str())
        .bind(input.name.trim())
        .bind(key_digest(&key))
        .bind(input.service_id.map(|s| s.get()))
        .bind(input.team_id.map(|t| t.get()))
        .bind(serde_json::to_string(&input.policy).expect("a policy serializes"))
        .bind(input.mapping.as_ref().map(|m| serde_json::to_string(m).expect("a mapping serializes")))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        // Sealed under the row's own context, so a sealed value copied elsewhere never opens.
        let sealed_secret = input
            .signing_secret
            .as_ref()
            .filter(|s| !s.expose().is_empty())
            .map(|s| sk.seal(&format!("alert-secret:{id}"), s.expose()));
        sqlx::query(
            "UPDATE alert_integrations SET sealed_key = $1, sealed_secret = $2 WHERE id = $3",
        )
        .bind(sk.seal(&format!("alert-key:{id}"), &key))
        .bind(sealed_secret)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        drop(conn);
        self.forget_integrations();
        Ok((
            self.integration(id).await?,
            IntegrationKey(Secret::new(key)),
        ))
    }

    /// Changes an integration's settings (its key stays; a signing secret left out is kept).
    pub async fn update_integration(
        &self,
        id: i64,
        input: &IntegrationInput,
    ) -> Result<Integration, StoreError> {
        let before = self.integration(id).await?;
        // A signing secret left out stays as it is.
        let kept = input.signing_secret.is_none() && before.signed;
        check(before.kind, input, kept)?;
        self.check_owners(input).await?;
        let sealed_secret = match &input.signing_secret {
            Some(s) if s.expose().is_empty() => None,
            Some(s) => Some(
                self.inner
                    .secret_key
                    .seal(&format!("alert-secret:{id}"), s.expose()),
            ),
            None => before.sealed_secret.clone(),
        };
        sqlx::query(
            "UPDATE alert_integrations SET name = $1, service_id = $2, team_id = $3, policy = $4, mapping = $5, sealed_secret = $6, updated_at = $7 WHERE id = $8",
        )
        .bind(input.name.trim())
        .bind(input.service_id.map(|s| s.get()))
        .bind(input.team_id.map(|t| t.get()))
        .bind(serde_json::to_string(&input.policy).expect("a policy serializes"))
        .bind(input.mapping.as_ref().map(|m| serde_json::to_string(m).expect("a mapping serializes")))
        .bind(sealed_secret)
        .bind(crate::time::to_db(self.now()))
        .bind(id)
        .execute(&mut *self.writer().await?)
        .await?;
        self.forget_integrations();
        self.integration(id).await
    }

    /// Deletes an integration: its key stops working at once (here; within seconds on other
    /// instances). Its alerts, groups and stored requests stay for the record.
    pub async fn delete_integration(&self, id: i64) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM alert_integrations WHERE id = $1")
            .bind(id)
            .execute(&mut *self.writer().await?)
            .await?;
        self.forget_integrations();
        match done.rows_affected() {
            0 => Err(StoreError::NotFound(format!("integration {id}"))),
            _ => Ok(()),
        }
    }

    /// An integration by id.
    pub async fn integration(&self, id: i64) -> Result<Integration, StoreError> {
        integration_in(&mut *self.reader().await?, id).await
    }

    /// Every integration, by name.
    pub async fn integrations(&self) -> Result<Vec<Integration>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM alert_integrations ORDER BY LOWER(name), id"
        ))
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The integration's key, for its snippet (admins only).
    pub fn integration_key(&self, i: &Integration) -> Result<IntegrationKey, StoreError> {
        let key = self
            .inner
            .secret_key
            .open(&format!("alert-key:{}", i.id), &i.sealed_key)?;
        Ok(IntegrationKey(key))
    }

    /// The integration's signing secret, if it has one.
    pub(crate) fn integration_secret(&self, i: &Integration) -> Result<Option<Secret>, StoreError> {
        i.sealed_secret
            .as_ref()
            .map(|s| {
                self.inner
                    .secret_key
                    .open(&format!("alert-secret:{}", i.id), s)
            })
            .transpose()
    }

    /// The integration whose key is `key`, if any (from memory; see `cache.rs`).
    pub async fn integration_by_key(
        &self,
        key: &str,
    ) -> Result<Option<std::sync::Arc<crate::alerts::cache::Known>>, StoreError> {
        self.known_integration(&key_digest(key)).await
    }

    async fn check_owners(&self, input: &IntegrationInput) -> Result<(), StoreError> {
        if let Some(t) = input.team_id {
            self.team(t)
                .await
                .map_err(|_| DomainError::invalid("team_id", format!("no team has id {t}")))?;
        }
        if let Some(s) = input.service_id {
            self.service(s).await.map_err(|_| {
                DomainError::invalid("service_id", format!("no service has id {s}"))
            })?;
        }
        Ok(())
    }
}

/// The integration, read through `conn`: the alert processor reads it inside its transaction,
/// because waiting for a second connection while holding the processor's lock can wait
/// forever (behind a schema change queued on that lock, or a pool whose other connections all
/// wait for the lock).
pub(crate) async fn integration_in(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Integration, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM alert_integrations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("integration {id}")))?;
    from_row(&row)
}
