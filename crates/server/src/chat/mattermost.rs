//! Starting Mattermost's side of chat with the server: once `GET /users/me` says who the bot
//! is and the team is found (tried again until Mattermost answers, so a server started while
//! Mattermost is down catches up), the engine starts, the routes under
//! `/api/v1/integrations/mattermost/` go live, and the WebSocket opens. What the WebSocket
//! and the routes hear goes through [`super::hub::receive`].
//!
//! The delivery engine's direct messages (pages, codes) go through a clone of the same REST
//! client ([`direct_messages`]), so both draw on one view of the server's rate limit, pages in
//! the urgent lane.

use super::hub::{receive, ChatHub, MattermostInbound};
use super::ChatEngine;
use goldseam_core::chat::inbound::Inbound;
use goldseam_core::chat::Platform;
use goldseam_integrations::chat::api::Parsed;
use goldseam_integrations::chat::mattermost::adapter::{MattermostChat, MattermostSite};
use goldseam_integrations::chat::mattermost::app::MattermostApp;
use goldseam_integrations::chat::mattermost::client::{
    BotIdentity, MattermostClient, MattermostError,
};
use goldseam_integrations::chat::mattermost::context::ContextSigner;
use goldseam_integrations::chat::mattermost::socket::run_websocket;
use goldseam_integrations::MattermostDirect;
use goldseam_store::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Who the bot is and the team's URL name.
async fn identify(
    client: &MattermostClient,
    team_id: &str,
) -> Result<(BotIdentity, String), MattermostError> {
    let bot = client.me().await?;
    let team = client.team_name(team_id).await?;
    Ok((bot, team))
}

/// The REST client for `app`, which chat and the delivery engine's direct messages share.
pub fn client(app: &MattermostApp) -> MattermostClient {
    MattermostClient::new(&app.url, app.bot_token.clone(), app.timeout)
}

/// What buttons are signed with: the configured secret, or one derived from the
/// installation's.
fn signer(store: &Store, app: &MattermostApp) -> ContextSigner {
    let key = match &app.action_secret {
        Some(secret) => secret.expose().as_bytes().to_vec(),
        None => store.chat_signing_key(Platform::Mattermost).to_vec(),
    };
    ContextSigner::new(&key)
}

/// Direct messages from the bot for the delivery engine, through `client`, their buttons
/// calling back under `public_url`.
pub fn direct_messages(
    store: &Store,
    app: &MattermostApp,
    client: &MattermostClient,
    public_url: &str,
) -> MattermostDirect {
    let actions = format!(
        "{}/api/v1/integrations/mattermost/actions",
        public_url.trim_end_matches('/')
    );
    MattermostDirect::new(client.clone(), signer(store, app), actions)
}

/// Runs Mattermost chat through `client` until `stopped` turns true.
pub fn start(
    store: Store,
    app: &MattermostApp,
    client: &MattermostClient,
    public_url: &str,
    hub: Arc<ChatHub>,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    let app = app.clone();
    // Chat waits on the rate limit longer than a page would, not forever.
    let client = client.clone().with_patience(Duration::from_secs(10));
    let public_url = public_url.trim_end_matches('/').to_string();
    tokio::spawn(async move {
        let mut wait = Duration::from_secs(1);
        let (bot, team_name) = loop {
            match identify(&client, &app.team_id).await {
                Ok(found) => break found,
                Err(e) => {
                    tracing::warn!(error = %e, "Mattermost: the bot or the team could not be read; chat waits for Mattermost");
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = stopped.changed() => return,
                    }
                    wait = (wait * 2).min(Duration::from_secs(60));
                }
            }
        };
        tracing::info!(bot = %bot.user_id, team = %team_name, "Mattermost: chat runs");
        let signer = signer(&store, &app);
        let bot_user = bot.user_id.clone();
        let site = MattermostSite {
            bot,
            team_id: app.team_id.clone(),
            team_name,
            callback_base: public_url.clone(),
        };
        let chat = MattermostChat::new(client.clone(), site, signer.clone());
        // Links to channels made before this start name them.
        if let Ok(open) = store.chat_open_channels(Platform::Mattermost).await {
            for c in open {
                chat.remember_channel(&c.channel_id, &c.name);
            }
        }
        let engine = ChatEngine::start(store.clone(), chat, &public_url);
        let wake = engine.waker();
        hub.set_mattermost(MattermostInbound {
            command_token: app.command_token.clone(),
            signer,
            wake: wake.clone(),
        });
        let handler = {
            let store = store.clone();
            move |parsed: Vec<Parsed>| {
                let store = store.clone();
                let wake = wake.clone();
                async move {
                    for p in parsed {
                        // Nothing to keep: a WebSocket event needs no acknowledgement.
                        if let Inbound::Ignored { reason } = &p.inbound {
                            tracing::trace!(%reason, "Mattermost: event skipped");
                            continue;
                        }
                        receive(&store, Platform::Mattermost, wake.as_ref(), &p)
                            .await
                            .map_err(|e| e.to_string())?;
                    }
                    Ok(())
                }
            }
        };
        let channels = {
            let store = store.clone();
            move || {
                let store = store.clone();
                async move {
                    let open = store
                        .chat_open_channels(Platform::Mattermost)
                        .await
                        .map_err(|e| e.to_string())?;
                    Ok(open.into_iter().map(|c| c.channel_id).collect())
                }
            }
        };
        run_websocket(client, &bot_user, handler, channels, stopped.clone()).await;
        engine.stop().await;
    })
}
