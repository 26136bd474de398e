//! Distributing one published version: who reads it, one reader row and one message each, the
//! event on the timeline, and later the reminder for required readers who have not acknowledged.

use super::messages::ReaderEmailJob;
use super::render::rendering_name;
use super::{VersionJob, EMAIL_KIND, REMIND_KIND};
use crate::incidents::Change;
use crate::jobs::NewJob;
use crate::plan::{Arg, Plan, Stmt};
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::postmortem::distribution::Purpose;
use goldseam_core::postmortem::distribution::{changes_between, Readers, Reason, Rendering};
use goldseam_core::postmortem::ReviewState;
use goldseam_core::{Actor, EventPayload, IncidentState};
use jiff::tz::TimeZone;
use jiff::SignedDuration;
use serde_json::json;
use sqlx::Connection;

/// How many messages are queued per transaction: large enough to hand 10,000 readers over in a
/// few seconds, small enough that no statement nears a database's parameter limit.
const CHUNK: usize = 500;

impl Store {
    /// Runs a `distribute_postmortem` job.
    pub async fn distribute_postmortem(
        &self,
        job: &VersionJob,
        public_url: &str,
    ) -> Result<(), StoreError> {
        let god = Actor::GOLDSEAM;
        let r = job.incident_id;
        let incident = self.incident(&god, r).await?;
        let Some(pm) = self.postmortem(&god, r).await? else {
            return Ok(());
        };
        // Amended (or amended and published again) before this ran: the later version's own job
        // distributes it, and nobody should get a version that is no longer the published one.
        if pm.version != job.version || pm.state != ReviewState::Published {
            return Ok(());
        }
        let version = job.version;
        self.store_renderings(&incident, version).await?;
        let readers = self.readers_of(&incident).await?;
        let ids = self.record_readers(&incident, version, &readers).await?;
        self.queue_messages(&incident, version, &ids, public_url)
            .await?;
        self.record_distribution(&incident, version, &readers)
            .await?;
        let (policy, _) = self.distribution_policy().await?;
        if let Some(days) = policy.reminder_days {
            let at = self
                .now()
                .checked_add(SignedDuration::from_hours(24 * i64::from(days)))
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            self.enqueue(&NewJob {
                kind: REMIND_KIND.into(),
                destination: format!("postmortem:{r}"),
                idempotency_key: format!("pm-remind:{r}:v{version}"),
                payload: json!(job),
                incident_id: Some(r),
                run_at: Some(at),
            })
            .await?;
        }
        Ok(())
    }

