//! Each reader's message, made when it is sent: an email is the version's stored rendering
//! wrapped for its reader (their personal link, why they get it, List-Unsubscribe where they may
//! leave); a Slack channel or a webhook gets its message when the version is distributed.

use super::links::reading_link;
use super::render::parse_rendering;
use crate::jobs::NewJob;
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::delivery::EmailMessage;
use goldseam_core::postmortem::distribution::{compose_email, slack_post, Purpose, ReaderMessage};
use goldseam_core::{Actor, IncidentId, IncidentState, UserId, UserRole};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The payload of a `postmortem_email` job.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct ReaderEmailJob {
    /// The reader row.
    pub reader_id: i64,
    /// The version it is about.
    pub version: i64,
    /// Why it is sent.
    pub purpose: Purpose,
}

/// A reader row as messages need it.
pub(crate) struct ReaderRecord {
    pub id: i64,
    pub incident_id: IncidentId,
    pub kind: String,
    pub user_id: Option<UserId>,
    pub address: String,
    pub reasons: Vec<String>,
    pub rendering: goldseam_core::postmortem::distribution::Rendering,
    pub required: bool,
    pub acknowledged: bool,
}

impl Store {
    pub(crate) async fn reader_record(&self, id: i64) -> Result<Option<ReaderRecord>, StoreError> {
        let row = sqlx::query("SELECT id, incident_id, kind, user_id, address, reasons, rendering, required, acknowledged_at FROM postmortem_readers WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ReaderRecord {
            id: row.col("id")?,
            incident_id: row.id("incident_id")?,
            kind: row.col("kind")?,
            user_id: row.opt_id("user_id")?,
            address: row.col("address")?,
            reasons: row.json("reasons")?,
            rendering: parse_rendering(&row.col::<String>("rendering")?)?,
            required: row.col::<i64>("required")? != 0,
            acknowledged: row.opt_time("acknowledged_at")?.is_some(),
        }))
    }

    /// Whether `reader` may still read the postmortem of `incident`: an active person who may
    /// see it, or a channel of an incident that is not private (a channel's members cannot be
    /// checked). Checked again at every send and open, since access can be taken away.
    pub(crate) async fn reader_may_read(
        &self,
        reader: &ReaderRecord,
        incident: &IncidentState,
    ) -> Result<bool, StoreError> {
        let Some(user_id) = reader.user_id else {
            return Ok(!incident.private);
        };
        let Ok(user) = self.user(user_id).await else {
            return Ok(false);
        };
        if !user.active {
            return Ok(false);
        }
        let actor = Actor {
            user_id,
            role: user.role,
        };
        Ok(user.role == UserRole::Admin || self.incident(&actor, incident.id).await.is_ok())
    }

    /// The email of a `postmortem_email` job, or `None` when nothing is to be sent any more
    /// (the reader may no longer read it, or acknowledged it before the reminder went out).
    pub async fn reader_email(
        &self,
        job: &ReaderEmailJob,
        public_url: &str,
    ) -> Result<Option<EmailMessage>, StoreError> {
        let Some(reader) = self.reader_record(job.reader_id).await? else {
            return Ok(None);
        };
        let incident = self.incident(&Actor::GOLDSEAM, reader.incident_id).await?;
        if !self.reader_may_read(&reader, &incident).await?
            || (job.purpose == Purpose::Reminder && reader.acknowledged)
        {
            return Ok(None);
        }
        let to = match reader.user_id {
            Some(u) => self.user(u).await?.email,
            None => reader.address.clone(),
        };
        let row = sqlx::query("SELECT subject, text_body, html_body, changes FROM postmortem_renderings WHERE incident_id = $1 AND version = $2 AND rendering = $3")
            .bind(reader.incident_id.get())
            .bind(job.version)
            .bind(super::render::rendering_name(reader.rendering))
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("the rendering of version {} of the postmortem of {}", job.version, reader.incident_id.reference())))?;
        let (subject, text_body, html_body): (String, String, String) = (
            row.col("subject")?,
            row.col("text_body")?,
            row.col("html_body")?,
        );
        let changes: Vec<String> = row.json("changes")?;
        let token = self.reading_token(reader.id).await?;
        let link = reading_link(public_url, &token);
        let reference = reader.incident_id.reference();
        let composed = compose_email(&ReaderMessage {
            reference: &reference,
            title: &incident.title,
            version: job.version,
            rendering: reader.rendering,
            purpose: job.purpose,
            subject: &subject,
            text_body: &text_body,
            html_body: &html_body,
            changes: &changes,
            link: &link,
            reasons: &reader.reasons,
        });
        // Only a person who is not required to read it may leave (a participant may not, and
        // a mailing list is not one person's to leave).
        let may_leave = reader.kind == "person"
            && !reader.required
            && !reader.reasons.iter().any(|r| r == "participant");
        Ok(Some(EmailMessage {
            to,
            subject: composed.subject,
            text: composed.text,
            html: Some(composed.html),
            link: None,
            list_unsubscribe: may_leave.then(|| {
                format!(
                    "{}/api/v1/read/{token}/unsubscribe",
                    public_url.trim_end_matches('/')
                )
            }),
            calendar: None,
        }))
    }

    /// The message of a Slack channel or webhook reader, as a delivery job.
    pub(crate) async fn channel_job(
        &self,
        incident: &IncidentState,
        version: i64,
        reader_id: i64,
        key: String,
        public_url: &str,
    ) -> Result<NewJob, StoreError> {
        let reader = self
            .reader_record(reader_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("postmortem reader {reader_id}")))?;
        let row = sqlx::query("SELECT text_body, rendering FROM postmortem_renderings WHERE incident_id = $1 AND version = $2 AND rendering IN ('summary', $3) ORDER BY rendering")
            .bind(incident.id.get())
            .bind(version)
            .bind(super::render::rendering_name(reader.rendering))
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let body_of = |name: &str| -> Result<String, StoreError> {
            for r in &row {
                if r.col::<String>("rendering")? == name {
                    return r.col("text_body");
                }
            }
            Err(StoreError::NotFound(format!(
                "the {name} rendering of {}",
                incident.id.reference()
            )))
        };
        let link = reading_link(public_url, &self.reading_token(reader_id).await?);
        let reference = incident.id.reference();
        Ok(if reader.kind == "slack_channel" {
            let text = slack_post(
                &reference,
                &incident.title,
                version,
                &body_of("summary")?,
                &link,
            );
            NewJob {
                kind: "slack".into(),
                destination: format!("slack:{}", reader.address),
                idempotency_key: key,
                payload: json!({"channel": reader.address, "text": text}),
                incident_id: None,
                run_at: None,
            }
        } else {
            let body = json!({
                "type": "postmortem.published",
                "incident": {
                    "reference": reference,
                    "title": incident.title,
                    "severity": incident.severity.as_str(),
                    "type": incident.incident_type.as_str(),
                },
                "version": version,
                "rendering": super::render::rendering_name(reader.rendering),
                "markdown": body_of(super::render::rendering_name(reader.rendering))?,
                "link": link,
            });
            NewJob {
                kind: "webhook".into(),
                destination: format!("webhook:{}", reader.address),
                idempotency_key: key,
                payload: json!({"url": reader.address, "body": body}),
                incident_id: None,
                run_at: None,
            }
        })
    }
}
