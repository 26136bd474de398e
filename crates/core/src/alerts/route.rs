//! A route: which alerts it takes, how it groups them, and what a group does.

use super::signal::{AlertSeverity, AlertSignal};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// How one field of an alert is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchOp {
    /// Equal to the value.
    Equals,
    /// Not equal to the value (a missing field is not equal).
    NotEquals,
    /// Contains the value, ignoring case.
    Contains,
    /// The field is present and not empty (the value is ignored).
    Exists,
}

/// One condition on an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Matcher {
    /// `summary`, `severity`, `source`, `status`, `dedup_key`, `labels.NAME` or
    /// `annotations.NAME`.
    pub field: String,
    /// How it is compared.
    pub op: MatchOp,
    /// What it is compared with.
    #[serde(default)]
    pub value: String,
}

/// How a route forms groups: alerts with the same rendered key join one open group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(tag = "by", content = "fields", rename_all = "snake_case")]
pub enum GroupBy {
    /// As the sender grouped them (Alertmanager's and Grafana's `groupKey`); alerts from
    /// senders that do not group are each their own group. The default.
    #[default]
    Sender,
    /// Every alert its own group.
    Alert,
    /// By these fields' values (`labels.cluster`, `source`, ...); no fields: the whole route is
    /// one group while it is open.
    Fields(Vec<String>),
}

/// What a group does when it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RouteAction {
    /// Open an incident (in triage; its severity mapped from the alert's, its title from the
    /// route's template), which runs the usual response: the incident manager, response rules.
    #[default]
    Incident,
    /// Join the newest open incident of the integration's service; open one when there is none.
    Attach,
    /// Page the integration's team (its escalation policy or whoever is on call) and nobody
    /// else: the incident opens without its response (no incident manager, no response rules).
    Page,
    /// Only record: the alerts show in the Alerts page and on open incidents of the service.
    Timeline,
}

/// Act only once a group holds this many alerts within this window (Keep #4318): one blip
/// is not worth waking anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Threshold {
    /// Alerts needed.
    #[schema(minimum = 2, maximum = 10_000)]
    pub alerts: u32,
    /// Within this many seconds.
    #[schema(minimum = 1, maximum = 86_400)]
    pub window_secs: u32,
}

/// A route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Route {
    /// Its name, shown in explanations.
    pub name: String,
    /// All must match for the route to take an alert; none: it takes every alert.
    pub when: Vec<Matcher>,
    /// How it groups.
    pub group_by: GroupBy,
    /// What a group does.
    pub action: RouteAction,
    /// Wait for this many alerts before acting.
    pub after: Option<Threshold>,
    /// The incident severity for each alert severity (`critical` -> `SEV1`...); a severity
    /// not listed takes the default mapping.
    pub severities: BTreeMap<AlertSeverity, String>,
    /// The incident title, a template over `alert` (`{{ alert.summary }}` when empty).
    pub title: String,
}

impl Default for Route {
    fn default() -> Self {
        Route {
            name: "default".into(),
            when: Vec::new(),
            group_by: GroupBy::Sender,
            action: RouteAction::Incident,
            after: None,
            severities: BTreeMap::new(),
            title: String::new(),
        }
    }
}

/// The fields a matcher or a group key may name, besides `labels.*` and `annotations.*`.
pub const PLAIN_FIELDS: [&str; 5] = ["summary", "severity", "source", "status", "dedup_key"];

/// The value of `field` in `alert`, if it has one.
pub fn field_value<'a>(alert: &'a AlertSignal, field: &str) -> Option<std::borrow::Cow<'a, str>> {
    use std::borrow::Cow;
    match field {
        "summary" => Some(Cow::Borrowed(&alert.summary)),
        "severity" => Some(Cow::Borrowed(alert.severity.as_str())),
        "source" => alert.source.as_deref().map(Cow::Borrowed),
        "status" => Some(Cow::Borrowed(alert.status.as_str())),
        "dedup_key" => Some(Cow::Borrowed(&alert.dedup_key)),
        _ => {
            if let Some(name) = field.strip_prefix("labels.") {
                alert.labels.get(name).map(|v| Cow::Borrowed(v.as_str()))
            } else if let Some(name) = field.strip_prefix("annotations.") {
                alert
                    .annotations
                    .get(name)
                    .map(|v| Cow::Borrowed(v.as_str()))
            } else {
                None
            }
        }
    }
}

