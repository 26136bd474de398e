//! Chat platforms: Slack (Web API, Socket Mode or signed HTTP), later Mattermost and Teams. The
//! rules they share (commands, channel names, announcements, reminders) live in
//! `goldseam_core::chat`; these modules speak the wire formats.

pub mod api;
pub mod mattermost;
pub mod slack;
