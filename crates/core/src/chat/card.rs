//! What Goldseam shows in a chat, before any platform's markup: a card with a title that links
//! to the room, labelled fields, a body, and buttons. Slack renders it as Block Kit, Mattermost
//! as a message attachment, Teams as an Adaptive Card; each platform's renderer is the only
//! place its markup is written.

use crate::catalog::Catalog;
use crate::incident::IncidentState;
use crate::status::Status;
use serde::{Deserialize, Serialize};

/// A button's job. The value carries the incident (or page) it acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ButtonAction {
    /// Join the incident's channel.
    Join,
    /// Acknowledge a page.
    AckPage,
    /// Resolve the incident.
    Resolve,
}

impl ButtonAction {
    /// The action id the platform sends back.
    pub fn id(self) -> &'static str {
        match self {
            ButtonAction::Join => "goldseam_join",
            ButtonAction::AckPage => "goldseam_ack_page",
            ButtonAction::Resolve => "goldseam_resolve",
        }
    }

    /// The action an id names, if it is one of Goldseam's.
    pub fn from_id(id: &str) -> Option<ButtonAction> {
        [
            ButtonAction::Join,
            ButtonAction::AckPage,
            ButtonAction::Resolve,
        ]
        .into_iter()
        .find(|a| a.id() == id)
    }
}

/// A button on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    /// What it does.
    pub action: ButtonAction,
    /// Its label.
    pub label: String,
    /// What it acts on (`INC-42`, a page id).
    pub value: String,
    /// Shown as dangerous (red on Slack).
    pub danger: bool,
}

/// How urgent the card looks (the colour bar, where the platform has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Accent {
    /// Open and severe.
    Critical,
    /// Open.
    Active,
    /// Mitigated.
    Calm,
    /// Resolved, closed or canceled.
    Done,
    /// Nothing about it may be shown (a private incident's link unfurled in a channel).
    Restricted,
}

/// A card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// The headline (`INC-42 · Checkout down`).
    pub title: String,
    /// The room's address, which the headline links to.
    pub link: String,
    /// How urgent it looks.
    pub accent: Accent,
    /// Labelled facts, in order.
    pub fields: Vec<(String, String)>,
    /// Longer text (the latest status update), markdown.
    pub body: Option<String>,
    /// Buttons.
    pub buttons: Vec<Button>,
    /// A small line under it.
    pub footer: Option<String>,
}

impl Card {
    /// The plain-text form, for notifications and clients that show no cards.
    pub fn fallback(&self) -> String {
        let mut out = self.title.clone();
        for (label, value) in &self.fields {
            out.push_str(&format!(" · {label}: {value}"));
        }
        out
    }
}

/// What an announcement shows beyond the incident's own state: names the engine looked up.
#[derive(Debug, Clone, Default)]
pub struct AnnouncementFacts {
    /// The severity's key and name (`SEV1 · Major`).
    pub severity: String,
    /// The type's name.
    pub incident_type: String,
    /// Each role's name and its holder's name, in the catalog's order.
    pub roles: Vec<(String, String)>,
    /// The room's address.
    pub link: String,
    /// The incident channel, as the platform links it (`<#C123>`), when there is one.
    pub channel: Option<String>,
}

/// How urgent an incident looks, from its status and severity.
pub fn accent_of(state: &IncidentState) -> Accent {
    match state.status {
        s if !s.is_open() => Accent::Done,
        Status::Mitigated => Accent::Calm,
        _ if matches!(state.severity.as_str(), "SEV0" | "SEV1") => Accent::Critical,
        _ => Accent::Active,
    }
}

/// A severity as people read it: its key and name (`SEV1 · Major`), the key alone when the
/// name says the same or the catalog no longer has it.
pub fn severity_label(catalog: &Catalog, key: &str) -> String {
    match catalog.severity(key) {
        Ok(s) if s.name != s.key.as_str() => format!("{} · {}", s.key.as_str(), s.name),
        _ => key.to_string(),
    }
}

