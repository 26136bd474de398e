//! Participants' feedback: one answer each per incident, given once the incident is resolved or
//! closed, summed up per team over the incidents the reader may see (a comment can tell what a
//! private incident was about), never with names.

use super::due::{team_key, TeamKey};
use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::learning::{summarize, Feedback, FeedbackSummary};
use goldseam_core::{Actor, DomainError, IncidentId, Status, TeamId};
use jiff::Timestamp;
use std::collections::BTreeMap;

/// One answer: its score, comment and time.
type Answer = (u8, Option<String>, Timestamp);

/// One team's answers.
struct TeamAnswers {
    team: Option<(TeamId, String)>,
    answers: Vec<Answer>,
}

/// One person's stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFeedback {
    pub feedback: Feedback,
    pub submitted_at: Timestamp,
}

impl Store {
    /// Records (or replaces) `actor`'s answer about incident `r`.
    pub async fn submit_feedback(
        &self,
        actor: &Actor,
        r: IncidentId,
        feedback: &Feedback,
    ) -> Result<StoredFeedback, StoreError> {
        let incident = self.incident(actor, r).await?;
        if !self
            .participants_of(&incident)
            .await?
            .contains(&actor.user_id)
        {
            return Err(DomainError::Forbidden(
                "only people who took part in the incident answer how its response went".into(),
            )
            .into());
        }
        if !matches!(incident.status, Status::Resolved | Status::Closed) {
            return Err(DomainError::Conflict(
                "feedback is asked once the incident is resolved".into(),
            )
            .into());
        }
        let now = self.now();
        sqlx::query("INSERT INTO incident_feedback (incident_id, user_id, score, comment, submitted_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (incident_id, user_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, submitted_at = excluded.submitted_at")
            .bind(r.get())
            .bind(actor.user_id.get())
            .bind(i64::from(feedback.score))
            .bind(feedback.comment.clone())
            .bind(to_db(now))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(StoredFeedback {
            feedback: feedback.clone(),
            submitted_at: now,
        })
    }

    /// `actor`'s own answer about `r`, if they gave one.
    pub async fn my_feedback(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<Option<StoredFeedback>, StoreError> {
        let incident = self.incident(actor, r).await?;
        if !self
            .participants_of(&incident)
            .await?
            .contains(&actor.user_id)
        {
            // Only participants are asked: a 403 tells the room not to ask.
            return Err(DomainError::Forbidden(
                "only people who took part in the incident answer how its response went".into(),
            )
            .into());
        }
        let row = sqlx::query("SELECT score, comment, submitted_at FROM incident_feedback WHERE incident_id = $1 AND user_id = $2")
            .bind(r.get())
            .bind(actor.user_id.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        row.map(|row| {
            Ok(StoredFeedback {
                feedback: Feedback {
                    score: row.col::<i64>("score")?.clamp(1, 5) as u8,
                    comment: row.col("comment")?,
                },
                submitted_at: row.time("submitted_at")?,
            })
        })
        .transpose()
    }

    /// The answers about incidents `actor` may see, summed up per team owning their services
    /// (`None`: incidents with no team), teams by name.
    pub async fn feedback_summary(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(Option<(TeamId, String)>, FeedbackSummary)>, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        let mut q = SqlBuilder::new("SELECT f.incident_id, f.score, f.comment, f.submitted_at FROM incident_feedback f JOIN incidents i ON i.id = f.incident_id WHERE 1 = 1");
        crate::policy::push_visible(&mut q, actor);
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let mut by_team: BTreeMap<TeamKey, TeamAnswers> = BTreeMap::new();
        let mut teams_of: BTreeMap<IncidentId, Vec<(TeamId, String)>> = BTreeMap::new();
        for row in &rows {
            let r: IncidentId = row.id("incident_id")?;
            let teams = match teams_of.get(&r) {
                Some(teams) => teams.clone(),
                None => {
                    let incident = self.incident(&Actor::GOLDSEAM, r).await?;
                    let teams = self.teams_of(&incident).await?;
                    teams_of.insert(r, teams.clone());
                    teams
                }
            };
            let answer: Answer = (
                row.col::<i64>("score")?.clamp(1, 5) as u8,
                row.col("comment")?,
                row.time("submitted_at")?,
            );
            let targets: Vec<Option<(TeamId, String)>> = if teams.is_empty() {
                vec![None]
            } else {
                teams.into_iter().map(Some).collect()
            };
            for team in targets {
                by_team
                    .entry(team_key(&team))
                    .or_insert_with(|| TeamAnswers {
                        team,
                        answers: Vec::new(),
                    })
                    .answers
                    .push(answer.clone());
            }
        }
        let (named, unnamed): (Vec<_>, Vec<_>) =
            by_team.into_iter().partition(|(k, _)| k.is_some());
        Ok(named
            .into_iter()
            .chain(unnamed)
            .map(|(_, t)| (t.team, summarize(t.answers)))
            .collect())
    }
}
