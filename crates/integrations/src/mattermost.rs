//! Mattermost for the delivery engine: pages, verification codes, subscription notices and
//! follow-up digests as direct messages from Goldseam's bot. The bot opens (or finds) its
//! direct channel with the person (`POST /channels/direct`, remembered afterwards) and posts
//! there (`POST /posts`), both in the urgent lane of the client the chat engine shares, so a
//! page never waits behind announcements, their edits or the mirror.
//!
//! A page carries an Acknowledge button: a message attachment whose action POSTs to Goldseam's
//! `/api/v1/integrations/mattermost/actions` with a context signed like every chat button's
//! (Mattermost signs nothing itself), which the chat engine acts on as the person who clicked.
//!
//! Mattermost has no idempotency header. The delivery's key travels as `pending_post_id` (a
//! digest of it), which Mattermost deduplicates for 30 seconds (a retry after a timeout does
//! not post twice), and as `props.goldseam_delivery`, where a reader of the channel can find a
//! repeat.

use crate::chat::api::Lane;
use crate::chat::mattermost::attachments::button_id;
use crate::chat::mattermost::client::{MattermostClient, MattermostError};
use crate::chat::mattermost::context::ContextSigner;
use crate::{Receipt, SendError};
use goldseam_core::chat::card::ButtonAction;
use goldseam_core::delivery::MattermostDm;
use jiff::Timestamp;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a delivery waits on the rate limit before handing the wait to the engine (as
/// Slack's adapter does): under the engine's timeout, below any `Retry-After` in seconds.
const PATIENCE: Duration = Duration::from_millis(500);

struct Inner {
    client: MattermostClient,
    signer: ContextSigner,
    actions_url: String,
    /// The bot's user id, read once (`GET /users/me`).
    bot: Mutex<Option<String>>,
    /// Each person's direct channel with the bot, by user id.
    channels: Mutex<HashMap<String, String>>,
}

/// Direct messages from the bot of one Mattermost server.
#[derive(Clone)]
pub struct MattermostDirect {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for MattermostDirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MattermostDirect")
            .field("site", &self.inner.client.site_url())
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The `pending_post_id` for a delivery key: short, and the same for every attempt.
fn pending_post_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!("goldseam:{}", hex::encode(&digest[..16]))
}

impl MattermostDirect {
    /// Direct messages through `client` (a clone of the chat engine's, sharing its pace),
    /// with buttons signed by `signer` that POST to `actions_url`.
    pub fn new(
        client: MattermostClient,
        signer: ContextSigner,
        actions_url: impl Into<String>,
    ) -> MattermostDirect {
        MattermostDirect {
            inner: Arc::new(Inner {
                client: client.with_patience(PATIENCE),
                signer,
                actions_url: actions_url.into(),
                bot: Mutex::default(),
                channels: Mutex::default(),
            }),
        }
    }

    async fn bot(&self) -> Result<String, MattermostError> {
        if let Some(id) = lock(&self.inner.bot).clone() {
            return Ok(id);
        }
        let me = self.inner.client.me().await?;
        if me.user_id.is_empty() {
            return Err(MattermostError::Unavailable(
                "Mattermost answered GET /users/me without the bot's id".into(),
            ));
        }
        *lock(&self.inner.bot) = Some(me.user_id.clone());
        Ok(me.user_id)
    }

    async fn channel_with(&self, user: &str) -> Result<String, MattermostError> {
        if let Some(id) = lock(&self.inner.channels).get(user) {
            return Ok(id.clone());
        }
        let bot = self.bot().await?;
        let id = self.inner.client.direct_channel(&bot, user).await?;
        lock(&self.inner.channels).insert(user.to_string(), id.clone());
        Ok(id)
    }

    /// The post's `props`: the delivery's key, and for a page its Acknowledge button.
    fn props(&self, dm: &MattermostDm, key: &str) -> Value {
        let mut props = json!({ "goldseam_delivery": key });
        if let Some(page) = dm.page_id {
            let action = ButtonAction::AckPage.id();
            let context =
                self.inner
                    .signer
                    .sign_action(action, &page.to_string(), Timestamp::now());
            props["attachments"] = json!([{
                "fallback": "Acknowledge the page in Goldseam",
                "color": "#d0021b",
                "actions": [{
                    "id": button_id(action),
                    "name": "Acknowledge",
                    "type": "button",
                    "style": "primary",
                    "integration": {"url": self.inner.actions_url, "context": context},
                }],
            }]);
        }
        props
    }

    /// Sends `dm` with the delivery's `key`.
    pub async fn send(&self, dm: &MattermostDm, key: &str) -> Result<Receipt, SendError> {
        let result = async {
            let channel = self.channel_with(&dm.user).await?;
            let post = json!({
                "channel_id": channel,
                "message": dm.text,
                "pending_post_id": pending_post_id(key),
                "props": self.props(dm, key),
            });
            self.inner.client.create_post(Lane::Urgent, &post).await
        }
        .await;
        match result {
            Ok(id) => Ok(Receipt {
                provider_id: Some(id).filter(|id| !id.is_empty()),
            }),
            Err(e) => Err(send_error(e, &dm.user)),
        }
    }
}

/// What the engine does next after a failed call.
fn send_error(e: MattermostError, user: &str) -> SendError {
    let reason = e.to_string();
    match e {
        MattermostError::RateLimited { after, .. } => SendError::RetryAfter { after, reason },
        MattermostError::Unavailable(_) => SendError::Retry(reason),
        // The token is wrong or revoked, or the bot may not open direct messages: an admin's.
        MattermostError::Api {
            status: 401 | 403, ..
        } => SendError::Configuration(format!(
            "{reason}; check the bot's token (mattermost_bot_token) and that it may create direct messages"
        )),
        MattermostError::Api { ref id, .. }
            if id == "api.channel.create_direct_channel.invalid_user.app_error" =>
        {
            SendError::Permanent(format!(
                "Mattermost has no user with the id {user}; the contact method's user id must be changed ({reason})"
            ))
        }
        MattermostError::Api { .. } => SendError::Permanent(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gives_the_same_short_pending_post_id_every_time() {
        let a = pending_post_id("page:p1:l0:u2:m3:d0");
        assert_eq!(a, pending_post_id("page:p1:l0:u2:m3:d0"));
        assert_ne!(a, pending_post_id("page:p1:l0:u2:m3:d5"));
        assert!(a.len() <= 64, "{a}");
    }

    #[test]
    fn failures_are_sorted_for_the_engine() {
        let api = |status, id: &str| MattermostError::Api {
            endpoint: "POST /channels/direct".into(),
            status,
            id: id.into(),
            message: "no".into(),
        };
        let user = "8sd7hwgz9jfqtfpg8n3i5w7hbo";
        assert!(matches!(
            send_error(
                api(400, "api.channel.create_direct_channel.invalid_user.app_error"),
                user
            ),
            SendError::Permanent(r) if r.contains(user)
        ));
        assert!(matches!(
            send_error(api(403, "api.context.permissions.app_error"), user),
            SendError::Configuration(_)
        ));
        assert!(matches!(
            send_error(MattermostError::Unavailable("down".into()), user),
            SendError::Retry(_)
        ));
        let limited = MattermostError::RateLimited {
            endpoint: "POST /posts".into(),
            after: Duration::from_secs(3),
        };
        assert!(matches!(
            send_error(limited, user),
            SendError::RetryAfter { after, .. } if after == Duration::from_secs(3)
        ));
    }
}
