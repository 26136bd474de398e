//! What admins are told: configuration problems deliveries ran into (the room only says that
//! admins were told), and how far a new install is set up (the first-run checklist).

use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This feature's schemas; its paths come with its routes.
#[derive(OpenApi)]
#[openapi(components(schemas(NoticeDto, NoticeList, SetupDto, ChatSetupDto, ChatLink)))]
pub struct Doc;

/// This feature's routes, each registered with its part of the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(Doc::openapi())
        .routes(routes!(notices))
        .routes(routes!(setup))
}

/// A channel the server is not set up for, as deliveries found out.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeDto {
    /// `email`, `sms`, `voice`, `slack`, `mattermost` or `webhook`.
    pub channel: String,
    /// What is wrong and which settings fix it.
    pub problem: String,
    /// Deliveries that died of it and were not retried since (they are in the dead letters).
    pub failed: i64,
    /// The latest of them.
    #[schema(value_type = String, format = DateTime)]
    pub last_at: Timestamp,
}

/// The current notices.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeList {
    /// Latest first; empty when all is well.
    pub items: Vec<NoticeDto>,
}

/// How far the install is set up.
#[derive(Debug, Serialize, ToSchema)]
pub struct SetupDto {
    /// Whether email (SMTP) is configured on this server.
    pub email: bool,
    /// Whether SMS and voice (Twilio) are configured.
    pub sms: bool,
    /// Whether Slack direct messages (paging, notifications) are configured: a bot token.
    pub slack: bool,
    /// Where Goldseam's chat app runs and whether it reached each platform.
    pub chat: ChatSetupDto,
    /// Active people.
    pub people: i64,
    /// Teams.
    pub teams: i64,
    /// Teams with an on-call schedule.
    pub teams_on_call: i64,
    /// Teams with an escalation policy.
    pub teams_with_policy: i64,
    /// Whether the incident manager on call is set.
    pub incident_manager: bool,
    /// Team names enabled response rules page or inform that do not exist yet.
    pub awaited_teams: Vec<String>,
}

/// The chat platforms Goldseam's chat app is set up for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChatSetupDto {
    /// Slack's app (announcements, incident channels, `/inc`): its link, and how Slack reaches
    /// Goldseam (`socket_mode`, or `request_urls` without an app-level token).
    pub slack: ChatLink,
    /// `socket_mode` or `request_urls`; null when the Slack app is not configured.
    pub slack_transport: Option<String>,
    /// Mattermost's bot and `/inc` command.
    pub mattermost: ChatLink,
    /// Announcements to a Microsoft Teams Workflows webhook (post only: configured is as far
    /// as Goldseam can tell).
    pub microsoft_teams: ChatLink,
}

/// How far Goldseam got with a chat platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChatLink {
    /// Not in the configuration.
    NotConfigured,
    /// Configured, but the platform has not answered yet (down, unreachable, or the token
    /// refused: the server log says which); Goldseam keeps trying.
    Waiting,
    /// Configured, and the chat engine runs.
    Connected,
}

impl ChatLink {
    fn of(configured: bool, running: bool) -> ChatLink {
        match (configured, running) {
            (false, _) => ChatLink::NotConfigured,
            (true, false) => ChatLink::Waiting,
            (true, true) => ChatLink::Connected,
        }
    }
}

/// Configuration problems deliveries ran into (admins).
#[utoipa::path(get, operation_id = "list_admin_notices", path = "/api/v1/admin/notices", tag = "delivery",
    responses((status = 200, body = NoticeList), (status = 403, body = Problem)))]
pub async fn notices(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<NoticeList>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let items = state
        .store
        .admin_notices()
        .await?
        .into_iter()
        .map(|n| NoticeDto {
            channel: n.channel,
            problem: n.problem,
            failed: n.failed,
            last_at: n.last_at,
        })
        .collect();
    Ok(Json(NoticeList { items }))
}

/// How far this install is set up, for the first-run checklist (admins).
#[utoipa::path(get, operation_id = "show_setup", path = "/api/v1/admin/setup", tag = "settings",
    responses((status = 200, body = SetupDto), (status = 403, body = Problem)))]
pub async fn setup(State(state): State<AppState>, auth: Auth) -> Result<Json<SetupDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let s = state.store.setup_state().await?;
    let channels = &state.config.delivery.channels;
    Ok(Json(SetupDto {
        email: channels.email.is_some(),
        sms: channels.twilio.is_some(),
        slack: channels.slack.is_some(),
        chat: ChatSetupDto {
            slack: ChatLink::of(
                channels.slack.is_some() && channels.slack_app.is_some(),
                state.chat.slack().is_some(),
            ),
            slack_transport: channels.slack_app.as_ref().map(|app| {
                match app.app_token {
                    Some(_) => "socket_mode",
                    None => "request_urls",
                }
                .to_string()
            }),
            mattermost: ChatLink::of(
                channels.mattermost.is_some(),
                state.chat.mattermost().is_some(),
            ),
            microsoft_teams: ChatLink::of(channels.teams.is_some(), channels.teams.is_some()),
        },
        people: s.people,
        teams: s.teams,
        teams_on_call: s.teams_on_call,
        teams_with_policy: s.teams_with_policy,
        incident_manager: s.incident_manager,
        awaited_teams: s.awaited_teams,
    }))
}
