//! The `[delivery]` keys for Mattermost chat, checked together.

use anyhow::{bail, Result};
use goldseam_integrations::chat::mattermost::app::MattermostApp;
use goldseam_integrations::Secret;
use std::collections::HashMap;
use std::time::Duration;

/// Mattermost chat: the site, the bot's token and the team go together; the command token
/// and the action secret only with them.
pub(super) fn mattermost(
    values: &HashMap<String, String>,
    invalid: &dyn Fn(&str, String) -> anyhow::Error,
    url: &dyn Fn(&str, &str) -> Result<String>,
    timeout: Duration,
) -> Result<Option<MattermostApp>> {
    let get = |k: &str| values.get(k).map(String::as_str);
    let (site, token, team) = (
        get("mattermost_url"),
        get("mattermost_bot_token"),
        get("mattermost_team_id"),
    );
    let extras =
        get("mattermost_command_token").is_some() || get("mattermost_action_secret").is_some();
    let (Some(_), Some(token), Some(team)) = (site, token, team) else {
        if site.is_some() || token.is_some() || team.is_some() || extras {
            bail!(invalid(
                "mattermost_url",
                "set mattermost_url, mattermost_bot_token and mattermost_team_id together (the command token and action secret need them)".into()
            ));
        }
        return Ok(None);
    };
    if team.len() != 26
        || !team
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        bail!(invalid(
            "mattermost_team_id",
            format!("{team:?} is not a team id (26 lowercase letters and digits; the API's GET /api/v4/teams/name/NAME shows it)")
        ));
    }
    Ok(Some(MattermostApp {
        url: url("mattermost_url", "")?,
        bot_token: Secret::new(token),
        team_id: team.to_string(),
        command_token: get("mattermost_command_token").map(Secret::new),
        action_secret: get("mattermost_action_secret").map(Secret::new),
        timeout,
    }))
}
