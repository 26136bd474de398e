//! What an Alertmanager is configured with (its receivers and route timings) and what it is
//! sent (alerts, as Prometheus posts them).

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

/// Where the alerts go and how they are grouped: one Alertmanager receiver, `goldseam`, holding
/// every integration added here, on the root route.
#[derive(Debug, Clone)]
pub struct Receivers {
    webhooks: Vec<String>,
    pagerduty: Vec<(String, String)>,
    opsgenie: Vec<(String, String)>,
    opsgenie_update_alerts: bool,
    group_by: Vec<String>,
    group_wait: Duration,
    pub(super) group_interval: Duration,
    repeat_interval: Duration,
}

impl Default for Receivers {
    fn default() -> Self {
        Receivers {
            webhooks: Vec::new(),
            pagerduty: Vec::new(),
            opsgenie: Vec::new(),
            opsgenie_update_alerts: false,
            group_by: vec!["alertname".into()],
            // Long enough that alerts posted together are notified together, short enough
            // for tests; a resolve is sent on the next group_interval tick.
            group_wait: Duration::from_millis(500),
            group_interval: Duration::from_secs(1),
            // Long: a test should see a notification once, not again on a timer.
            repeat_interval: Duration::from_secs(3600),
        }
    }
}

/// Alertmanager's duration syntax.
pub(super) fn duration(d: Duration) -> String {
    format!("{}ms", d.as_millis())
}

impl Receivers {
    /// No integrations yet (a receiver with none drops notifications), grouped by `alertname`.
    pub fn new() -> Receivers {
        Receivers::default()
    }

    /// A `webhook_configs` entry posting to `url`, resolved notifications included.
    pub fn webhook(mut self, url: &str) -> Receivers {
        self.webhooks.push(url.to_string());
        self
    }

    /// A `pagerduty_configs` entry (Events API v2) sending to `{base}/v2/enqueue` with
    /// `routing_key`.
    pub fn pagerduty(mut self, base: &str, routing_key: &str) -> Receivers {
        let url = format!("{}/v2/enqueue", base.trim_end_matches('/'));
        self.pagerduty.push((url, routing_key.to_string()));
        self
    }

    /// An `opsgenie_configs` entry with `api_url: {base}/` (Alertmanager appends `v2/alerts`…)
    /// and `api_key`.
    pub fn opsgenie(mut self, base: &str, api_key: &str) -> Receivers {
        let url = format!("{}/", base.trim_end_matches('/'));
        self.opsgenie.push((url, api_key.to_string()));
        self
    }

    /// Opsgenie's `update_alerts`: a firing notification also posts the message and the
    /// description to `v2/alerts/{alias}/message` and `…/description`.
    pub fn opsgenie_update_alerts(mut self, on: bool) -> Receivers {
        self.opsgenie_update_alerts = on;
        self
    }

    /// The labels alerts are grouped by (`["..."]`: every label, so each alert alone).
    pub fn group_by(mut self, labels: &[&str]) -> Receivers {
        self.group_by = labels.iter().map(|l| l.to_string()).collect();
        self
    }

    /// How long a new group waits for more alerts before its first notification.
    pub fn group_wait(mut self, d: Duration) -> Receivers {
        self.group_wait = d;
        self
    }

    /// How often a group with changes is notified again (resolves come on this tick).
    pub fn group_interval(mut self, d: Duration) -> Receivers {
        self.group_interval = d;
        self
    }

    /// After how long an unchanged group is notified again.
    pub fn repeat_interval(mut self, d: Duration) -> Receivers {
        self.repeat_interval = d;
        self
    }

    /// The configuration file. JSON is YAML, and serde_json escapes values correctly.
    pub(super) fn config(&self) -> String {
        let webhooks: Vec<Value> = self
            .webhooks
            .iter()
            .map(|url| json!({"url": url, "send_resolved": true}))
            .collect();
        let pagerduty: Vec<Value> = self
            .pagerduty
            .iter()
            .map(|(url, key)| json!({"url": url, "routing_key": key, "send_resolved": true}))
            .collect();
        let opsgenie: Vec<Value> = self
            .opsgenie
            .iter()
            .map(|(url, key)| {
                json!({"api_url": url, "api_key": key, "send_resolved": true,
                       "update_alerts": self.opsgenie_update_alerts})
            })
            .collect();
        let config = json!({
            "route": {
                "receiver": "goldseam",
                "group_by": self.group_by,
                "group_wait": duration(self.group_wait),
                "group_interval": duration(self.group_interval),
                "repeat_interval": duration(self.repeat_interval),
            },
            "receivers": [{
                "name": "goldseam",
                "webhook_configs": webhooks,
                "pagerduty_configs": pagerduty,
                "opsgenie_configs": opsgenie,
            }],
        });
        serde_json::to_string_pretty(&config).expect("JSON")
    }
}

/// An alert as Prometheus posts it to `/api/v2/alerts`.
#[derive(Debug, Clone, Default)]
pub struct TestAlert {
    /// Its identity: the fingerprint is a hash of these.
    pub labels: BTreeMap<String, String>,
    /// Summary, description, runbook…
    pub annotations: BTreeMap<String, String>,
    /// When it started; None lets Alertmanager say now. A start older than group_wait makes a
    /// new group notify at once instead of waiting for more alerts.
    pub starts_at: Option<jiff::Timestamp>,
    /// When it ends; in the past, the alert is resolved.
    pub ends_at: Option<jiff::Timestamp>,
    /// The link back to the rule that fired.
    pub generator_url: Option<String>,
}

impl TestAlert {
    /// A firing alert with these labels.
    pub fn new(labels: &[(&str, &str)]) -> TestAlert {
        TestAlert {
            labels: pairs(labels),
            ..TestAlert::default()
        }
    }

    /// Adds an annotation.
    pub fn annotation(mut self, name: &str, value: &str) -> TestAlert {
        self.annotations.insert(name.into(), value.into());
        self
    }

    /// Sets the generator URL.
    pub fn generator_url(mut self, url: &str) -> TestAlert {
        self.generator_url = Some(url.into());
        self
    }

    /// The same alert, resolved now (in the past by the time Alertmanager reads it). Without
    /// a start, Alertmanager takes the end for it and keeps the earlier start it knew, so the
    /// notification shows when the alert really started.
    pub fn resolved(mut self) -> TestAlert {
        self.ends_at = Some(jiff::Timestamp::now());
        self
    }

    pub(super) fn to_json(&self) -> Value {
        let mut alert = json!({"labels": self.labels, "annotations": self.annotations});
        let stamp = |t: &jiff::Timestamp| Value::String(t.to_string());
        if let Some(t) = &self.starts_at {
            alert["startsAt"] = stamp(t);
        }
        if let Some(t) = &self.ends_at {
            alert["endsAt"] = stamp(t);
        }
        if let Some(url) = &self.generator_url {
            alert["generatorURL"] = url.as_str().into();
        }
        alert
    }
}

fn pairs(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
