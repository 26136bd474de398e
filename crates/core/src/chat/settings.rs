//! What an admin sets for chat: where incidents are announced, whether each incident gets a
//! channel and what it is called, which emoji pins, and when channels are archived. Stored as
//! one JSON document and replaced whole. How often an incident manager is reminded to post a
//! status update is the severity's own cadence (`Severity::update_every_minutes`), the same
//! one the dashboard flags overdue incidents by.

use super::announce::AnnouncementRoutes;
use super::channel_name::{ChannelNameTemplate, DEFAULT_TEMPLATE};
use super::reminder::ReminderPolicy;
use crate::catalog::Catalog;
use crate::error::DomainError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest an admin may keep a closed incident's channel open.
pub const MAX_ARCHIVE_DAYS: u32 = 365;

/// The chat settings, as stored and as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChatSettings {
    /// The channel every incident is announced in, by its id (Slack's `C…`); none: no
    /// announcements.
    pub announcement_channel: Option<String>,
    /// A channel per severity key, replacing the default for it.
    pub announcement_channels: BTreeMap<String, String>,
    /// Whether each incident gets its own channel.
    pub incident_channels: bool,
    /// Its name: `{number}`, `{reference}`, `{title}`, `{severity}`, `{date}`.
    pub channel_name_template: String,
    /// The reaction that pins a message in Goldseam (without colons).
    pub pin_emoji: String,
    /// Days after an incident closes before its channel is archived.
    pub archive_after_days: u32,
}

impl Default for ChatSettings {
    fn default() -> Self {
        ChatSettings {
            announcement_channel: None,
            announcement_channels: BTreeMap::new(),
            incident_channels: true,
            channel_name_template: DEFAULT_TEMPLATE.into(),
            pin_emoji: "pushpin".into(),
            archive_after_days: 7,
        }
    }
}

impl ChatSettings {
    /// Checks everything an admin typed, naming the field that is wrong.
    pub fn validate(&self) -> Result<(), DomainError> {
        ChannelNameTemplate::parse(&self.channel_name_template)?;
        let emoji = self.pin_emoji.trim_matches(':');
        if emoji.is_empty()
            || emoji.len() > 100
            || !emoji
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-+'".contains(c))
        {
            return Err(DomainError::invalid(
                "pin_emoji",
                "an emoji name such as pushpin (letters, digits, _ - +)",
            ));
        }
        if self.archive_after_days > MAX_ARCHIVE_DAYS {
            return Err(DomainError::invalid(
                "archive_after_days",
                format!("at most {MAX_ARCHIVE_DAYS} days"),
            ));
        }
        let channels = self
            .announcement_channel
            .iter()
            .map(|c| ("announcement_channel".to_string(), c))
            .chain(
                self.announcement_channels
                    .iter()
                    .map(|(severity, c)| (format!("announcement_channels.{severity}"), c)),
            );
        for (field, channel) in channels {
            if channel.starts_with('#') {
                return Err(DomainError::invalid(
                    field.clone(),
                    format!("{channel:?} is a name: use the channel's id (in Slack, at the bottom of the channel's details: C…)"),
                ));
            }
            if channel.is_empty()
                || channel.len() > 80
                || !channel.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return Err(DomainError::invalid(
                    field.clone(),
                    format!("{channel:?} is not a channel id (letters and digits, like C024BE91L)"),
                ));
            }
        }
        Ok(())
    }

    /// Checks that every severity given a channel of its own is one the catalog has.
    pub fn check_severities(&self, catalog: &Catalog) -> Result<(), DomainError> {
        for severity in self.announcement_channels.keys() {
            if catalog.severity(severity).is_err() {
                let known: Vec<&str> = catalog.severities.iter().map(|s| s.key.as_str()).collect();
                return Err(DomainError::invalid(
                    format!("announcement_channels.{severity}"),
                    format!(
                        "there is no severity {severity:?}; the severities are {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Where incidents are announced.
    pub fn routes(&self) -> AnnouncementRoutes {
        AnnouncementRoutes {
            default_channel: self.announcement_channel.clone(),
            per_severity: self.announcement_channels.clone(),
        }
    }

    /// The channel-name template (checked when saved; the default if a stored one is bad).
    pub fn template(&self) -> ChannelNameTemplate {
        ChannelNameTemplate::parse(&self.channel_name_template).unwrap_or_default()
    }

    /// The reminder periods: each severity's status-update cadence.
    pub fn reminders(catalog: &Catalog) -> ReminderPolicy {
        ReminderPolicy {
            minutes: catalog
                .severities
                .iter()
                .filter_map(|s| {
                    let minutes = u32::try_from(s.update_every_minutes?).ok()?;
                    Some((s.key.as_str().to_string(), minutes))
                })
                .collect(),
        }
    }

    /// The pin emoji without colons.
    pub fn pin_emoji(&self) -> &str {
        self.pin_emoji.trim_matches(':')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_partial_documents_fill_in() {
        ChatSettings::default().validate().unwrap();
        let s: ChatSettings =
            serde_json::from_str(r##"{"announcement_channel": "C024BE91L"}"##).unwrap();
        assert_eq!(s.announcement_channel.as_deref(), Some("C024BE91L"));
        assert!(s.incident_channels);
        let policy = ChatSettings::reminders(&Catalog::default());
        assert_eq!(policy.minutes.get("SEV1"), Some(&30));
    }

    #[test]
    fn mistakes_name_their_field() {
        let bad = |f: fn(&mut ChatSettings)| {
            let mut s = ChatSettings::default();
            f(&mut s);
            match s.validate() {
                Err(DomainError::Invalid { field, .. }) => field,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            bad(|s| s.channel_name_template = "inc-{title}".into()),
            "channel_name_template"
        );
        assert_eq!(bad(|s| s.pin_emoji = "two words".into()), "pin_emoji");
        assert_eq!(bad(|s| s.archive_after_days = 9999), "archive_after_days");
        assert_eq!(
            bad(|s| s.announcement_channel = Some("#incidents".into())),
            "announcement_channel"
        );
        assert_eq!(
            bad(|s| {
                s.announcement_channels
                    .insert("SEV1".into(), "sev one".into());
            }),
            "announcement_channels.SEV1"
        );
    }

    #[test]
    fn a_severity_channel_needs_a_known_severity() {
        let mut s = ChatSettings::default();
        s.announcement_channels.insert("SEV1".into(), "C1".into());
        s.check_severities(&Catalog::default()).unwrap();
        s.announcement_channels.insert("SEV9".into(), "C2".into());
        match s.check_severities(&Catalog::default()) {
            Err(DomainError::Invalid { field, message }) => {
                assert_eq!(field, "announcement_channels.SEV9");
                assert!(message.contains("SEV0, SEV1"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
