//! Inline comment threads on the postmortem: each is anchored in the document by a `comment`
//! mark holding its id, and has replies and a resolved state. Open threads block publishing.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::text::Body;
use goldseam_core::{Actor, DomainError, IncidentId, UserId};
use jiff::Timestamp;
use sqlx::Connection;

/// The longest quote a thread keeps of the text it is anchored on.
const MAX_QUOTE: usize = 500;

/// A comment thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub id: i64,
    /// The text it was started on.
    pub quote: String,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<String>,
    /// The first comment and the replies, oldest first.
    pub replies: Vec<Reply>,
}

/// A comment in a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    pub body: String,
    pub at: Timestamp,
}

impl Store {
    /// The threads of the postmortem of `r`, oldest first.
    pub async fn postmortem_threads(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<Vec<Thread>, StoreError> {
        self.existing_postmortem(actor, r).await?;
        let mut conn = self.reader().await?;
        let rows = sqlx::query("SELECT t.id, t.quote, t.created_at, t.resolved_at, u.name AS resolved_by FROM postmortem_threads t LEFT JOIN users u ON u.id = t.resolved_by WHERE t.incident_id = $1 ORDER BY t.id")
            .bind(r.get())
            .fetch_all(&mut *conn)
            .await?;
        let mut threads = Vec::new();
        for row in rows {
            threads.push(Thread {
                id: row.col("id")?,
                quote: row.col("quote")?,
                created_at: row.time("created_at")?,
                resolved_at: row.opt_time("resolved_at")?,
                resolved_by: row.col("resolved_by")?,
                replies: Vec::new(),
            });
        }
        let replies = sqlx::query("SELECT r.thread_id, r.author_id, u.name AS author, r.body, r.at FROM postmortem_replies r JOIN postmortem_threads t ON t.id = r.thread_id LEFT JOIN users u ON u.id = r.author_id WHERE t.incident_id = $1 ORDER BY r.id")
            .bind(r.get())
            .fetch_all(&mut *conn)
            .await?;
        for row in replies {
            let thread: i64 = row.col("thread_id")?;
            if let Some(t) = threads.iter_mut().find(|t| t.id == thread) {
                t.replies.push(Reply {
                    author_id: row.opt_id("author_id")?,
                    author: row.col("author")?,
                    body: row.col("body")?,
                    at: row.time("at")?,
                });
            }
        }
        Ok(threads)
    }

    /// Starts a thread on `quote` with its first comment; returns its id.
    pub async fn start_postmortem_thread(
        &self,
        actor: &Actor,
        r: IncidentId,
        quote: &str,
        body: &Body,
    ) -> Result<i64, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        self.existing_postmortem(actor, r).await?;
        let quote = quote.trim();
        if quote.is_empty() || quote.chars().count() > MAX_QUOTE {
            return Err(DomainError::invalid(
                "quote",
                format!("quote the text the thread is about, 1 to {MAX_QUOTE} characters"),
            )
            .into());
        }
        let now = to_db(self.now());
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO postmortem_threads (incident_id, quote, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(r.get())
            .bind(quote)
            .bind(actor.recorded_user().map(|u| u.get()))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        insert_reply(&mut tx, id, actor, body, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replies in thread `thread` of the postmortem of `r` (reopening it if it was resolved).
    pub async fn reply_postmortem_thread(
        &self,
        actor: &Actor,
        r: IncidentId,
        thread: i64,
        body: &Body,
    ) -> Result<(), StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        self.existing_postmortem(actor, r).await?;
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        thread_of(&mut tx, r, thread).await?;
        insert_reply(&mut tx, thread, actor, body, to_db(self.now())).await?;
        sqlx::query(
            "UPDATE postmortem_threads SET resolved_at = NULL, resolved_by = NULL WHERE id = $1",
        )
        .bind(thread)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Resolves (or, with `resolved` false, reopens) thread `thread`.
    pub async fn resolve_postmortem_thread(
        &self,
        actor: &Actor,
        r: IncidentId,
        thread: i64,
        resolved: bool,
    ) -> Result<(), StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        self.existing_postmortem(actor, r).await?;
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let was_resolved = thread_of(&mut tx, r, thread).await?;
        if was_resolved == resolved {
            let what = if resolved { "resolved" } else { "open" };
            return Err(DomainError::NoChange(format!("the thread is already {what}")).into());
        }
        let (at, by) = if resolved {
            (
                Some(to_db(self.now())),
                actor.recorded_user().map(|u| u.get()),
            )
        } else {
            (None, None)
        };
        sqlx::query(
            "UPDATE postmortem_threads SET resolved_at = $2, resolved_by = $3 WHERE id = $1",
        )
        .bind(thread)
        .bind(at)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Whether thread `thread` of `r` is resolved; not found when it belongs to another incident.
async fn thread_of(
    conn: &mut sqlx::AnyConnection,
    r: IncidentId,
    thread: i64,
) -> Result<bool, StoreError> {
    let resolved: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT resolved_at FROM postmortem_threads WHERE id = $1 AND incident_id = $2",
    )
    .bind(thread)
    .bind(r.get())
    .fetch_optional(&mut *conn)
    .await?;
    resolved
        .map(|at| at.is_some())
        .ok_or_else(|| StoreError::NotFound(format!("comment thread {thread}")))
}

async fn insert_reply(
    conn: &mut sqlx::AnyConnection,
    thread: i64,
    actor: &Actor,
    body: &Body,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO postmortem_replies (thread_id, author_id, body, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(thread)
    .bind(actor.recorded_user().map(|u| u.get()))
    .bind(body.as_str())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
