//! Starting Slack's side of chat with the server: once `auth.test` says who the bot is (tried
//! again until Slack answers, so a server started while Slack is down catches up), the engine
//! starts, the HTTP request URLs go live, and with an app-level token the Socket Mode link
//! opens. Both transports hand what arrives to [`super::hub::receive`].

use super::hub::{receive, ChatHub, SlackInbound};
use super::ChatEngine;
use goldseam_core::chat::Platform;
use goldseam_integrations::chat::slack::adapter::SlackChat;
use goldseam_integrations::chat::slack::app::SlackApp;
use goldseam_integrations::chat::slack::socket::{run_socket_mode, socket_envelope_parsed};
use goldseam_integrations::Slack;
use goldseam_store::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Runs Slack chat until `stopped` turns true.
pub fn start(
    store: Store,
    slack: &Slack,
    app: &SlackApp,
    public_url: &str,
    hub: Arc<ChatHub>,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    let app = app.clone();
    // The chat engine shares the pages' limiter but waits longer on it than a page may.
    let client = slack
        .client()
        .clone()
        .with_patience(Duration::from_secs(10));
    let public_url = public_url.to_string();
    tokio::spawn(async move {
        let mut wait = Duration::from_secs(1);
        let bot = loop {
            match client.auth_test().await {
                Ok(bot) => break bot,
                Err(e) => {
                    tracing::warn!(error = %e, "Slack: auth.test failed; chat waits for Slack");
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = stopped.changed() => return,
                    }
                    wait = (wait * 2).min(Duration::from_secs(60));
                }
            }
        };
        tracing::info!(bot = %bot.user_id, team = %bot.team_id, "Slack: chat runs");
        let bot_user = bot.user_id.clone();
        // Socket Mode opens its links through the same client (same Slack, same limiter).
        let socket_client = client.clone();
        let engine = ChatEngine::start(store.clone(), SlackChat::new(client, bot), &public_url);
        let wake = engine.waker();
        hub.set_slack(SlackInbound {
            signing_secret: app.signing_secret.clone(),
            bot_user: bot_user.clone(),
            wake: wake.clone(),
        });
        if let Some(token) = app.app_token.clone() {
            let handler = move |env| {
                let store = store.clone();
                let wake = wake.clone();
                let bot_user = bot_user.clone();
                async move {
                    let parsed = socket_envelope_parsed(&env, &bot_user);
                    receive(&store, Platform::Slack, wake.as_ref(), &parsed)
                        .await
                        .map_err(|e| e.to_string())
                }
            };
            run_socket_mode(&socket_client, token, handler, stopped.clone()).await;
        } else {
            let _ = stopped.wait_for(|s| *s).await;
        }
        engine.stop().await;
    })
}
