//! The kinds of alert source an integration can be: each speaks one sender's wire format.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Which sender an integration receives from, and so how its requests are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// PagerDuty Events API v2 (`/v2/enqueue`, `/v2/change/enqueue`): PagerDuty's own clients,
    /// Alertmanager's `pagerduty_configs`, anything whose PagerDuty URL can be pointed here.
    Pagerduty,
    /// Prometheus Alertmanager's webhook receiver (payload version 4).
    Alertmanager,
    /// Grafana alerting's webhook contact point (Alertmanager's body plus Grafana's fields).
    Grafana,
    /// Opsgenie's Alert API as Alertmanager's `opsgenie_configs` calls it.
    Opsgenie,
    /// Datadog webhooks, with the payload template docs/alerts.md recommends.
    Datadog,
    /// Any JSON webhook, mapped to an alert by the integration's templates.
    Webhook,
    /// PagerDuty v3 webhooks from an existing PagerDuty account: its incidents mirrored here.
    PagerdutyWebhook,
}

impl SourceKind {
    /// Every kind, in the order pages list them.
    pub const ALL: [SourceKind; 7] = [
        SourceKind::Alertmanager,
        SourceKind::Grafana,
        SourceKind::Pagerduty,
        SourceKind::PagerdutyWebhook,
        SourceKind::Opsgenie,
        SourceKind::Datadog,
        SourceKind::Webhook,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Pagerduty => "pagerduty",
            SourceKind::Alertmanager => "alertmanager",
            SourceKind::Grafana => "grafana",
            SourceKind::Opsgenie => "opsgenie",
            SourceKind::Datadog => "datadog",
            SourceKind::Webhook => "webhook",
            SourceKind::PagerdutyWebhook => "pagerduty_webhook",
        }
    }

    /// The kind a stored or wire name names.
    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What people call the sender.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Pagerduty => "PagerDuty Events API v2",
            SourceKind::Alertmanager => "Prometheus Alertmanager",
            SourceKind::Grafana => "Grafana alerting",
            SourceKind::Opsgenie => "Opsgenie API (Alertmanager opsgenie_configs)",
            SourceKind::Datadog => "Datadog webhook",
            SourceKind::Webhook => "Generic JSON webhook",
            SourceKind::PagerdutyWebhook => "PagerDuty v3 webhooks",
        }
    }

    /// Whether requests must carry a signature made with the integration's signing secret
    /// (PagerDuty v3 always; Grafana only when one is set).
    pub fn always_signed(self) -> bool {
        matches!(self, SourceKind::PagerdutyWebhook)
    }
}

impl std::fmt::Display for SourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
