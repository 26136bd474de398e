//! Each incident's posts in the announcement channels, and which of them want an edit. A
//! change marks the post due no sooner than [`MIN_EDIT_GAP`] after its last edit; the engine
//! edits due posts with the incident as it is then. A burst of changes therefore makes few
//! edits, and the last state always wins: each change counts in `wants`, and the sender
//! clears the wish only if no change came while it was sending.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::chat::announce::MIN_EDIT_GAP;
use goldseam_core::chat::Platform;
use goldseam_core::IncidentId;
use jiff::Timestamp;
use sqlx::any::AnyRow;

/// An incident's post in one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    /// The incident.
    pub incident_id: IncidentId,
    /// The channel (as configured: an id or `#name`).
    pub channel_id: String,
    /// The post, once made.
    pub ts: Option<String>,
    /// A digest of what the post shows.
    pub rendered: Option<String>,
    /// When it was last posted or edited.
    pub edited_at: Option<Timestamp>,
    /// How many times it was edited after being posted.
    pub edits: i64,
    /// When an edit is wanted.
    pub due_at: Option<Timestamp>,
    /// How many changes have asked for an edit, ever.
    pub wants: i64,
}

const COLUMNS: &str = "incident_id, channel_id, ts, rendered, edited_at, edits, wants, due_at";

fn announcement(r: &AnyRow) -> Result<Announcement, StoreError> {
    Ok(Announcement {
        incident_id: r.id("incident_id")?,
        channel_id: r.col("channel_id")?,
        ts: r.col("ts")?,
        rendered: r.col("rendered")?,
        edited_at: r.opt_time("edited_at")?,
        edits: r.col("edits")?,
        due_at: r.opt_time("due_at")?,
        wants: r.col("wants")?,
    })
}

impl Store {
    /// Asks for the incident's post in `channel_id` to show the incident as it is: a new post
    /// is due now, an existing one no sooner than [`MIN_EDIT_GAP`] after its last edit. An
    /// edit already due keeps its time.
    pub async fn want_chat_announcement(
        &self,
        platform: Platform,
        incident: IncidentId,
        channel_id: &str,
    ) -> Result<(), StoreError> {
        let now = to_db(self.now());
        let gap = MIN_EDIT_GAP.as_micros() as i64;
        sqlx::query(
            "INSERT INTO chat_announcements (platform, incident_id, channel_id, due_at, wants) VALUES ($1, $2, $3, $4, 1) \
             ON CONFLICT (platform, incident_id, channel_id) DO UPDATE SET wants = chat_announcements.wants + 1, \
             due_at = COALESCE(chat_announcements.due_at, \
             CASE WHEN chat_announcements.edited_at IS NULL OR chat_announcements.edited_at + $5 < $4 THEN $4 ELSE chat_announcements.edited_at + $5 END)",
        )
        .bind(platform.as_str())
        .bind(incident.get())
        .bind(channel_id)
        .bind(now)
        .bind(gap)
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    /// The incident's posts.
    pub async fn chat_announcements_of(
        &self,
        platform: Platform,
        incident: IncidentId,
    ) -> Result<Vec<Announcement>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM chat_announcements WHERE platform = $1 AND incident_id = $2 ORDER BY channel_id"
        ))
        .bind(platform.as_str())
        .bind(incident.get())
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(announcement)
        .collect()
    }

    /// Posts due by `now`, oldest first; and when the next one after those is due.
    pub async fn due_chat_announcements(
        &self,
        platform: Platform,
        now: Timestamp,
        limit: i64,
    ) -> Result<(Vec<Announcement>, Option<Timestamp>), StoreError> {
        let mut conn = self.reader().await?;
        let due = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM chat_announcements WHERE platform = $1 AND due_at IS NOT NULL AND due_at <= $2 ORDER BY due_at LIMIT $3"
        ))
        .bind(platform.as_str())
        .bind(to_db(now))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(announcement)
        .collect::<Result<Vec<_>, _>>()?;
        let next: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(due_at) FROM chat_announcements WHERE platform = $1 AND due_at > $2",
        )
        .bind(platform.as_str())
        .bind(to_db(now))
        .fetch_one(&mut *conn)
        .await?;
        Ok((due, crate::time::opt_from_db(next)?))
    }

    /// Records a post or edit of `a` as it was read (`rendered` is what it shows now; `ts` the
    /// post). The wish is cleared unless a change asked again meanwhile; then the next edit is
    /// due [`MIN_EDIT_GAP`] from now. `edited` says whether the platform was called (a render
    /// equal to the last one is not sent, and not counted).
    pub async fn chat_announcement_sent(
        &self,
        platform: Platform,
        a: &Announcement,
        ts: Option<&str>,
        rendered: Option<&str>,
        edited: bool,
    ) -> Result<(), StoreError> {
        let now = to_db(self.now());
        let was_posted = a.ts.is_some();
        sqlx::query(
            "UPDATE chat_announcements SET ts = $4, rendered = $5, \
             edited_at = CASE WHEN $6 = 1 THEN $7 ELSE edited_at END, \
             edits = edits + (CASE WHEN $6 = 1 AND $8 = 1 THEN 1 ELSE 0 END), \
             due_at = CASE WHEN wants = $9 THEN NULL ELSE $7 + $10 END \
             WHERE platform = $1 AND incident_id = $2 AND channel_id = $3",
        )
        .bind(platform.as_str())
        .bind(a.incident_id.get())
        .bind(&a.channel_id)
        .bind(ts)
        .bind(rendered)
        .bind(i64::from(edited))
        .bind(now)
        .bind(i64::from(was_posted))
        .bind(a.wants)
        .bind(MIN_EDIT_GAP.as_micros() as i64)
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    /// Puts off a post that could not be sent (the platform is down or limiting) until `at`.
    pub async fn delay_chat_announcement(
        &self,
        platform: Platform,
        a: &Announcement,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE chat_announcements SET due_at = $4 WHERE platform = $1 AND incident_id = $2 AND channel_id = $3 AND due_at IS NOT NULL")
            .bind(platform.as_str())
            .bind(a.incident_id.get())
            .bind(&a.channel_id)
            .bind(to_db(at))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }
}
