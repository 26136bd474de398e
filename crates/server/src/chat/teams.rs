//! Starting Teams' side of chat with the server: a Workflows webhook needs no handshake (it
//! has no bot to identify and sends nothing back), so the engine starts at once and only
//! announces. A webhook that is down or refusing shows in the announcement loop's log and is
//! tried again; nothing waits on it.

use super::ChatEngine;
use goldseam_integrations::chat::teams::adapter::TeamsChat;
use goldseam_integrations::chat::teams::webhook::TeamsWebhook;
use goldseam_store::Store;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Runs Teams announcements until `stopped` turns true.
pub fn start(
    store: Store,
    webhook: &TeamsWebhook,
    public_url: &str,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tracing::info!(
        host = webhook.host(),
        "Teams: announcements go to a Workflows webhook"
    );
    let engine = ChatEngine::start(store, TeamsChat::new(webhook), public_url);
    tokio::spawn(async move {
        let _ = stopped.wait_for(|s| *s).await;
        engine.stop().await;
    })
}
