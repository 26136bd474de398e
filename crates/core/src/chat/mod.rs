//! Chat: the rules Slack and Mattermost share, so both platforms behave the same and the
//! adapters only speak wire formats. What a slash command asks for ([`command`]), who a mention
//! names ([`person`]), what an incident channel is called ([`channel_name`]), where and how
//! often the company-wide announcement is edited ([`announce`]), when an incident manager
//! is reminded to post a status update ([`reminder`]), what a person's home in the app shows
//! ([`home`]) and how a link to an incident is previewed ([`unfurl`]).

pub mod announce;
pub mod card;
pub mod channel_name;
pub mod command;
pub mod home;
pub mod inbound;
pub mod markdown;
pub mod mrkdwn;
mod origin;
pub mod person;
pub mod reminder;
pub mod settings;
pub mod unfurl;

pub use origin::{origin_of, stamp_origin, ChatOrigin};

#[cfg(test)]
mod command_tests;

/// The chat platforms Goldseam speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Platform {
    /// Slack, through a workspace's own app (Socket Mode or HTTP).
    Slack,
    /// Mattermost, through a bot account, a slash command and the WebSocket.
    Mattermost,
    /// Microsoft Teams, through a Workflows webhook (announcements only).
    Teams,
}

impl Platform {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Slack => "slack",
            Platform::Mattermost => "mattermost",
            Platform::Teams => "teams",
        }
    }

    /// The longest channel name the platform accepts.
    pub fn channel_name_cap(self) -> usize {
        match self {
            Platform::Slack => 80,
            Platform::Mattermost => 64,
            Platform::Teams => 50,
        }
    }
}
