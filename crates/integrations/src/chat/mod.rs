//! Chat platforms: Slack (Web API, Socket Mode or signed HTTP), Mattermost (REST v4 and the
//! WebSocket) and Teams (announcements through a Workflows webhook). The
//! rules they share (commands, channel names, announcements, reminders) live in
//! `goldseam_core::chat`; these modules speak the wire formats.

pub mod api;
pub mod mattermost;
pub mod slack;
pub mod teams;
