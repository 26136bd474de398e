//! What the Alerts and Integrations pages and the API read: alerts, groups and the stored
//! requests, newest first.

use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::alerts::{
    AlertLink, AlertSeverity, AlertSignal, AlertStatus, GroupStatus, KeySource,
};
use goldseam_core::IncidentId;
use jiff::Timestamp;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// An alert as shown, with why its last request did what it did.
#[derive(Debug, Clone)]
pub struct AlertView {
    /// Its id.
    pub id: i64,
    /// Its integration.
    pub integration_id: i64,
    /// Its dedup key.
    pub dedup_key: String,
    /// Where the key came from.
    pub key_from: KeySource,
    /// Its group.
    pub group_id: Option<i64>,
    /// Its status.
    pub status: AlertStatus,
    /// Its summary.
    pub summary: String,
    /// Its severity.
    pub severity: AlertSeverity,
    /// Its source.
    pub source: Option<String>,
    /// Its labels.
    pub labels: BTreeMap<String, String>,
    /// Its annotations.
    pub annotations: BTreeMap<String, String>,
    /// Its links.
    pub links: Vec<AlertLink>,
    /// When it started, by its sender.
    pub starts_at: Option<Timestamp>,
    /// When it ended, by its sender.
    pub ends_at: Option<Timestamp>,
    /// Requests about it.
    pub received: i64,
    /// When it last fired.
    pub fired_at: Timestamp,
    /// When its sender last spoke of it.
    pub last_at: Timestamp,
    /// The request it last came in (its raw payload).
    pub inbox_id: i64,
    /// The route that took it.
    pub route: String,
    /// Its rendered group key.
    pub group_key: String,
    /// What the last request did (`new`, `duplicate`, `resolved`...).
    pub outcome: String,
    /// Why.
    pub reason: String,
}

impl AlertView {
    /// The alert as its sender last stated it.
    pub fn signal(&self) -> AlertSignal {
        AlertSignal {
            dedup_key: self.dedup_key.clone(),
            key_from: self.key_from,
            status: self.status,
            summary: self.summary.clone(),
            severity: self.severity,
            source: self.source.clone(),
            labels: self.labels.clone(),
            annotations: self.annotations.clone(),
            links: self.links.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            sender_group: None,
        }
    }
}

/// A group as shown.
#[derive(Debug, Clone)]
pub struct AlertGroupView {
    /// Its id.
    pub id: i64,
    /// Its integration.
    pub integration_id: i64,
    /// The route that formed it.
    pub route: String,
    /// Its rendered key.
    pub group_key: String,
    /// Where it stands.
    pub status: GroupStatus,
    /// Whether it is a storm group.
    pub storm: bool,
    /// Whether it is flapping.
    pub flapping: bool,
    /// Whether its route acted.
    pub triggered: bool,
    /// Its first alert's summary.
    pub summary: String,
    /// Its first alert's severity.
    pub severity: String,
    /// When it first opened.
    pub first_opened_at: Timestamp,
    /// When it last opened.
    pub opened_at: Timestamp,
    /// When it resolved.
    pub resolved_at: Option<Timestamp>,
    /// When an alert last came.
    pub last_alert_at: Timestamp,
    /// Requests it took.
    pub received: i64,
    /// Distinct alerts in it.
    pub alerts: i64,
    /// Alerts firing in it now.
    pub firing: i64,
    /// Times it reopened within the last hour.
    pub reopened: i64,
    /// Its incident.
    pub incident_id: Option<IncidentId>,
}

/// A stored request, as an integration's "recent payloads" shows it.
#[derive(Debug, Clone)]
pub struct InboxItem {
    /// Its id.
    pub id: i64,
    /// The endpoint it came to.
    pub endpoint: String,
    /// Kept headers.
    pub headers: serde_json::Value,
    /// The body as received.
    pub body: String,
    /// When it came.
    pub received_at: Timestamp,
    /// When it was processed.
    pub processed_at: Option<Timestamp>,
    /// What became of each alert it carried.
    pub outcome: Option<serde_json::Value>,
    /// Why it could not be read.
    pub error: Option<String>,
}

fn word<T: serde::de::DeserializeOwned>(r: &AnyRow, col: &str) -> Result<T, StoreError> {
    let s: String = r.col(col)?;
    serde_json::from_value(serde_json::Value::String(s.clone()))
        .map_err(|_| StoreError::Corrupt(format!("unknown {col} {s:?}")))
}

fn alert_from(r: &AnyRow) -> Result<AlertView, StoreError> {
    Ok(AlertView {
        id: r.col("id")?,
        integration_id: r.col("integration_id")?,
        dedup_key: r.col("dedup_key")?,
        key_from: word(r, "key_from")?,
        group_id: r.col("group_id")?,
        status: word(r, "status")?,
        summary: r.col("summary")?,
        severity: word(r, "severity")?,
        source: r.col("source")?,
        labels: r.json("labels")?,
        annotations: r.json("annotations")?,
        links: r.json("links")?,
        starts_at: r.opt_time("starts_at")?,
        ends_at: r.opt_time("ends_at")?,
        received: r.col("received")?,
        fired_at: r.time("fired_at")?,
        last_at: r.time("last_at")?,
        inbox_id: r.col("inbox_id")?,
        route: r.col("route")?,
        group_key: r.col("group_key")?,
        outcome: r.col("outcome")?,
        reason: r.col("reason")?,
    })
}

