//! Templates over alerts: a generic webhook's [`Mapping`] from any JSON payload to an alert,
//! its [`preview`] against a sample, and incident titles made from an alert ([`render_title`]).
//!
//! Templates are minijinja (Jinja2) run in a sandbox ([`LIMITS`]): integration admins write
//! them, but payloads come from anywhere, and a template that loops, recurses or builds huge
//! strings must fail quickly with a clear error rather than stall alert processing.

mod mapping;
mod sandbox;
mod vet;

#[cfg(test)]
mod limits_tests;
#[cfg(test)]
mod tests;

pub use mapping::{payload_hash, FieldError, Mapping, NO_SUMMARY};
pub use sandbox::{Limits, LIMITS};

use super::signal::{truncate_chars, AlertSeverity, AlertSignal, AlertStatus, KeySource};
use sandbox::Sandbox;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Longest incident title made by [`render_title`], in characters.
pub const MAX_TITLE: usize = 200;

/// What a mapping makes of a sample payload, for the integration page's preview: each field's
/// result, and each field's error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[schema(as = MappingPreview)]
pub struct Preview {
    /// Whether a request with this body would be accepted (no errors).
    pub accepted: bool,
    /// The alert's dedup key.
    pub dedup_key: Option<String>,
    /// Where the key came from (the template, or the payload's hash).
    pub key_from: Option<KeySource>,
    /// Firing, acknowledged or resolved, by the conditions.
    pub status: Option<AlertStatus>,
    /// The summary.
    pub summary: Option<String>,
    /// The severity.
    pub severity: Option<AlertSeverity>,
    /// The source, when it rendered.
    pub source: Option<String>,
    /// The link, when it rendered a URL.
    pub link: Option<String>,
    /// The labels that rendered.
    pub labels: BTreeMap<String, String>,
    /// The annotations that rendered.
    pub annotations: BTreeMap<String, String>,
    /// What refuses the request, by field (`body` when the sample is not a JSON object or
    /// array).
    pub errors: Vec<FieldError>,
    /// What was adjusted without refusing it (an unknown severity, a link that is not a URL,
    /// an empty summary).
    pub warnings: Vec<FieldError>,
}

/// Runs `mapping` over a sample body, as [`Mapping::apply`] would, keeping every result and
/// every error.
pub fn preview(mapping: &Mapping, sample: &[u8]) -> Preview {
    let payload = match mapping::parse_body(sample) {
        Ok(p) => p,
        Err(e) => {
            return Preview {
                errors: vec![FieldError {
                    field: "body".into(),
                    message: e,
                }],
                ..Preview::default()
            }
        }
    };
    let outcome = mapping.evaluate(&payload);
    let alert = outcome.alert;
    Preview {
        accepted: outcome.errors.is_empty(),
        dedup_key: Some(alert.dedup_key),
        key_from: Some(alert.key_from),
        status: Some(alert.status),
        summary: Some(alert.summary),
        severity: Some(alert.severity),
        source: alert.source,
        link: alert.links.into_iter().next().map(|l| l.href),
        labels: alert.labels,
        annotations: alert.annotations,
        errors: outcome.errors,
        warnings: outcome.warnings,
    }
}

/// An incident title from a template over the alert, seen as `alert` (`summary`, `severity`,
/// `status`, `source`, `labels`, `annotations`, `dedup_key`, `links`): under the same limits
/// as mappings, trimmed and cut to [`MAX_TITLE`] characters. An error, or an empty title, is
/// described in one line.
pub fn render_title(template: &str, alert: &AlertSignal) -> Result<String, String> {
    let sandbox = Sandbox::new(LIMITS);
    let ctx = minijinja::context! { alert => minijinja::Value::from_serialize(alert) };
    let title = sandbox.render(template, &ctx)?;
    let title = title.trim();
    if title.is_empty() {
        return Err("the title template rendered nothing".into());
    }
    Ok(truncate_chars(title, MAX_TITLE))
}