    /// Renders the version once per rendering, with what changed since the version before.
    async fn store_renderings(
        &self,
        incident: &IncidentState,
        version: i64,
    ) -> Result<(), StoreError> {
        let r = incident.id;
        let doc = self
            .version_document(incident, version, TimeZone::UTC)
            .await?;
        let changes = if version > 1 {
            match self
                .version_document(incident, version - 1, TimeZone::UTC)
                .await
            {
                Ok(before) => changes_between(&before.sections(), &doc.sections()),
                Err(StoreError::NotFound(_)) => Vec::new(),
                Err(e) => return Err(e),
            }
        } else {
            Vec::new()
        };
        let title = format!("{} {}", r.reference(), incident.title);
        let mut plan = Plan::new();
        for rendering in [Rendering::Full, Rendering::Summary] {
            let rendered = doc.render(rendering);
            let subject = match (rendering, version) {
                (Rendering::Full, 1) => format!("[Postmortem] {title}"),
                (Rendering::Summary, 1) => format!("[Postmortem summary] {title}"),
                (Rendering::Full, v) => format!("[Postmortem v{v}] {title}"),
                (Rendering::Summary, v) => format!("[Postmortem summary v{v}] {title}"),
            };
            plan.push(Stmt::new(
                "INSERT INTO postmortem_renderings (incident_id, version, rendering, subject, text_body, html_body, changes) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (incident_id, version, rendering) DO NOTHING",
                vec![
                    Arg::id(r),
                    Arg::I64(version),
                    Arg::Str(rendering_name(rendering).into()),
                    Arg::Str(subject),
                    Arg::Str(rendered.markdown),
                    Arg::Str(rendered.html),
                    Arg::Str(serde_json::to_string(&changes)?),
                ],
            ));
        }
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        plan.flush(self.backend(), &mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes one reader row per reader (a later version updates the same rows) and returns
    /// every row this version goes to: id, kind, and whether they opened an earlier version.
    async fn record_readers(
        &self,
        incident: &IncidentState,
        version: i64,
        readers: &Readers,
    ) -> Result<Vec<(i64, String, bool)>, StoreError> {
        let r = incident.id;
        let now = to_db(self.now());
        let upsert = "INSERT INTO postmortem_readers (incident_id, kind, user_id, address, reasons, rendering, required, version_sent, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (incident_id, kind, address) DO UPDATE SET reasons = excluded.reasons, rendering = excluded.rendering, required = excluded.required, version_sent = excluded.version_sent, sent_at = excluded.sent_at";
        let mut stmts: Vec<Stmt> = Vec::new();
        for p in &readers.people {
            let reasons: Vec<String> = p.reasons.iter().map(Reason::label).collect();
            stmts.push(Stmt::new(
                upsert,
                vec![
                    Arg::id(r),
                    Arg::Str("person".into()),
                    Arg::id(p.user_id),
                    Arg::Str(format!("user:{}", p.user_id)),
                    Arg::Str(serde_json::to_string(&reasons)?),
                    Arg::Str(rendering_name(p.rendering).into()),
                    Arg::I64(i64::from(p.required)),
                    Arg::I64(version),
                    Arg::I64(now),
                ],
            ));
        }
        for c in &readers.channels {
            stmts.push(Stmt::new(
                upsert,
                vec![
                    Arg::id(r),
                    Arg::Str(c.channel.kind().into()),
                    Arg::OptI64(None),
                    Arg::Str(c.channel.address().into()),
                    Arg::Str(serde_json::to_string(&[Reason::Channel.label()])?),
                    Arg::Str(rendering_name(c.rendering).into()),
                    Arg::I64(0),
                    Arg::I64(version),
                    Arg::I64(now),
                ],
            ));
        }
        let mut conn = self.writer().await?;
        for chunk in stmts.chunks(CHUNK) {
            let mut plan = Plan::new();
            plan.extend(chunk.iter().cloned());
            let mut tx = conn.begin().await?;
            plan.flush(self.backend(), &mut tx).await?;
            tx.commit().await?;
        }
        drop(conn);
        sqlx::query("SELECT id, kind, version_read FROM postmortem_readers WHERE incident_id = $1 AND version_sent = $2 ORDER BY id")
            .bind(r.get())
            .bind(version)
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(|row| {
                let read: Option<i64> = row.col("version_read")?;
                Ok((row.col("id")?, row.col("kind")?, read.is_some_and(|v| v < version)))
            })
            .collect()
    }

    /// Queues one message per reader: emails (people, mailing lists) are rendered when sent;
    /// Slack channels get the summary's first lines and the link; webhooks get the rendering.
    async fn queue_messages(
        &self,
        incident: &IncidentState,
        version: i64,
        readers: &[(i64, String, bool)],
        public_url: &str,
    ) -> Result<(), StoreError> {
        let r = incident.id;
        let mut jobs = Vec::with_capacity(readers.len());
        for (id, kind, read_before) in readers {
            let key = format!("pm:{r}:v{version}:r{id}");
            let purpose = if *read_before {
                Purpose::Amended
            } else {
                Purpose::First
            };
            match kind.as_str() {
                "person" | "mailing_list" => jobs.push(NewJob {
                    kind: EMAIL_KIND.into(),
                    destination: format!("postmortem-reader:{id}"),
                    idempotency_key: key,
                    payload: json!(ReaderEmailJob {
                        reader_id: *id,
                        version,
                        purpose
                    }),
                    incident_id: None,
                    run_at: None,
                }),
                "slack_channel" | "webhook" => jobs.push(
                    self.channel_job(incident, version, *id, key, public_url)
                        .await?,
                ),
                other => {
                    return Err(StoreError::Corrupt(format!(
                        "postmortem reader kind {other}"
                    )))
                }
            }
        }
        for chunk in jobs.chunks(CHUNK) {
            self.enqueue_all(chunk).await?;
        }
        Ok(())
    }

    /// Records the `postmortem_distributed` event, once per version.
    async fn record_distribution(
        &self,
        incident: &IncidentState,
        version: i64,
        readers: &Readers,
    ) -> Result<(), StoreError> {
        let done: Option<i64> = sqlx::query_scalar(
            "SELECT version FROM postmortem_distributions WHERE incident_id = $1 AND version = $2",
        )
        .bind(incident.id.get())
        .bind(version)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        if done.is_some() {
            return Ok(());
        }
        let event = EventPayload::PostmortemDistributed {
            version,
            people: readers.people.len() as i64,
            channels: readers.channels.len() as i64,
        };
        self.change(
            &Actor::GOLDSEAM,
            incident.id,
            &[Change::Record(event)],
            None,
            false,
        )
        .await?;
        Ok(())
    }

    /// Runs a reminder job: each required reader of that version who has not acknowledged it
    /// and was not reminded yet gets one reminder.
    pub async fn remind_postmortem_readers(&self, job: &VersionJob) -> Result<(), StoreError> {
        let r = job.incident_id;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM postmortem_readers WHERE incident_id = $1 AND version_sent = $2 AND kind = 'person' AND required = 1 AND acknowledged_at IS NULL AND reminded_at IS NULL ORDER BY id",
        )
        .bind(r.get())
        .bind(job.version)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        for chunk in ids.chunks(CHUNK) {
            let jobs: Vec<NewJob> = chunk
                .iter()
                .map(|id| NewJob {
                    kind: EMAIL_KIND.into(),
                    destination: format!("postmortem-reader:{id}"),
                    idempotency_key: format!("pm-remind:{r}:v{}:r{id}", job.version),
                    payload: json!(ReaderEmailJob {
                        reader_id: *id,
                        version: job.version,
                        purpose: Purpose::Reminder
                    }),
                    incident_id: None,
                    run_at: None,
                })
                .collect();
            // Queued before they are marked: a crash in between queues the same keys again.
            self.enqueue_all(&jobs).await?;
            let mut q = crate::sql::SqlBuilder::new("UPDATE postmortem_readers SET reminded_at = ");
            q.push_bind_i64(to_db(self.now())).push(" WHERE id IN (");
            for (i, id) in chunk.iter().enumerate() {
                q.push(if i == 0 { "" } else { ", " }).push_bind_i64(*id);
            }
            q.push(")");
            let (sql, args) = q.finish();
            sqlx::query_with(&sql, args)
                .execute(&mut *self.writer().await?)
                .await?;
        }
        Ok(())
    }
}
