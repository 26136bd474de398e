//! Which channel is an incident's, and which chat message is which timeline event. Both are
//! written after the platform answered (a channel created, a message posted or received) and
//! read by the engine to thread replies, mirror edits and pins, and skip what it already did.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::chat::Platform;
use goldseam_core::{EventId, IncidentId};
use jiff::Timestamp;
use sqlx::any::AnyRow;

/// An incident's channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatChannel {
    /// The incident.
    pub incident_id: IncidentId,
    /// The platform's channel id.
    pub channel_id: String,
    /// Its name when created.
    pub name: String,
    /// Made private (for a private incident).
    pub private: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it is due to be archived (set when the incident closes).
    pub archive_at: Option<Timestamp>,
    /// When it was archived.
    pub archived_at: Option<Timestamp>,
    /// When its incident manager was last reminded to post an update.
    pub reminded_at: Option<Timestamp>,
}

const CHANNEL_COLUMNS: &str =
    "incident_id, channel_id, name, private, created_at, archive_at, archived_at, reminded_at";

fn channel(r: &AnyRow) -> Result<ChatChannel, StoreError> {
    Ok(ChatChannel {
        incident_id: r.id("incident_id")?,
        channel_id: r.col("channel_id")?,
        name: r.col("name")?,
        private: r.flag("private")?,
        created_at: r.time("created_at")?,
        archive_at: r.opt_time("archive_at")?,
        archived_at: r.opt_time("archived_at")?,
        reminded_at: r.opt_time("reminded_at")?,
    })
}

impl Store {
    /// The incident's channel, if it has one.
    pub async fn chat_channel_of(
        &self,
        platform: Platform,
        incident: IncidentId,
    ) -> Result<Option<ChatChannel>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CHANNEL_COLUMNS} FROM chat_channels WHERE platform = $1 AND incident_id = $2"
        ))
        .bind(platform.as_str())
        .bind(incident.get())
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .as_ref()
        .map(channel)
        .transpose()
    }

    /// The incident a channel belongs to, if it is an incident's channel.
    pub async fn chat_channel_by_id(
        &self,
        platform: Platform,
        channel_id: &str,
    ) -> Result<Option<ChatChannel>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CHANNEL_COLUMNS} FROM chat_channels WHERE platform = $1 AND channel_id = $2"
        ))
        .bind(platform.as_str())
        .bind(channel_id)
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .as_ref()
        .map(channel)
        .transpose()
    }

    /// Records the channel created for an incident (a second one for the same incident is
    /// ignored: the first stays its channel).
    pub async fn put_chat_channel(
        &self,
        platform: Platform,
        incident: IncidentId,
        channel_id: &str,
        name: &str,
        private: bool,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO chat_channels (platform, incident_id, channel_id, name, private, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
            .bind(platform.as_str())
            .bind(incident.get())
            .bind(channel_id)
            .bind(name)
            .bind(i64::from(private))
            .bind(to_db(self.now()))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// Sets (or, with `None`, clears: the incident reopened) when the channel is archived.
    pub async fn set_chat_channel_archive(
        &self,
        platform: Platform,
        incident: IncidentId,
        at: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE chat_channels SET archive_at = $3 WHERE platform = $1 AND incident_id = $2 AND archived_at IS NULL")
            .bind(platform.as_str())
            .bind(incident.get())
            .bind(at.map(to_db))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// Channels due to be archived.
    pub async fn chat_channels_to_archive(
        &self,
        platform: Platform,
        now: Timestamp,
    ) -> Result<Vec<ChatChannel>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CHANNEL_COLUMNS} FROM chat_channels WHERE platform = $1 AND archived_at IS NULL AND archive_at IS NOT NULL AND archive_at <= $2 ORDER BY archive_at LIMIT 50"
        ))
        .bind(platform.as_str())
        .bind(to_db(now))
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(channel)
        .collect()
    }

    /// Records that a channel was archived.
    pub async fn chat_channel_archived(
        &self,
        platform: Platform,
        incident: IncidentId,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE chat_channels SET archived_at = $3 WHERE platform = $1 AND incident_id = $2",
        )
        .bind(platform.as_str())
        .bind(incident.get())
        .bind(to_db(self.now()))
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    /// Open incidents' channels (not archived), for reminders.
    pub async fn chat_open_channels(
        &self,
        platform: Platform,
    ) -> Result<Vec<ChatChannel>, StoreError> {
        sqlx::query(&format!(
            "SELECT {CHANNEL_COLUMNS} FROM chat_channels WHERE platform = $1 AND archived_at IS NULL AND archive_at IS NULL ORDER BY incident_id"
        ))
        .bind(platform.as_str())
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(channel)
        .collect()
    }

    /// Records when the incident manager was last reminded.
    pub async fn chat_channel_reminded(
        &self,
        platform: Platform,
        incident: IncidentId,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE chat_channels SET reminded_at = $3 WHERE platform = $1 AND incident_id = $2",
        )
        .bind(platform.as_str())
        .bind(incident.get())
        .bind(to_db(at))
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    /// Records that a chat message is (or shows) a timeline event.
    pub async fn put_chat_message(
        &self,
        platform: Platform,
        channel_id: &str,
        ts: &str,
        incident: IncidentId,
        event: EventId,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO chat_messages (platform, channel_id, ts, incident_id, event_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
            .bind(platform.as_str())
            .bind(channel_id)
            .bind(ts)
            .bind(incident.get())
            .bind(event.get())
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// The incident and event a chat message is, if it is one.
    pub async fn chat_message(
        &self,
        platform: Platform,
        channel_id: &str,
        ts: &str,
    ) -> Result<Option<(IncidentId, EventId)>, StoreError> {
        let row = sqlx::query("SELECT incident_id, event_id FROM chat_messages WHERE platform = $1 AND channel_id = $2 AND ts = $3")
            .bind(platform.as_str())
            .bind(channel_id)
            .bind(ts)
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        row.map(|r| Ok((r.id("incident_id")?, r.id("event_id")?)))
            .transpose()
    }

    /// The chat message (channel, ts) that is or shows an event, if any.
    pub async fn chat_message_of_event(
        &self,
        platform: Platform,
        event: EventId,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row = sqlx::query("SELECT channel_id, ts FROM chat_messages WHERE platform = $1 AND event_id = $2 ORDER BY ts LIMIT 1")
            .bind(platform.as_str())
            .bind(event.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        row.map(|r| Ok((r.col("channel_id")?, r.col("ts")?)))
            .transpose()
    }
}
