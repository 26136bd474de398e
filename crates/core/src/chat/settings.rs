//! What an admin sets for chat: where incidents are announced, whether each incident gets a
//! channel and what it is called, which emoji pins, when channels are archived and how often an
//! incident manager is reminded. Stored as one JSON document and replaced whole.

use super::announce::AnnouncementRoutes;
use super::channel_name::{ChannelNameTemplate, DEFAULT_TEMPLATE};
use super::reminder::ReminderPolicy;
use crate::error::DomainError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest an admin may keep a closed incident's channel open.
pub const MAX_ARCHIVE_DAYS: u32 = 365;

/// The chat settings, as stored and as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChatSettings {
    /// The channel every incident is announced in (by id, `C…`, or `#name`); none: no
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
    /// Minutes without a status update after which the incident manager is reminded, per
    /// severity key.
    pub reminder_minutes: BTreeMap<String, u32>,
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
            reminder_minutes: ReminderPolicy::default().minutes,
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
        for (severity, minutes) in &self.reminder_minutes {
            if !(5..=24 * 60).contains(minutes) {
                return Err(DomainError::invalid(
                    "reminder_minutes",
                    format!("{severity}: between 5 and 1440 minutes"),
                ));
            }
        }
        let channels = self
            .announcement_channel
            .iter()
            .chain(self.announcement_channels.values());
        for channel in channels {
            let name = channel.trim_start_matches('#');
            if name.is_empty() || name.len() > 80 || name.contains(char::is_whitespace) {
                return Err(DomainError::invalid(
                    "announcement_channel",
                    format!("{channel:?} is not a channel name or id"),
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

    /// The reminder periods.
    pub fn reminders(&self) -> ReminderPolicy {
        ReminderPolicy {
            minutes: self.reminder_minutes.clone(),
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
            serde_json::from_str(r##"{"announcement_channel": "#incidents"}"##).unwrap();
        assert_eq!(s.announcement_channel.as_deref(), Some("#incidents"));
        assert!(s.incident_channels);
        assert_eq!(s.reminder_minutes.get("SEV1"), Some(&30));
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
            bad(|s| {
                s.reminder_minutes.insert("SEV2".into(), 1);
            }),
            "reminder_minutes"
        );
        assert_eq!(
            bad(|s| s.announcement_channel = Some("#".into())),
            "announcement_channel"
        );
    }
}