/// The incident's card in its own channel, as it is now: the announcement without the way in
/// (no channel field, no Join), with Resolve while the incident is open.
pub fn channel_card(state: &IncidentState, facts: &AnnouncementFacts) -> Card {
    let facts = AnnouncementFacts {
        channel: None,
        ..facts.clone()
    };
    let mut card = announcement(state, &facts);
    if state.status.is_open() {
        card.buttons.push(Button {
            action: ButtonAction::Resolve,
            label: "Resolve".into(),
            value: state.id.reference(),
            danger: true,
        });
    }
    card
}

/// The company-wide announcement of an incident, as it is now.
pub fn announcement(state: &IncidentState, facts: &AnnouncementFacts) -> Card {
    let accent = accent_of(state);
    let mut fields = vec![
        ("Severity".to_string(), facts.severity.clone()),
        ("Status".to_string(), state.status.label().to_string()),
        ("Type".to_string(), facts.incident_type.clone()),
    ];
    fields.extend(facts.roles.iter().cloned());
    if let Some(channel) = &facts.channel {
        fields.push(("Channel".to_string(), channel.clone()));
    }
    let body = state
        .last_update
        .as_ref()
        .map(|u| format!("**Latest update:** {}", u.body))
        .or_else(|| state.summary.clone());
    let mut buttons = Vec::new();
    if state.status.is_open() && facts.channel.is_some() {
        buttons.push(Button {
            action: ButtonAction::Join,
            label: "Join the channel".into(),
            value: state.id.reference(),
            danger: false,
        });
    }
    Card {
        title: format!("{} · {}", state.id.reference(), state.title),
        link: facts.link.clone(),
        accent,
        fields,
        body,
        buttons,
        footer: Some(format!(
            "Declared {}",
            state.declared_at.strftime("%Y-%m-%d %H:%M UTC")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::IncidentId;
    use crate::incident::LastUpdate;
    use crate::severity::{SeverityKey, TypeKey};
    use jiff::Timestamp;

    fn state() -> IncidentState {
        let mut s = IncidentState::new(
            IncidentId::from_db(42),
            "2026-12-04T10:00:00Z".parse().unwrap(),
            SeverityKey::parse("severity", "SEV1").unwrap(),
            TypeKey::parse("type", "default").unwrap(),
        );
        s.title = "Checkout down".into();
        s
    }

    #[test]
    fn the_announcement_shows_the_incident_as_it_is() {
        let mut s = state();
        let facts = AnnouncementFacts {
            severity: "SEV1".into(),
            incident_type: "Default".into(),
            roles: vec![("Incident manager".into(), "Ada".into())],
            link: "https://goldseam.example/incidents/INC-42".into(),
            channel: Some("<#C1>".into()),
        };
        let card = announcement(&s, &facts);
        assert_eq!(card.title, "INC-42 · Checkout down");
        assert_eq!(card.accent, Accent::Critical);
        assert!(card
            .fields
            .contains(&("Incident manager".into(), "Ada".into())));
        assert_eq!(card.buttons[0].action, ButtonAction::Join);
        s.last_update = Some(LastUpdate {
            body: "Rolled back".into(),
            status: Status::Mitigated,
            at: Timestamp::UNIX_EPOCH,
        });
        s.status = Status::Mitigated;
        let card = announcement(&s, &facts);
        assert_eq!(card.accent, Accent::Calm);
        assert_eq!(card.body.as_deref(), Some("**Latest update:** Rolled back"));
        assert!(card
            .fallback()
            .starts_with("INC-42 · Checkout down · Severity: SEV1"));
        assert_eq!(
            ButtonAction::from_id(ButtonAction::AckPage.id()),
            Some(ButtonAction::AckPage)
        );
    }

    #[test]
    fn the_channel_card_offers_resolve_while_open() {
        let mut s = state();
        let facts = AnnouncementFacts {
            severity: "SEV1".into(),
            link: "https://goldseam.example/incidents/INC-42".into(),
            channel: Some("<#C1>".into()),
            ..AnnouncementFacts::default()
        };
        let card = channel_card(&s, &facts);
        let actions: Vec<_> = card.buttons.iter().map(|b| b.action).collect();
        assert_eq!(actions, [ButtonAction::Resolve]);
        assert!(!card.fields.iter().any(|(label, _)| label == "Channel"));
        s.status = Status::Resolved;
        let card = channel_card(&s, &facts);
        assert!(card.buttons.is_empty());
        assert!(card.fields.contains(&("Status".into(), "Resolved".into())));
    }
}