fn field_problem(field: &str) -> Option<String> {
    let known = PLAIN_FIELDS.contains(&field)
        || field
            .strip_prefix("labels.")
            .or_else(|| field.strip_prefix("annotations."))
            .is_some_and(|n| !n.is_empty());
    (!known).then(|| {
        format!(
            "{field:?} is not a field of an alert; use {}, labels.NAME or annotations.NAME",
            PLAIN_FIELDS.join(", ")
        )
    })
}

impl Matcher {
    /// Whether `alert` meets the condition.
    pub fn matches(&self, alert: &AlertSignal) -> bool {
        let value = field_value(alert, &self.field);
        match self.op {
            MatchOp::Equals => value.is_some_and(|v| v == self.value),
            MatchOp::NotEquals => value.is_some_and(|v| v != self.value),
            MatchOp::Contains => {
                value.is_some_and(|v| v.to_lowercase().contains(&self.value.to_lowercase()))
            }
            MatchOp::Exists => value.is_some_and(|v| !v.is_empty()),
        }
    }
}

/// Separates the parts of a rendered group key; a unit separator never appears in labels
/// people write, so `a|b` + `c` and `a` + `b|c` stay two keys.
const KEY_SEPARATOR: char = '\u{1f}';

impl Route {
    /// Whether the route takes `alert`.
    pub fn matches(&self, alert: &AlertSignal) -> bool {
        self.when.iter().all(|m| m.matches(alert))
    }

    /// The group key `alert` renders to on this route: alerts with the same key join one
    /// open group. Readable, since explanations show it.
    pub fn group_key(&self, alert: &AlertSignal) -> String {
        match &self.group_by {
            GroupBy::Sender => match &alert.sender_group {
                Some(g) => format!("sender:{g}"),
                None => format!("alert:{}", alert.dedup_key),
            },
            GroupBy::Alert => format!("alert:{}", alert.dedup_key),
            GroupBy::Fields(fields) => {
                let mut key = String::from("fields:");
                for (i, f) in fields.iter().enumerate() {
                    if i > 0 {
                        key.push(KEY_SEPARATOR);
                    }
                    key.push_str(f);
                    key.push('=');
                    key.push_str(field_value(alert, f).as_deref().unwrap_or(""));
                }
                key
            }
        }
    }

    /// The incident severity key for an alert of `severity`: the route's own mapping, else
    /// critical SEV1, error SEV2, warning SEV3, info SEV4 (the default catalog's keys).
    pub fn incident_severity(&self, severity: AlertSeverity) -> String {
        if let Some(s) = self.severities.get(&severity) {
            return s.clone();
        }
        match severity {
            AlertSeverity::Critical => "SEV1",
            AlertSeverity::Error => "SEV2",
            AlertSeverity::Warning => "SEV3",
            AlertSeverity::Info => "SEV4",
        }
        .into()
    }

    /// Every problem with the route, each naming its field.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            out.push(("name".into(), "must be 1 to 80 characters".into()));
        }
        for (i, m) in self.when.iter().enumerate() {
            if let Some(why) = field_problem(&m.field) {
                out.push((format!("when[{i}].field"), why));
            }
            if m.op != MatchOp::Exists && m.value.len() > 1024 {
                out.push((
                    format!("when[{i}].value"),
                    "must be at most 1024 bytes".into(),
                ));
            }
        }
        if let GroupBy::Fields(fields) = &self.group_by {
            if fields.len() > 10 {
                out.push(("group_by.fields".into(), "at most 10 fields".into()));
            }
            for (i, f) in fields.iter().enumerate() {
                if let Some(why) = field_problem(f) {
                    out.push((format!("group_by.fields[{i}]"), why));
                }
            }
        }
        if let Some(t) = self.after {
            if t.alerts < 2 || t.alerts > 10_000 {
                out.push((
                    "after.alerts".into(),
                    "must be 2 to 10000 (leave `after` out to act on the first alert)".into(),
                ));
            }
            if t.window_secs == 0 || t.window_secs > super::policy::MAX_WINDOW_SECS {
                out.push(("after.window_secs".into(), "must be 1 to 86400".into()));
            }
        }
        if self.title.len() > 2048 {
            out.push(("title".into(), "must be at most 2048 bytes".into()));
        }
        out
    }
}
