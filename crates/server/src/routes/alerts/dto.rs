//! The alert API's wire types.

use goldseam_core::alerts::snippet::Snippet;
use goldseam_core::alerts::template::{Mapping, Preview};
use goldseam_core::alerts::{AlertLink, AlertPolicy, SourceKind};
use goldseam_store::alerts::{AlertGroupView, AlertView, InboxItem, Integration};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// What an integration has received.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationCounters {
    /// Requests stored.
    pub received: i64,
    /// Alerts that repeated one already firing.
    pub deduplicated: i64,
    /// Alerts that joined a group already open.
    pub grouped: i64,
    /// Requests refused (bad body, signature, wrong address).
    pub rejected: i64,
}

/// An integration, as admins see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationDto {
    /// Its id.
    pub id: i64,
    /// The sender's kind.
    pub kind: SourceKind,
    /// The sender, in words.
    pub kind_label: String,
    /// Its name.
    pub name: String,
    /// The service its incidents are about.
    pub service_id: Option<i64>,
    /// The team paged for its alerts.
    pub team_id: Option<i64>,
    /// How its alerts are treated.
    pub policy: AlertPolicy,
    /// How a generic webhook's payload becomes an alert.
    pub mapping: Option<Mapping>,
    /// Whether a signing secret is set (it is never shown again).
    pub signed: bool,
    /// Its key: keep it secret, as a password.
    pub key: String,
    /// What to paste into the sender.
    pub snippet: Snippet,
    /// Its counters.
    pub counters: IntegrationCounters,
    /// When it last received a request.
    pub last_received_at: Option<Timestamp>,
    /// When it was made.
    pub created_at: Timestamp,
}

impl IntegrationDto {
    /// The wire form of `i` with its `key`, reached at `base_url`.
    pub fn of(i: &Integration, key: &str, base_url: &str) -> IntegrationDto {
        IntegrationDto {
            id: i.id,
            kind: i.kind,
            kind_label: i.kind.label().into(),
            name: i.name.clone(),
            service_id: i.service_id.map(|s| s.get()),
            team_id: i.team_id.map(|t| t.get()),
            policy: i.policy.clone(),
            mapping: i.mapping.clone(),
            signed: i.signed,
            key: key.into(),
            snippet: goldseam_core::alerts::snippet::snippet(i.kind, base_url, key),
            counters: IntegrationCounters {
                received: i.received,
                deduplicated: i.deduplicated,
                grouped: i.grouped,
                rejected: i.rejected,
            },
            last_received_at: i.last_received_at,
            created_at: i.created_at,
        }
    }
}

/// A new integration, or its new settings (`kind` only when creating).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntegrationRequest {
    /// The sender's kind (creating only).
    #[serde(default)]
    pub kind: Option<SourceKind>,
    /// Its name.
    pub name: String,
    /// The service its incidents are about.
    #[serde(default)]
    pub service_id: Option<i64>,
    /// The team paged for its alerts.
    #[serde(default)]
    pub team_id: Option<i64>,
    /// Routes, windows, thresholds; the defaults when left out.
    #[serde(default)]
    pub policy: Option<AlertPolicy>,
    /// For generic webhooks: how payloads become alerts; the default mapping when left out.
    #[serde(default)]
    pub mapping: Option<Mapping>,
    /// The secret requests must be signed with (PagerDuty v3: required; Grafana: optional).
    /// Left out on a change: the one set stays; `""` removes it (Grafana).
    #[serde(default)]
    pub signing_secret: Option<String>,
}

/// A mapping tried on a sample payload.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingPreviewRequest {
    /// The mapping.
    pub mapping: Mapping,
    /// A payload as the sender would send it.
    pub sample: serde_json::Value,
    /// The policy whose routes group it; the defaults when left out.
    #[serde(default)]
    pub policy: Option<AlertPolicy>,
}

/// What the mapping makes of the sample, and how it would be grouped.
#[derive(Debug, Serialize, ToSchema)]
pub struct MappingPreviewAnswer {
    /// The alert's fields, or each field's error.
    pub preview: Preview,
    /// The route that would take it.
    pub route: Option<String>,
    /// The group key it would render to.
    pub group_key: Option<String>,
}

/// An alert.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertDto {
    /// Its id.
    pub id: i64,
    /// Its integration.
    pub integration_id: i64,
    /// Its dedup key.
    pub dedup_key: String,
    /// Where the key came from (`fingerprint`, `dedup_key`, `alias`...).
    pub key_from: String,
    /// Its group.
    pub group_id: Option<i64>,
    /// `firing`, `acknowledged` or `resolved`.
    pub status: String,
    /// Its summary.
    pub summary: String,
    /// `critical`, `error`, `warning` or `info`.
    pub severity: String,
    /// What it is about.
    pub source: Option<String>,
    /// Its labels.
    pub labels: BTreeMap<String, String>,
    /// Its annotations.
    pub annotations: BTreeMap<String, String>,
    /// Its links.
    pub links: Vec<AlertLink>,
    /// When its sender says it started.
    pub starts_at: Option<Timestamp>,
    /// When its sender says it ended.
    pub ends_at: Option<Timestamp>,
    /// Requests about it.
    pub received: i64,
    /// When it last fired.
    pub fired_at: Timestamp,
    /// When its sender last spoke of it.
    pub last_at: Timestamp,
    /// The route that took it.
    pub route: String,
    /// The group key it rendered to.
    pub group_key: String,
    /// What its last request did (`new`, `duplicate`, `updated`, `refired`, `acknowledged`,
    /// `resolved`).
    pub outcome: String,
    /// Why, in words (the rule and the rendered keys).
    pub reason: String,
}

