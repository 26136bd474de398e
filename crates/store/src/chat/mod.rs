//! Chat (docs/slack.md, docs/mattermost.md): the settings, the inbox of what a platform sent
//! (stored before it is acknowledged, deduplicated by the platform's event id), which channel
//! and messages belong to which incident, who a chat user is, each incident's announcement
//! posts, and the engine's cursor over the timeline with the lease that lets one instance run
//! it. The engine itself is `crates/server/src/chat/`.

mod announcements;
mod engine;
mod inbox;
mod links;
mod people;

pub use announcements::Announcement;
pub use inbox::ChatInboxRow;
pub use links::ChatChannel;
pub use people::ChatPerson;

use crate::{Store, StoreError};
use goldseam_core::chat::settings::ChatSettings;

const SETTINGS_KEY: &str = "chat";

impl Store {
    /// The chat settings (the defaults until an admin saves some).
    pub async fn chat_settings(&self) -> Result<ChatSettings, StoreError> {
        Ok(self.json_setting(SETTINGS_KEY).await?.unwrap_or_default())
    }

    /// The key a platform's signed buttons and forms use when no secret is configured for
    /// them: derived from the installation's secret key, so every instance has the same one.
    pub fn chat_signing_key(&self, platform: goldseam_core::chat::Platform) -> [u8; 32] {
        self.inner
            .secret_key
            .derive(&format!("chat-actions:{}", platform.as_str()))
    }

    /// Replaces the chat settings, after checking them.
    pub async fn put_chat_settings(&self, settings: &ChatSettings) -> Result<(), StoreError> {
        settings.validate()?;
        settings.check_severities(&self.catalog())?;
        self.put_json_setting(SETTINGS_KEY, settings).await
    }
}
