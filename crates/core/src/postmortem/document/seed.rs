//! A new postmortem's first content, built once on the server from the incident and its type's
//! template: a title, a header of facts, then one section per template entry. The Timeline section
//! quotes the pinned events and key transitions. Clients never seed, so two people opening a new
//! postmortem at once cannot both fill it.

use super::inline_markdown::parse_inline;
use super::tree::Marks;
use super::FRAGMENT;
use crate::postmortem::TemplateSection;
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;
use std::sync::Arc;
use yrs::types::Attrs;
use yrs::{
    Any, ReadTxn, StateVector, Text, Transact, TransactionMut, Xml, XmlElementPrelim,
    XmlElementRef, XmlFragment, XmlTextPrelim,
};

/// What the seed says about the incident.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedFacts {
    pub reference: String,
    pub title: String,
    pub summary: Option<String>,
    pub severity: String,
    /// The incident type's name.
    pub type_name: Option<String>,
    pub services: Vec<String>,
    pub tags: Vec<String>,
    pub roles: Vec<SeedRole>,
    pub declared_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub mitigated_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    /// Pinned events and key transitions, oldest first.
    pub timeline: Vec<SeedTimelineItem>,
}

/// Who held a role.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedRole {
    /// The role's name ("Incident manager").
    pub role: String,
    pub person: String,
}

/// One event quoted into the Timeline section.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedTimelineItem {
    pub event_id: i64,
    pub at: Timestamp,
    pub author: String,
    /// The event's kind (`comment`, `status_changed`...).
    pub kind: String,
    pub text: String,
}

/// The seed as one Yjs update (v1) for an empty document.
pub fn seed_update(template: &[TemplateSection], facts: &SeedFacts) -> Vec<u8> {
    let doc = super::new_doc();
    let body = doc.get_or_insert_xml_fragment(FRAGMENT);
    let mut txn = doc.transact_mut();
    let title = body.push_back(&mut txn, XmlElementPrelim::empty("heading"));
    title.insert_attribute(&mut txn, "level", Any::from(1i64));
    text(
        &mut txn,
        &title,
        &plain(&format!("{}: {}", facts.reference, facts.title)),
    );

    let header = body.push_back(&mut txn, XmlElementPrelim::empty("bulletList"));
    for (label, value) in header_lines(facts) {
        let item = header.push_back(&mut txn, XmlElementPrelim::empty("listItem"));
        let paragraph = item.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        let bold = Marks {
            bold: true,
            ..Marks::default()
        };
        text(
            &mut txn,
            &paragraph,
            &[
                (format!("{label}:"), bold),
                (format!(" {value}"), Marks::default()),
            ],
        );
    }

    for section in template {
        let heading = body.push_back(&mut txn, XmlElementPrelim::empty("heading"));
        heading.insert_attribute(&mut txn, "level", Any::from(2i64));
        heading.insert_attribute(&mut txn, "section", Any::from(section.key.as_str()));
        text(&mut txn, &heading, &plain(&section.title));
        match section.key.as_str() {
            "timeline" if !facts.timeline.is_empty() => {
                for item in &facts.timeline {
                    let quoted = body.push_back(&mut txn, XmlElementPrelim::empty("timelineEvent"));
                    quoted.insert_attribute(&mut txn, "eventId", Any::from(item.event_id));
                    quoted.insert_attribute(
                        &mut txn,
                        "at",
                        Any::from(item.at.to_string().as_str()),
                    );
                    quoted.insert_attribute(&mut txn, "author", Any::from(item.author.as_str()));
                    quoted.insert_attribute(&mut txn, "kind", Any::from(item.kind.as_str()));
                    text(&mut txn, &quoted, &parse_inline(&item.text));
                }
            }
            key => {
                let paragraph = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
                paragraph.insert_attribute(&mut txn, "help", Any::from(section.help.as_str()));
                if key == "summary" {
                    if let Some(summary) = facts.summary.as_deref().filter(|s| !s.trim().is_empty())
                    {
                        text(&mut txn, &paragraph, &parse_inline(summary));
                    }
                }
            }
        }
    }
    txn.encode_state_as_update_v1(&StateVector::default())
}

/// Appends an XML text made of runs, each with its marks (as y-prosemirror stores them: the
/// mark's name, its attributes as the value).
fn text(txn: &mut TransactionMut, parent: &XmlElementRef, runs: &[(String, Marks)]) {
    let content = parent.push_back(txn, XmlTextPrelim::new(""));
    let mut at = 0u32;
    for (run, marks) in runs {
        let mut attrs = Attrs::new();
        let empty = || Any::from(HashMap::<String, Any>::new());
        for (on, name) in [
            (marks.bold, "bold"),
            (marks.italic, "italic"),
            (marks.code, "code"),
        ] {
            if on {
                attrs.insert(Arc::from(name), empty());
            }
        }
        if let Some(href) = &marks.link {
            attrs.insert(
                Arc::from("link"),
                Any::from(HashMap::from([(
                    "href".to_string(),
                    Any::from(href.as_str()),
                )])),
            );
        }
        content.insert_with_attributes(txn, at, run, attrs);
        // Positions count UTF-16 units, as Yjs in the browser does (see `new_doc`).
        at += run.encode_utf16().count() as u32;
    }
}

/// Text as written, without marks.
fn plain(s: &str) -> Vec<(String, Marks)> {
    vec![(s.to_string(), Marks::default())]
}

/// The header: severity, type, services, tags, roles and how long each stage took.
fn header_lines(facts: &SeedFacts) -> Vec<(String, String)> {
    let mut lines = vec![("Severity".to_string(), facts.severity.clone())];
    if let Some(kind) = &facts.type_name {
        lines.push(("Type".into(), kind.clone()));
    }
    if !facts.services.is_empty() {
        lines.push(("Services".into(), facts.services.join(", ")));
    }
    if !facts.tags.is_empty() {
        lines.push((
            "Tags".into(),
            facts
                .tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        ));
    }
    for role in &facts.roles {
        lines.push((role.role.clone(), role.person.clone()));
    }
    lines.push((
        "Declared".into(),
        facts.declared_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    ));
    let stages = [
        ("Acknowledged", facts.acknowledged_at),
        ("Mitigated", facts.mitigated_at),
        ("Resolved", facts.resolved_at),
    ];
    for (stage, at) in stages {
        if let Some(at) = at {
            lines.push((
                stage.into(),
                format!("after {}", duration(at.duration_since(facts.declared_at))),
            ));
        }
    }
    lines
}

/// "45 min", "2 h 5 min", "3 d 4 h": how people say how long an incident lasted.
pub(crate) fn duration(span: SignedDuration) -> String {
    let minutes = (span.as_secs().max(0) + 30) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, h) if mins == 0 => format!("{h} h"),
        (0, h) => format!("{h} h {mins} min"),
        (d, 0) => format!("{d} d"),
        (d, h) => format!("{d} d {h} h"),
    }
}
