//! Links to incidents, previewed where they are posted (Slack's unfurls). A link is this
//! Goldseam's only when it is the web room's address under its public URL
//! (`{public_url}/incidents/INC-42`, as `incident_link` builds it and the web app routes it).
//!
//! Whoever posted the link, the preview is read by everyone in the conversation, and Goldseam
//! cannot know who they are: the preview shows only what anyone may see ([`shown_to_anyone`]).
//! A private incident's link therefore unfurls as "Restricted incident", with nothing of its
//! title or state.

use super::card::{accent_of, severity_label, Accent, Card};
use crate::actor::{Actor, UserRole};
use crate::catalog::Catalog;
use crate::id::IncidentId;
use crate::incident::IncidentState;
use crate::policy::{can_view, Visibility};
use crate::UserId;

/// The most links of one message that are previewed.
pub const MAX_LINKS: usize = 10;

/// The reader of a preview: anyone at all, with the least access (no account's participation,
/// the viewer role).
const ANYONE: Actor = Actor {
    user_id: UserId::from_db(0),
    role: UserRole::Viewer,
};

/// The incident `url` is the web room of, when `url` is under `public_url` (the scheme and the
/// host's case aside) and names it as the web app does (`/incidents/INC-42`, perhaps with a
/// trailing slash, a query or a fragment). Anything else (a postmortem's page, another site,
/// a bare number) is not an incident link.
pub fn incident_in_link(public_url: &str, url: &str) -> Option<IncidentId> {
    let base = without_scheme(public_url.trim().trim_end_matches('/'))?;
    let url = without_scheme(url.trim())?;
    let (base_host, base_path) = split_host(base);
    let (host, path) = split_host(url);
    if !host.eq_ignore_ascii_case(base_host) {
        return None;
    }
    let rest = path.strip_prefix(base_path)?.strip_prefix("/incidents/")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (reference, after) = rest.split_at(end);
    // The room itself: a trailing slash, a query or a fragment, but no deeper page.
    let tail = after.strip_prefix('/').unwrap_or(after);
    if !(tail.is_empty() || tail.starts_with(['?', '#'])) {
        return None;
    }
    let prefixed = reference
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("INC-"));
    if !prefixed {
        return None;
    }
    IncidentId::parse_reference(reference).ok()
}

fn without_scheme(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https").then_some(rest)
}

/// The host (with its port) and what follows it (empty or starting with `/`, `?` or `#`).
fn split_host(url: &str) -> (&str, &str) {
    url.split_at(url.find(['/', '?', '#']).unwrap_or(url.len()))
}

/// Whether a preview may show the incident: the policy's answer for a reader with no access
/// beyond everyone's.
pub fn shown_to_anyone(state: &IncidentState) -> bool {
    can_view(
        &ANYONE,
        Visibility {
            private: state.private,
            actor_participates: false,
        },
    )
}

/// The preview of an incident's link: a compact card (title, severity, status) when anyone
/// may see it, else [`restricted`].
pub fn preview(state: &IncidentState, link: &str, catalog: &Catalog) -> Card {
    if !shown_to_anyone(state) {
        return restricted(link);
    }
    Card {
        title: format!("{} · {}", state.id.reference(), state.title),
        link: link.to_string(),
        accent: accent_of(state),
        fields: vec![
            (
                "Severity".to_string(),
                severity_label(catalog, state.severity.as_str()),
            ),
            ("Status".to_string(), state.status.label().to_string()),
        ],
        body: None,
        buttons: Vec::new(),
        footer: None,
    }
}

/// The preview of a link to an incident the conversation may not see: that it exists and
/// is restricted, and nothing else.
pub fn restricted(link: &str) -> Card {
    Card {
        title: "Restricted incident".into(),
        link: link.to_string(),
        accent: Accent::Restricted,
        fields: Vec::new(),
        body: None,
        buttons: Vec::new(),
        footer: Some("Only the people working on it can see it in Goldseam.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::severity::{SeverityKey, TypeKey};
    use crate::status::Status;

    const BASE: &str = "https://goldseam.example.com";

    fn state(private: bool) -> IncidentState {
        let mut s = IncidentState::new(
            IncidentId::from_db(42),
            "2026-12-04T10:00:00Z".parse().unwrap(),
            SeverityKey::parse("severity", "SEV2").unwrap(),
            TypeKey::parse("type", "default").unwrap(),
        );
        s.title = "Checkout down".into();
        s.status = Status::Active;
        s.private = private;
        s
    }

    #[test]
    fn only_this_goldseams_room_links_name_an_incident() {
        let inc = |n| Some(IncidentId::from_db(n));
        for (url, want) in [
            ("https://goldseam.example.com/incidents/INC-42", inc(42)),
            ("https://goldseam.example.com/incidents/inc-7/", inc(7)),
            (
                "http://GOLDSEAM.example.com/incidents/INC-42?tab=timeline",
                inc(42),
            ),
            (
                "https://goldseam.example.com/incidents/INC-42#event-9",
                inc(42),
            ),
            ("https://goldseam.example.com/incidents/42", None),
            ("https://goldseam.example.com/incidents/INC-042", None),
            (
                "https://goldseam.example.com/incidents/INC-42/postmortem",
                None,
            ),
            ("https://goldseam.example.com/incidents", None),
            (
                "https://goldseam.example.com.evil.test/incidents/INC-42",
                None,
            ),
            ("https://other.example.com/incidents/INC-42", None),
            ("https://goldseam.example.com/other/incidents/INC-42", None),
            ("ftp://goldseam.example.com/incidents/INC-42", None),
            ("goldseam.example.com/incidents/INC-42", None),
        ] {
            assert_eq!(incident_in_link(BASE, url), want, "{url}");
        }
        // Under a path, and with the public URL's trailing slash.
        let sub = "https://example.com/goldseam/";
        assert_eq!(
            incident_in_link(sub, "https://example.com/goldseam/incidents/INC-3"),
            inc(3)
        );
        assert_eq!(
            incident_in_link(sub, "https://example.com/incidents/INC-3"),
            None
        );
        // With a port.
        assert_eq!(
            incident_in_link(
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080/incidents/INC-5"
            ),
            inc(5)
        );
        assert_eq!(
            incident_in_link(
                "http://127.0.0.1:8080",
                "http://127.0.0.1:9090/incidents/INC-5"
            ),
            None
        );
    }

    #[test]
    fn a_public_incident_previews_its_title_severity_and_status() {
        let link = format!("{BASE}/incidents/INC-42");
        let card = preview(&state(false), &link, &Catalog::default());
        assert_eq!(card.title, "INC-42 · Checkout down");
        assert_eq!(card.link, link);
        assert_eq!(
            card.fields,
            [
                ("Severity".to_string(), "SEV2 · Significant".to_string()),
                ("Status".to_string(), "Active".to_string())
            ]
        );
        assert_eq!(card.accent, Accent::Active);
        assert!(card.buttons.is_empty());
    }

    #[test]
    fn a_private_incident_previews_as_restricted_with_nothing_of_it() {
        let link = format!("{BASE}/incidents/INC-42");
        let card = preview(&state(true), &link, &Catalog::default());
        assert_eq!(card, restricted(&link));
        assert_eq!(card.title, "Restricted incident");
        assert_eq!(card.accent, Accent::Restricted);
        let shown = format!("{card:?}");
        for secret in ["Checkout", "SEV2", "Active"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
    }
}
