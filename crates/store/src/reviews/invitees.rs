//! Who the review meeting invites. By default the people who ran the response are required
//! (role holders, the people paged, the postmortem's author) and the others who took part, and
//! those who subscribed to the incident, are optional; the owner may replace the list before
//! booking. A private incident's review invites
//! only people who may see it.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::review::Invitee;
use goldseam_core::{Actor, DomainError, IncidentState, UserId, UserRole};
use std::collections::BTreeMap;

/// Why someone is on the default list, for the page to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeRow {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub required: bool,
}

impl Store {
    /// Whether `user_id` (an active account) may see `incident`.
    pub async fn user_may_see_incident(
        &self,
        user_id: UserId,
        incident: &IncidentState,
    ) -> Result<bool, StoreError> {
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

    /// The postmortem's author: who sent it for review, else who opened it by hand.
    async fn postmortem_author(
        &self,
        incident: &IncidentState,
    ) -> Result<Option<UserId>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, actor_id, data FROM events WHERE incident_id = $1 AND kind IN ('postmortem_state_changed', 'postmortem_opened') ORDER BY id DESC",
        )
        .bind(incident.id.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        let mut opener = None;
        for row in &rows {
            let kind: String = row.col("kind")?;
            let actor: Option<UserId> = row.opt_id("actor_id")?;
            let payload: serde_json::Value = row.json("data")?;
            if kind == "postmortem_state_changed" && payload["to"] == "in_review" && actor.is_some()
            {
                return Ok(actor);
            }
            if kind == "postmortem_opened" && payload["automatic"] != true {
                opener = opener.or(actor);
            }
        }
        Ok(opener)
    }

    /// When the postmortem last went to review: the review window counts from there.
    pub async fn review_ready_at(
        &self,
        incident: &IncidentState,
    ) -> Result<Option<jiff::Timestamp>, StoreError> {
        let rows = sqlx::query(
            "SELECT data, at FROM events WHERE incident_id = $1 AND kind = 'postmortem_state_changed' ORDER BY id DESC",
        )
        .bind(incident.id.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        for row in &rows {
            let payload: serde_json::Value = row.json("data")?;
            if payload["to"] == "in_review" {
                return Ok(Some(row.time("at")?));
            }
        }
        Ok(None)
    }

    /// The invitees Goldseam proposes for `incident`'s review.
    pub async fn default_invitees(
        &self,
        incident: &IncidentState,
    ) -> Result<Vec<Invitee>, StoreError> {
        use crate::incidents::SeeReason;
        let mut list: BTreeMap<UserId, bool> = BTreeMap::new();
        for (user, why) in self.see_reasons(incident).await? {
            let required = why
                .iter()
                .any(|w| matches!(w, SeeReason::Role | SeeReason::Paged));
            let optional = why.iter().any(|w| {
                matches!(
                    w,
                    SeeReason::Declared
                        | SeeReason::TookPart
                        | SeeReason::Informed
                        | SeeReason::Added
                )
            });
            if required || optional {
                list.insert(user, required);
            }
        }
        // People who subscribed to this very incident asked to follow it: optional.
        let subscribed: Vec<i64> = sqlx::query_scalar(
            "SELECT user_id FROM subscriptions WHERE target_kind = 'incident' AND target_key = $1",
        )
        .bind(incident.id.to_string())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        for user in subscribed {
            list.entry(UserId::from_db(user)).or_insert(false);
        }
        if let Some(author) = self.postmortem_author(incident).await? {
            list.insert(author, true);
        }
        let mut out = Vec::new();
        for (user_id, required) in list {
            if self.user_may_see_incident(user_id, incident).await? {
                out.push(Invitee { user_id, required });
            }
        }
        Ok(out)
    }

    /// The invitees for the next booking: the owner's list if they chose one, else the defaults.
    pub async fn review_invitees(
        &self,
        incident: &IncidentState,
    ) -> Result<Vec<Invitee>, StoreError> {
        let chosen: Option<String> = sqlx::query_scalar(
            "SELECT invitees FROM review_invitee_choices WHERE incident_id = $1",
        )
        .bind(incident.id.get())
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        match chosen {
            Some(json) => Ok(serde_json::from_str(&json)?),
            None => self.default_invitees(incident).await,
        }
    }

    /// Replaces the invitee list of `incident`'s review. Everyone must be an active person who
    /// may see the incident, at most once, and at least one must be required.
    pub async fn set_review_invitees(
        &self,
        incident: &IncidentState,
        invitees: &[Invitee],
    ) -> Result<(), StoreError> {
        let mut errors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, inv) in invitees.iter().enumerate() {
            if !seen.insert(inv.user_id) {
                errors.push(DomainError::invalid(
                    format!("invitees[{i}].user_id"),
                    "is listed twice",
                ));
            } else if !self.user_may_see_incident(inv.user_id, incident).await? {
                errors.push(DomainError::invalid(
                    format!("invitees[{i}].user_id"),
                    format!(
                        "user {} is not an active person who may see {}",
                        inv.user_id,
                        incident.id.reference()
                    ),
                ));
            }
        }
        if invitees.len() > 100 {
            errors.push(DomainError::invalid("invitees", "at most 100 people"));
        }
        if !invitees.iter().any(|i| i.required) {
            errors.push(DomainError::invalid(
                "invitees",
                "name at least one required attendee",
            ));
        }
        if let Some(first) = errors.into_iter().next() {
            return Err(first.into());
        }
        sqlx::query("INSERT INTO review_invitee_choices (incident_id, invitees, updated_at) VALUES ($1, $2, $3) ON CONFLICT (incident_id) DO UPDATE SET invitees = excluded.invitees, updated_at = excluded.updated_at")
            .bind(incident.id.get())
            .bind(serde_json::to_string(invitees)?)
            .bind(to_db(self.now()))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }
}
