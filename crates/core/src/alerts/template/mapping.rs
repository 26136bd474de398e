//! A generic webhook's mapping: templates that read any JSON payload into an alert.

use super::sandbox::{Limits, Sandbox};
use crate::alerts::signal::{
    truncate_chars, AlertLink, AlertSeverity, AlertSignal, AlertStatus, KeySource, MAX_DEDUP_KEY,
    MAX_SUMMARY,
};
use crate::alerts::Rejection;
use minijinja::Value;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The summary of a firing alert whose summary template rendered nothing: an alert with a
/// poor title still pages, where refusing it would lose it.
pub const NO_SUMMARY: &str = "Alert without a summary";

/// How a generic webhook's JSON payload becomes an alert: minijinja templates over the payload,
/// which they see as `payload` (`{{ payload.title }}`). Fields left out of a stored mapping take
/// their [`Mapping::default`] value; `dedup_key` set to `null` hashes the whole payload.
///
/// Templates may print (`{{ }}`), use `if` and `for`, filters and tests; they may not assign
/// (`set`), define macros or use `*`, and run under [`super::LIMITS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Mapping {
    /// What makes two requests about the same alert. When it is unset or renders empty, the
    /// key is the SHA-256 of the payload's canonical JSON (same payload, same alert).
    pub dedup_key: Option<String>,
    /// One line saying what is wrong.
    pub summary: String,
    /// How bad: rendered, then read leniently (`critical`, `P2`, `warn`, `high`...); empty or
    /// unrecognised gives `error`.
    pub severity: Option<String>,
    /// The machine or component it is about; empty gives none.
    pub source: Option<String>,
    /// A link to the alert at its sender (must render an http or https URL).
    pub link: Option<String>,
    /// A condition (an expression, without `{{ }}`) true when the request resolves the alert,
    /// e.g. `payload.state == "ok"`.
    pub resolve_when: Option<String>,
    /// A condition true when the request says someone acknowledged it (checked after
    /// `resolve_when`).
    pub acknowledge_when: Option<String>,
    /// Labels: name to template; a label that renders empty is left out.
    pub labels: BTreeMap<String, String>,
    /// Annotations (descriptive text): name to template; empty ones are left out.
    pub annotations: BTreeMap<String, String>,
}

impl Default for Mapping {
    /// Reads bodies like GoAlert's generic API and most hand-written senders: `summary`,
    /// `title` or `message`; `dedup_key`, `dedup` or `id`; resolved by `action: "close"` or
    /// `status: "resolved"`; acknowledged by `action: "acknowledge"` or
    /// `status: "acknowledged"`; `severity`, `source`, `link` or `url`, and `details` or
    /// `description` as the description.
    ///
    /// Each text is cut to 1,000 characters in the template: a field's result is limited to
    /// [`Limits::max_output`] bytes, and a long description must not refuse the alert.
    fn default() -> Mapping {
        Mapping {
            dedup_key: Some(
                "{{ ((payload.dedup_key or payload.dedup or payload.id or '')|string)[:1000] }}"
                    .into(),
            ),
            summary: "{{ ((payload.summary or payload.title or payload.message or '')|string)\
                      [:1000] }}"
                .into(),
            severity: Some("{{ ((payload.severity or '')|string)[:100] }}".into()),
            source: Some("{{ ((payload.source or '')|string)[:1000] }}".into()),
            link: Some("{{ ((payload.link or payload.url or '')|string)[:1000] }}".into()),
            resolve_when: Some(
                "payload.action == \"close\" or payload.status == \"resolved\"".into(),
            ),
            acknowledge_when: Some(
                "payload.action == \"acknowledge\" or payload.status == \"acknowledged\"".into(),
            ),
            labels: BTreeMap::new(),
            annotations: BTreeMap::from([(
                "description".into(),
                "{{ ((payload.details or payload.description or '')|string)[:1000] }}".into(),
            )]),
        }
    }
}

/// A problem with one field of a mapping, or of its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = MappingFieldError)]
pub struct FieldError {
    /// The field: `summary`, `resolve_when`, `labels.team`; `body` for the request itself.
    pub field: String,
    /// What is wrong, with the template line where there is one.
    pub message: String,
}

