//! Where the transports (Socket Mode, the HTTP request URLs) hand what arrived to the engine:
//! stored in the inbox before the platform is answered, then the engine is woken. The one
//! thing answered at once is a declare form with a mistake: its errors go back in the answer,
//! so they show in the form and nothing is stored.

use goldseam_core::chat::inbound::Inbound;
use goldseam_core::chat::Platform;
use goldseam_integrations::chat::api::declare_fields;
use goldseam_integrations::chat::mattermost::context::ContextSigner;
use goldseam_integrations::chat::slack::inbound::Parsed;
use goldseam_integrations::Secret;
use goldseam_store::{Store, StoreError};
use serde_json::{json, Value};
use std::sync::{Arc, RwLock};

/// What Slack's transports need once the engine runs.
#[derive(Clone)]
pub struct SlackInbound {
    /// The app's signing secret, for the HTTP request URLs.
    pub signing_secret: Option<Secret>,
    /// The bot's user id (its own messages are ignored).
    pub bot_user: String,
    /// Wakes the engine's inbox.
    pub wake: Arc<dyn Fn() + Send + Sync>,
}

/// What Mattermost's routes need once the engine runs.
#[derive(Clone)]
pub struct MattermostInbound {
    /// The `/inc` command's token; without it commands are refused.
    pub command_token: Option<Secret>,
    /// Checks buttons' contexts and dialogs' states.
    pub signer: ContextSigner,
    /// Wakes the engine's inbox.
    pub wake: Arc<dyn Fn() + Send + Sync>,
}

/// The chat transports' shared state (set once the engine has started).
#[derive(Default)]
pub struct ChatHub {
    slack: RwLock<Option<SlackInbound>>,
    mattermost: RwLock<Option<MattermostInbound>>,
}

impl ChatHub {
    /// Slack's, once Slack is set up and its engine runs.
    pub fn slack(&self) -> Option<SlackInbound> {
        self.slack.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Makes Slack's transports live.
    pub fn set_slack(&self, inbound: SlackInbound) {
        *self.slack.write().unwrap_or_else(|e| e.into_inner()) = Some(inbound);
    }

    /// Mattermost's, once Mattermost is set up and its engine runs.
    pub fn mattermost(&self) -> Option<MattermostInbound> {
        self.mattermost
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Makes Mattermost's routes live.
    pub fn set_mattermost(&self, inbound: MattermostInbound) {
        *self.mattermost.write().unwrap_or_else(|e| e.into_inner()) = Some(inbound);
    }
}

/// Stores what arrived and wakes the engine; returns what to answer the platform with
/// (`None`: an empty acknowledgement). An error means nothing was stored: the platform must
/// not be told it was received, so it sends it again.
pub async fn receive(
    store: &Store,
    platform: Platform,
    wake: &(dyn Fn() + Send + Sync),
    parsed: &Parsed,
) -> Result<Option<Value>, StoreError> {
    if let Inbound::FormSubmitted {
        callback_id,
        values,
        ..
    } = &parsed.inbound
    {
        if callback_id == declare_fields::CALLBACK {
            if let Err((field, why)) = super::declare::declaration_from(values) {
                return Ok(Some(json!({
                    "response_action": "errors",
                    "errors": { field: why },
                })));
            }
        }
    }
    store
        .chat_inbox_put(platform, &parsed.dedup_id, &parsed.inbound)
        .await?;
    wake();
    Ok(None)
}