impl From<AlertView> for AlertDto {
    fn from(a: AlertView) -> AlertDto {
        AlertDto {
            id: a.id,
            integration_id: a.integration_id,
            key_from: super::word(&a.key_from),
            dedup_key: a.dedup_key,
            group_id: a.group_id,
            status: a.status.as_str().into(),
            summary: a.summary,
            severity: a.severity.as_str().into(),
            source: a.source,
            labels: a.labels,
            annotations: a.annotations,
            links: a.links,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            received: a.received,
            fired_at: a.fired_at,
            last_at: a.last_at,
            route: a.route,
            group_key: a.group_key,
            outcome: a.outcome,
            reason: a.reason,
        }
    }
}

/// A group of alerts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertGroupDto {
    /// Its id.
    pub id: i64,
    /// Its integration.
    pub integration_id: i64,
    /// The route that formed it.
    pub route: String,
    /// Its rendered key.
    pub group_key: String,
    /// `open`, `acknowledged` or `resolved`.
    pub status: String,
    /// Whether it is the storm group (new groups beyond the storm threshold fold into it).
    pub storm: bool,
    /// Whether it is flapping (reopened too often: it records and does not page again).
    pub flapping: bool,
    /// Whether its route acted (opened or joined an incident, paged).
    pub triggered: bool,
    /// Its first alert's summary.
    pub summary: String,
    /// Its first alert's severity.
    pub severity: String,
    /// When it first opened.
    pub first_opened_at: Timestamp,
    /// When it last (re)opened.
    pub opened_at: Timestamp,
    /// When it resolved.
    pub resolved_at: Option<Timestamp>,
    /// When an alert last came.
    pub last_alert_at: Timestamp,
    /// Alert requests it took, repeats included.
    pub received: i64,
    /// Distinct alerts in it.
    pub alerts: i64,
    /// Its alerts firing now.
    pub firing: i64,
    /// Times it reopened within the last hour.
    pub reopened: i64,
    /// Its incident's reference (`INC-42`), when it has one the reader may see.
    pub incident: Option<String>,
}

impl AlertGroupDto {
    /// The wire form of `g`, with its incident's reference if the reader may see it.
    pub fn of(g: AlertGroupView, incident: Option<String>) -> AlertGroupDto {
        AlertGroupDto {
            id: g.id,
            integration_id: g.integration_id,
            route: g.route,
            group_key: g.group_key,
            status: g.status.as_str().into(),
            storm: g.storm,
            flapping: g.flapping,
            triggered: g.triggered,
            summary: g.summary,
            severity: g.severity,
            first_opened_at: g.first_opened_at,
            opened_at: g.opened_at,
            resolved_at: g.resolved_at,
            last_alert_at: g.last_alert_at,
            received: g.received,
            alerts: g.alerts,
            firing: g.firing,
            reopened: g.reopened,
            incident,
        }
    }
}

/// A group with its alerts.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertGroupDetail {
    /// The group.
    pub group: AlertGroupDto,
    /// Its alerts, newest first (at most 200).
    pub alerts: Vec<AlertDto>,
}

/// A stored request.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxItemDto {
    /// Its id.
    pub id: i64,
    /// The endpoint it came to.
    pub endpoint: String,
    /// The headers kept (never credentials).
    pub headers: serde_json::Value,
    /// The body as received.
    pub body: String,
    /// When it came.
    pub received_at: Timestamp,
    /// When it was processed; absent while it waits.
    pub processed_at: Option<Timestamp>,
    /// What became of each alert it carried, and why.
    pub outcome: Option<serde_json::Value>,
    /// Why it could not be read.
    pub error: Option<String>,
}

impl From<InboxItem> for InboxItemDto {
    fn from(i: InboxItem) -> InboxItemDto {
        InboxItemDto {
            id: i.id,
            endpoint: i.endpoint,
            headers: i.headers,
            body: i.body,
            received_at: i.received_at,
            processed_at: i.processed_at,
            outcome: i.outcome,
            error: i.error,
        }
    }
}

/// What a test alert did.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestAlertAnswer {
    /// The test alert's dedup key: find it on the Alerts page.
    pub dedup_key: String,
    /// `accepted`, or why the integration refused it (its mapping, say).
    pub status: String,
}