impl FieldError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// What reading one body gave: the alert, the errors that refuse it, and what was adjusted.
pub(crate) struct Outcome {
    pub alert: AlertSignal,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

impl Mapping {
    /// Every template and condition that is set, by field name, and whether it is a condition.
    fn fields(&self) -> Vec<(String, &str, bool)> {
        let singles = [
            ("dedup_key", self.dedup_key.as_deref(), false),
            ("summary", Some(self.summary.as_str()), false),
            ("severity", self.severity.as_deref(), false),
            ("source", self.source.as_deref(), false),
            ("link", self.link.as_deref(), false),
            ("resolve_when", self.resolve_when.as_deref(), true),
            ("acknowledge_when", self.acknowledge_when.as_deref(), true),
        ];
        let singles = singles
            .into_iter()
            .filter_map(|(name, s, cond)| Some((name.to_owned(), s?, cond)));
        let maps = [("labels", &self.labels), ("annotations", &self.annotations)];
        let maps = maps.into_iter().flat_map(|(kind, map)| {
            map.iter()
                .map(move |(name, t)| (format!("{kind}.{name}"), t.as_str(), false))
        });
        singles
            .chain(maps)
            .filter(|(_, s, _)| !s.trim().is_empty())
            .collect()
    }

    /// Compiles every template and condition: each problem as (field, "line N: what").
    pub fn check(&self) -> Result<(), Vec<(String, String)>> {
        let sandbox = Sandbox::new(Limits::default());
        let mut errors = Vec::new();
        if self.summary.trim().is_empty() {
            errors.push(("summary".into(), "a summary template is required".into()));
        }
        for (kind, map) in [("labels", &self.labels), ("annotations", &self.annotations)] {
            if map.keys().any(|k| k.trim().is_empty()) {
                errors.push((kind.into(), "a name is empty".into()));
            }
        }
        for (field, source, condition) in self.fields() {
            let checked = if condition {
                sandbox.check_expression(source)
            } else {
                sandbox.check_template(source)
            };
            if let Err(e) = checked {
                errors.push((field, e));
            }
        }
        if errors.is_empty() {
            // A template that compiles may still never finish (a loop over `range(10**9)`):
            // one trial on an empty payload finds those, so they are refused when saved rather
            // than on every request. Other failures on `{}` (a field it needs) are fine here.
            let guards = [
                "steps and was stopped",
                "too many elements",
                "took longer than",
                "is longer than",
                "would be longer than",
            ];
            for e in self.evaluate(&serde_json::json!({})).errors {
                if guards.iter().any(|g| e.message.contains(g)) {
                    errors.push((e.field, e.message));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Reads a request body (a JSON object or array) into an alert; refused, naming each
    /// field, when a template fails.
    pub fn apply(&self, body: &[u8]) -> Result<AlertSignal, Rejection> {
        let payload = parse_body(body).map_err(|e| Rejection::one(e.clone(), e))?;
        let outcome = self.evaluate(&payload);
        if outcome.errors.is_empty() {
            return Ok(outcome.alert);
        }
        Err(Rejection {
            message: "the integration's mapping could not read this request".into(),
            errors: outcome
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect(),
        })
    }

    /// Runs every field over a parsed payload (as templates see it: [`view`]).
    pub(crate) fn evaluate(&self, payload: &serde_json::Value) -> Outcome {
        let sandbox = Sandbox::new(Limits::default());
        let ctx = minijinja::context! { payload => Value::from_serialize(view(payload, 0)) };
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut text = |field: &str, source: Option<&str>| -> Option<String> {
            let source = source.filter(|s| !s.trim().is_empty())?;
            match sandbox.render(source, &ctx) {
                Ok(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
                Err(e) => {
                    errors.push(FieldError::new(field, e));
                    None
                }
            }
        };
        let key = text("dedup_key", self.dedup_key.as_deref());
        let summary = text("summary", Some(&self.summary));
        let severity_text = text("severity", self.severity.as_deref());
        let source = text("source", self.source.as_deref());
        let link = text("link", self.link.as_deref());
        let labels = rendered_map(&mut text, "labels", &self.labels);
        let annotations = rendered_map(&mut text, "annotations", &self.annotations);

        let mut condition = |field: &str, source: Option<&str>| -> bool {
            let Some(source) = source.filter(|s| !s.trim().is_empty()) else {
                return false;
            };
            sandbox.condition(source, &ctx).unwrap_or_else(|e| {
                errors.push(FieldError::new(field, e));
                false
            })
        };
        let status = if condition("resolve_when", self.resolve_when.as_deref()) {
            AlertStatus::Resolved
        } else if condition("acknowledge_when", self.acknowledge_when.as_deref()) {
            AlertStatus::Acknowledged
        } else {
            AlertStatus::Firing
        };

        let (dedup_key, key_from) = match key {
            Some(k) if k.len() > MAX_DEDUP_KEY => {
                warnings.push(FieldError::new(
                    "dedup_key",
                    format!("longer than {MAX_DEDUP_KEY} bytes: its SHA-256 is used"),
                ));
                (sha256_hex(k.as_bytes()), KeySource::Template)
            }
            Some(k) => (k, KeySource::Template),
            None => (payload_hash(payload), KeySource::PayloadHash),
        };
        let summary = match summary {
            Some(s) => truncate_chars(&s, MAX_SUMMARY),
            None => {
                if status == AlertStatus::Firing {
                    warnings.push(FieldError::new("summary", "rendered empty"));
                }
                NO_SUMMARY.to_owned()
            }
        };
        let severity = match severity_text {
            None => AlertSeverity::Error,
            Some(s) => AlertSeverity::parse_loose(&s).unwrap_or_else(|| {
                warnings.push(FieldError::new(
                    "severity",
                    format!("'{s}' is not a severity: error is used"),
                ));
                AlertSeverity::Error
            }),
        };
        let links = match link {
            Some(href) if href.starts_with("https://") || href.starts_with("http://") => {
                vec![AlertLink {
                    href,
                    text: String::new(),
                }]
            }
            Some(href) => {
                // A link is shown as a clickable href: anything but http(s) could run script.
                warnings.push(FieldError::new(
                    "link",
                    format!("'{href}' is not an http or https URL: left out"),
                ));
                Vec::new()
            }
            None => Vec::new(),
        };
        Outcome {
            alert: AlertSignal {
                dedup_key,
                key_from,
                status,
                summary,
                severity,
                source,
                labels,
                annotations,
                links,
                starts_at: None,
                ends_at: None,
                sender_group: None,
            },
            errors,
            warnings,
        }
    }
}

fn rendered_map(
    text: &mut impl FnMut(&str, Option<&str>) -> Option<String>,
    kind: &str,
    templates: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    templates
        .iter()
        .filter_map(|(name, t)| Some((name.clone(), text(&format!("{kind}.{name}"), Some(t))?)))
        .collect()
}

/// The body as JSON, refused unless it is an object or an array.
pub(crate) fn parse_body(body: &[u8]) -> Result<serde_json::Value, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    if !(value.is_object() || value.is_array()) {
        return Err("the body must be a JSON object or array".into());
    }
    Ok(value)
}

/// SHA-256 (hex) of the payload's canonical JSON: keys sorted at every level, no spaces, so
/// the same content gives the same key whatever order the sender wrote it in.
pub fn payload_hash(payload: &serde_json::Value) -> String {
    let mut out = String::new();
    canonical(payload, &mut out);
    sha256_hex(out.as_bytes())
}

fn canonical(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                canonical(v, out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Longest string templates see of a payload, in bytes: the fields they make are cut far
/// shorter anyway, and a loop working on megabyte strings is what fuel alone cannot bound.
pub const VIEW_STRING: usize = 4096;
/// Most items templates see of a payload array.
pub const VIEW_ITEMS: usize = 200;
/// Deepest nesting templates see.
const VIEW_DEPTH: usize = 32;

/// The payload as templates see it: strings cut to [`VIEW_STRING`] bytes (on a character
/// boundary), arrays to their first [`VIEW_ITEMS`] items, nesting to 32 levels. With these,
/// the time a render takes is bounded by its fuel, whatever the payload.
pub(crate) fn view(v: &serde_json::Value, depth: usize) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::String(s) if s.len() > VIEW_STRING => {
            let mut end = VIEW_STRING;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            J::String(s[..end].to_owned())
        }
        J::Array(items) if depth < VIEW_DEPTH => J::Array(
            items
                .iter()
                .take(VIEW_ITEMS)
                .map(|i| view(i, depth + 1))
                .collect(),
        ),
        J::Object(map) if depth < VIEW_DEPTH => J::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), view(v, depth + 1)))
                .collect(),
        ),
        J::Array(_) | J::Object(_) => J::Null,
        other => other.clone(),
    }
}
