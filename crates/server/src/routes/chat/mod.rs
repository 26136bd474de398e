//! Chat over HTTP: the settings admins set (announcement channels, incident channels, the pin
//! emoji, archiving), and Slack's signed request URLs for workspaces that use HTTP
//! rather than Socket Mode (`slack.rs`).

pub mod mattermost;
pub mod slack;

use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::chat::settings::ChatSettings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The chat routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(settings, put_settings))
        .merge(slack::routes())
        .merge(mattermost::routes())
}

/// How Goldseam works in chat. Every field may be left out of a PUT: it takes its default.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ChatSettingsDto {
    /// The channel every incident is announced in, by its id (Slack: `C…`, at the bottom of
    /// the channel's details); none (or empty): no announcements. Private incidents are never
    /// announced.
    #[schema(max_length = 80, pattern = "^[A-Za-z0-9]*$")]
    pub announcement_channel: Option<String>,
    /// A channel per severity key (one the catalog has), in place of the default for it; a
    /// mistake is reported under `announcement_channels.<key>`.
    pub announcement_channels: BTreeMap<String, String>,
    /// Whether each incident gets its own channel.
    pub incident_channels: bool,
    /// The incident channel's name: `{number}` or `{reference}` and any of `{title}`,
    /// `{severity}`, `{date}`.
    #[schema(max_length = 200)]
    pub channel_name_template: String,
    /// The reaction that pins a message in Goldseam (without colons).
    #[schema(max_length = 100)]
    pub pin_emoji: String,
    /// Days after an incident closes before its channel is archived (0 to 365). The incident
    /// manager is reminded to post a status update at the severity's own cadence
    /// (`update_every_minutes` in the catalog).
    #[schema(maximum = 365)]
    pub archive_after_days: u32,
}

impl Default for ChatSettingsDto {
    fn default() -> Self {
        ChatSettings::default().into()
    }
}

impl From<ChatSettings> for ChatSettingsDto {
    fn from(s: ChatSettings) -> Self {
        ChatSettingsDto {
            announcement_channel: s.announcement_channel,
            announcement_channels: s.announcement_channels,
            incident_channels: s.incident_channels,
            channel_name_template: s.channel_name_template,
            pin_emoji: s.pin_emoji,
            archive_after_days: s.archive_after_days,
        }
    }
}

impl From<ChatSettingsDto> for ChatSettings {
    fn from(s: ChatSettingsDto) -> Self {
        ChatSettings {
            announcement_channel: s.announcement_channel.filter(|c| !c.trim().is_empty()),
            announcement_channels: s.announcement_channels,
            incident_channels: s.incident_channels,
            channel_name_template: s.channel_name_template,
            pin_emoji: s.pin_emoji,
            archive_after_days: s.archive_after_days,
        }
    }
}

/// The chat settings.
#[utoipa::path(get, operation_id = "show_chat_settings", path = "/api/v1/chat/settings", tag = "chat",
    responses((status = 200, body = ChatSettingsDto)))]
pub async fn settings(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<ChatSettingsDto>, ApiError> {
    Ok(Json(state.store.chat_settings().await?.into()))
}

/// Replace the chat settings (admins). A mistake names its field and nothing is saved.
#[utoipa::path(put, operation_id = "put_chat_settings", path = "/api/v1/chat/settings", tag = "chat",
    request_body = ChatSettingsDto,
    responses((status = 200, body = ChatSettingsDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_settings(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson { value: body, .. }: ApiJson<ChatSettingsDto>,
) -> Result<Json<ChatSettingsDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let settings: ChatSettings = body.into();
    state.store.put_chat_settings(&settings).await?;
    Ok(Json(settings.into()))
}
