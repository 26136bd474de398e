//! Declaring: a new incident as parsed from a request, and the events that open it.

use crate::catalog::Catalog;
use crate::error::DomainError;
use crate::event::{EventPayload, TagSource};
use crate::severity::SeverityKey;
use crate::tags::{extract_hashtags, Tag};
use crate::text::{Summary, Title};

/// A new incident, as parsed from a request.
#[derive(Debug, Clone)]
pub struct Declaration {
    /// The title.
    pub title: Title,
    /// The optional summary.
    pub summary: Option<Summary>,
    /// The severity key (checked against the catalog by [`declare`]).
    pub severity: SeverityKey,
    /// The type key as requested (looked up in the catalog by [`declare`], which lists the
    /// valid ones if it is not there); the catalog's default when absent.
    pub incident_type: Option<String>,
    /// Tags given explicitly.
    pub tags: Vec<Tag>,
    /// Visibility; the type's default when absent.
    pub private: Option<bool>,
    /// Affected services, by id (the caller checked they exist).
    pub services: Vec<crate::ServiceId>,
}

/// The events that declare a new incident: `declared`, then its tags.
pub fn declare(d: &Declaration, catalog: &Catalog) -> Result<Vec<EventPayload>, DomainError> {
    let severity = catalog.severity(d.severity.as_str())?.key.clone();
    let incident_type = match &d.incident_type {
        Some(t) => catalog.incident_type(t)?.key.clone(),
        None => catalog.default_type(),
    };
    let kind = catalog.incident_type(incident_type.as_str()).ok();
    let by_default = kind.is_some_and(|t| t.default_private);
    let private = d.private.unwrap_or(by_default);
    // The declarer's own choice needs no explaining; a default does, to whoever wonders why.
    let private_because = (d.private.is_none() && by_default).then(|| {
        format!(
            "{} incidents start private",
            kind.map_or("These", |t| t.name.as_str())
        )
    });
    let mut events = vec![EventPayload::Declared {
        title: d.title.as_str().to_string(),
        summary: d.summary.as_ref().map(|s| s.as_str().to_string()),
        severity,
        incident_type,
        private,
        private_because,
    }];
    let mut seen: Vec<Tag> = Vec::new();
    for tag in &d.tags {
        if !seen.contains(tag) {
            seen.push(tag.clone());
            events.push(EventPayload::TagAdded {
                tag: tag.as_str().into(),
                source: TagSource::Explicit,
            });
        }
    }
    let text = format!(
        "{}\n{}",
        d.title.as_str(),
        d.summary.as_ref().map(|s| s.as_str()).unwrap_or("")
    );
    for tag in extract_hashtags(&text) {
        if !seen.contains(&tag) {
            seen.push(tag.clone());
            events.push(EventPayload::TagAdded {
                tag: tag.as_str().into(),
                source: TagSource::Hashtag,
            });
        }
    }
    let mut services = d.services.clone();
    services.sort_unstable();
    services.dedup();
    events.extend(
        services
            .into_iter()
            .map(|service_id| EventPayload::ServiceAdded { service_id }),
    );
    Ok(events)
}
