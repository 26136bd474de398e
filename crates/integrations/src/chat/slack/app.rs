//! What makes Goldseam a Slack app rather than only a sender of pages: the app-level token
//! (Socket Mode) or the signing secret (HTTP request URLs). With neither, a bot token only
//! posts pages and notices.

use crate::Secret;

/// The Slack app's settings beyond the bot token (which, with Slack's address, is the
/// `Slack` sender's: Socket Mode opens its links through that client).
#[derive(Clone)]
pub struct SlackApp {
    /// The app-level token (`xapp-…`, scope `connections:write`): Socket Mode.
    pub app_token: Option<Secret>,
    /// The signing secret: the HTTP request URLs.
    pub signing_secret: Option<Secret>,
}

impl std::fmt::Debug for SlackApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SlackApp")
            .field("socket_mode", &self.app_token.is_some())
            .field("request_urls", &self.signing_secret.is_some())
            .finish()
    }
}
