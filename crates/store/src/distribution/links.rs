//! Personal reading links: `{public_url}/read/r{reader}.{mac}`, an HMAC-SHA256 of the reader's
//! id under the installation's link secret. The link is the reader's credential for their
//! postmortem (no sign-in: many readers are executives or mailing lists), so it names nothing
//! else and works only while the reader may still read it. Opening it records the first open;
//! "I have read it" records the acknowledgement; one-click unsubscribe (RFC 8058) stops the
//! postmortems they are not required to read.

use super::messages::ReaderRecord;
use crate::response::links::mac;
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::postmortem::distribution::{changes_between, Rendering};
use goldseam_core::{Actor, DomainError, IncidentState};
use hmac::Mac;
use jiff::tz::TimeZone;
use jiff::Timestamp;

const NOT_VALID: &str =
    "this link is not valid: it was altered, or the postmortem is no longer shared with you";

/// The reading page of a token.
pub fn reading_link(public_url: &str, token: &str) -> String {
    format!("{}/read/{token}", public_url.trim_end_matches('/'))
}

fn message(reader_id: i64) -> String {
    format!("read:{reader_id}")
}

/// What a reader's link shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub incident: IncidentState,
    /// The latest published version.
    pub version: i64,
    pub published_at: Timestamp,
    pub rendering: Rendering,
    /// The version rendered for this reader, as sanitized HTML.
    pub html: String,
    /// Who the link is for: a person's name, or the list, channel or URL.
    pub reader_name: String,
    pub required: bool,
    pub opened_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    /// What changed since the version this reader last opened, when they opened an older one.
    pub changes: Option<Vec<String>>,
    /// Whether the reader is a person (only people acknowledge and unsubscribe).
    pub is_person: bool,
}

impl Store {
    /// The token of reader `reader_id`'s link.
    pub async fn reading_token(&self, reader_id: i64) -> Result<String, StoreError> {
        let tag = mac(&self.link_secret().await?, &message(reader_id))
            .finalize()
            .into_bytes();
        Ok(format!("r{reader_id}.{}", hex::encode(&tag[..16])))
    }

    /// The reader a token names, if this installation made it; compared in constant time.
    async fn reader_of_token(&self, token: &str) -> Result<ReaderRecord, StoreError> {
        let not_found = || StoreError::NotFound(NOT_VALID.into());
        let (id, tag) = token
            .strip_prefix('r')
            .and_then(|t| t.split_once('.'))
            .ok_or_else(not_found)?;
        let id: i64 = id.parse().map_err(|_| not_found())?;
        let tag = hex::decode(tag).map_err(|_| not_found())?;
        mac(&self.link_secret().await?, &message(id))
            .verify_truncated_left(&tag)
            .ok()
            .filter(|_| tag.len() == 16)
            .ok_or_else(not_found)?;
        let reader = self.reader_record(id).await?.ok_or_else(not_found)?;
        let incident = self.incident(&Actor::GOLDSEAM, reader.incident_id).await?;
        if !self.reader_may_read(&reader, &incident).await? {
            return Err(not_found());
        }
        Ok(reader)
    }

    /// Opens a reader's link: the latest published version in their rendering (times in
    /// `zone`), recording the first open and the version read.
    pub async fn open_reading(&self, token: &str, zone: TimeZone) -> Result<Reading, StoreError> {
        self.reading(token, zone, true).await
    }

    /// What the link of `token` shows now, recording nothing (after acknowledging).
    pub async fn reading_status(&self, token: &str, zone: TimeZone) -> Result<Reading, StoreError> {
        self.reading(token, zone, false).await
    }

    async fn reading(
        &self,
        token: &str,
        zone: TimeZone,
        record: bool,
    ) -> Result<Reading, StoreError> {
        let reader = self.reader_of_token(token).await?;
        let r = reader.incident_id;
        let incident = self.incident(&Actor::GOLDSEAM, r).await?;
        let latest = sqlx::query("SELECT version, published_at FROM postmortem_versions WHERE incident_id = $1 ORDER BY version DESC LIMIT 1")
            .bind(r.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(NOT_VALID.into()))?;
        let (version, published_at): (i64, Timestamp) =
            (latest.col("version")?, latest.time("published_at")?);
        let doc = self
            .version_document(&incident, version, zone.clone())
            .await?;
        let row = sqlx::query("SELECT version_read FROM postmortem_readers WHERE id = $1")
            .bind(reader.id)
            .fetch_one(&mut *self.reader().await?)
            .await?;
        let read_before: Option<i64> = row.col("version_read")?;
        let changes = match read_before {
            Some(v) if v < version && record => {
                let before = self.version_document(&incident, v, zone).await?;
                Some(changes_between(&before.sections(), &doc.sections()))
            }
            _ => None,
        };
        if record {
            sqlx::query("UPDATE postmortem_readers SET opened_at = COALESCE(opened_at, $2), version_read = $3 WHERE id = $1")
                .bind(reader.id)
                .bind(to_db(self.now()))
                .bind(version)
                .execute(&mut *self.writer().await?)
                .await?;
        }
        let row =
            sqlx::query("SELECT opened_at, acknowledged_at FROM postmortem_readers WHERE id = $1")
                .bind(reader.id)
                .fetch_one(&mut *self.reader().await?)
                .await?;
        let reader_name = match reader.user_id {
            Some(u) => self.user(u).await?.name,
            None => reader.address.clone(),
        };
        Ok(Reading {
            incident,
            version,
            published_at,
            rendering: reader.rendering,
            html: doc.render(reader.rendering).html,
            reader_name,
            required: reader.required,
            opened_at: row.opt_time("opened_at")?.unwrap_or_else(|| self.now()),
            acknowledged_at: row.opt_time("acknowledged_at")?,
            changes,
            is_person: reader.user_id.is_some(),
        })
    }

    /// Records that a person read it ("I have read it"); idempotent.
    pub async fn acknowledge_reading(&self, token: &str) -> Result<(), StoreError> {
        let reader = self.reader_of_token(token).await?;
        if reader.user_id.is_none() {
            return Err(DomainError::Conflict(
                "a mailing list, channel or webhook cannot acknowledge for its members; each person acknowledges from their own link".into(),
            )
            .into());
        }
        let now = to_db(self.now());
        sqlx::query("UPDATE postmortem_readers SET opened_at = COALESCE(opened_at, $2), acknowledged_at = COALESCE(acknowledged_at, $2) WHERE id = $1")
            .bind(reader.id)
            .bind(now)
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// One-click unsubscribe: the person gets no more postmortems they are not required to read.
    pub async fn unsubscribe_reading(&self, token: &str) -> Result<(), StoreError> {
        let reader = self.reader_of_token(token).await?;
        let Some(user_id) = reader.user_id else {
            return Err(DomainError::Conflict(
                "a mailing list is not one person's to leave; ask an admin to change the distribution".into(),
            )
            .into());
        };
        sqlx::query("INSERT INTO postmortem_opt_outs (user_id, opted_out_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING")
            .bind(user_id.get())
            .bind(to_db(self.now()))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }
}