fn group_from(r: &AnyRow) -> Result<AlertGroupView, StoreError> {
    let reopened: Vec<Timestamp> = r.json("reopened")?;
    Ok(AlertGroupView {
        id: r.col("id")?,
        integration_id: r.col("integration_id")?,
        route: r.col("route")?,
        group_key: r.col("group_key")?,
        status: word(r, "status")?,
        storm: r.flag("storm")?,
        flapping: r.flag("flapping")?,
        triggered: r.flag("triggered")?,
        summary: r.col("summary")?,
        severity: r.col("severity")?,
        first_opened_at: r.time("first_opened_at")?,
        opened_at: r.time("opened_at")?,
        resolved_at: r.opt_time("resolved_at")?,
        last_alert_at: r.time("last_alert_at")?,
        received: r.col("received")?,
        alerts: r.col("alerts")?,
        firing: r.col("firing")?,
        reopened: reopened.len() as i64,
        incident_id: r.opt_id("incident_id")?,
    })
}

/// Filters for lists of alerts and groups.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    /// Only this integration's.
    pub integration_id: Option<i64>,
    /// Only these statuses (`firing`, `resolved`...; for groups `open`, `resolved`...).
    pub status: Option<String>,
    /// Only this group's (alerts).
    pub group_id: Option<i64>,
    /// Only those with ids below this (the next page).
    pub before: Option<i64>,
    /// At most this many.
    pub limit: i64,
}

impl Store {
    /// Alerts, newest first.
    pub async fn alerts(&self, f: &AlertFilter) -> Result<Vec<AlertView>, StoreError> {
        let mut q = SqlBuilder::new("SELECT * FROM alerts WHERE 1 = 1");
        if let Some(i) = f.integration_id {
            q.push(" AND integration_id = ").push_bind_i64(i);
        }
        if let Some(s) = &f.status {
            q.push(" AND status = ").push_bind_str(s);
        }
        if let Some(g) = f.group_id {
            q.push(" AND group_id = ").push_bind_i64(g);
        }
        if let Some(b) = f.before {
            q.push(" AND id < ").push_bind_i64(b);
        }
        q.push(" ORDER BY id DESC LIMIT ")
            .push_bind_i64(f.limit.clamp(1, 500));
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(alert_from).collect()
    }

    /// One integration's alert by dedup key.
    pub async fn alert_by_key(&self, integration: i64, key: &str) -> Result<AlertView, StoreError> {
        let r = sqlx::query("SELECT * FROM alerts WHERE integration_id = $1 AND dedup_key = $2")
            .bind(integration)
            .bind(key)
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("alert {key:?}")))?;
        alert_from(&r)
    }

    /// Alert groups, newest first.
    pub async fn alert_groups(&self, f: &AlertFilter) -> Result<Vec<AlertGroupView>, StoreError> {
        let mut q = SqlBuilder::new("SELECT * FROM alert_groups WHERE 1 = 1");
        if let Some(i) = f.integration_id {
            q.push(" AND integration_id = ").push_bind_i64(i);
        }
        if let Some(s) = &f.status {
            q.push(" AND status = ").push_bind_str(s);
        }
        if let Some(b) = f.before {
            q.push(" AND id < ").push_bind_i64(b);
        }
        q.push(" ORDER BY id DESC LIMIT ")
            .push_bind_i64(f.limit.clamp(1, 500));
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(group_from).collect()
    }

    /// One group.
    pub async fn alert_group(&self, id: i64) -> Result<AlertGroupView, StoreError> {
        let r = sqlx::query("SELECT * FROM alert_groups WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("alert group {id}")))?;
        group_from(&r)
    }

    /// The groups on an incident.
    pub async fn incident_alert_groups(
        &self,
        incident: IncidentId,
    ) -> Result<Vec<AlertGroupView>, StoreError> {
        let rows = sqlx::query("SELECT * FROM alert_groups WHERE incident_id = $1 ORDER BY id")
            .bind(incident.get())
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter().map(group_from).collect()
    }

    /// An integration's stored requests, newest first.
    pub async fn inbox_items(
        &self,
        integration: i64,
        limit: i64,
    ) -> Result<Vec<InboxItem>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, endpoint, headers, body, received_at, processed_at, outcome, error FROM alert_inbox WHERE integration_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(integration)
        .bind(limit.clamp(1, 200))
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InboxItem {
                    id: r.col("id")?,
                    endpoint: r.col("endpoint")?,
                    headers: r.json("headers")?,
                    body: r.col("body")?,
                    received_at: r.time("received_at")?,
                    processed_at: r.opt_time("processed_at")?,
                    outcome: r.opt_json("outcome")?,
                    error: r.col("error")?,
                })
            })
            .collect()
    }

    /// The incident of each of `groups` that has one (one query for a whole list).
    pub async fn group_incidents(
        &self,
        groups: &[i64],
    ) -> Result<std::collections::HashMap<i64, IncidentId>, StoreError> {
        let mut out = std::collections::HashMap::new();
        for chunk in groups.chunks(400) {
            let mut q = SqlBuilder::new(
                "SELECT id, incident_id FROM alert_groups WHERE incident_id IS NOT NULL AND id IN (0",
            );
            for g in chunk {
                q.push(", ").push_bind_i64(*g);
            }
            q.push(")");
            let (sql, args) = q.finish();
            for r in sqlx::query_with(&sql, args)
                .fetch_all(&mut *self.reader().await?)
                .await?
            {
                out.insert(r.col("id")?, r.id("incident_id")?);
            }
        }
        Ok(out)
    }

    /// Requests stored and not yet processed (the backlog, for /metrics and the bench).
    pub async fn alert_backlog(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM alert_inbox WHERE processed_at IS NULL")
                .fetch_one(&mut *self.reader().await?)
                .await?,
        )
    }
}
