//! The Mattermost settings Goldseam runs with: where the server is, the bot's token, the team
//! incident channels are made in, the slash command's token, and (optionally) the secret
//! buttons are signed with.

use crate::Secret;
use std::time::Duration;

/// Mattermost, as configured (`delivery.mattermost_*`).
#[derive(Clone)]
pub struct MattermostApp {
    /// The site URL, `https://chat.example.com` (the API is under `/api/v4`).
    pub url: String,
    /// The bot account's access token.
    pub bot_token: Secret,
    /// The team incident channels are created in (its 26-character id).
    pub team_id: String,
    /// The token Mattermost generated for the `/inc` slash command; without it, commands are
    /// refused (nothing else proves they came from Mattermost).
    pub command_token: Option<Secret>,
    /// The secret buttons and the declare dialog are signed with; none: one derived from the
    /// installation's secret key.
    pub action_secret: Option<Secret>,
    /// How long one REST call may take.
    pub timeout: Duration,
}

impl std::fmt::Debug for MattermostApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MattermostApp")
            .field("url", &self.url)
            .field("team_id", &self.team_id)
            .field("commands", &self.command_token.is_some())
            .field("own_action_secret", &self.action_secret.is_some())
            .finish()
    }
}
