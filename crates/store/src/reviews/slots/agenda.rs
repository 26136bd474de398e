//! Agendas: a published postmortem joins, in each slot of its incident's teams (the teams
//! owning its services), the first instance starting at least a day after its publication whose
//! agenda has not gone out; and the next instances with their postmortems, as people read them.

use super::crud::lock_slot;
use super::{QueueJob, ReviewSlot};
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::review::slots::{ReviewSlotId, AGENDA_LEAD};
use goldseam_core::{Actor, IncidentId, IncidentState};
use jiff::{SignedDuration, Timestamp};
use sqlx::Connection;

/// One postmortem on an instance's agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaEntry {
    /// Whose postmortem it is.
    pub incident_id: IncidentId,
    /// `INC-42`.
    pub reference: String,
    /// The incident's title.
    pub title: String,
    /// When it was published (what decided its instance).
    pub published_at: Timestamp,
}

/// One coming instance and what it will review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaInstance {
    /// When it starts.
    pub start: Timestamp,
    /// When it ends.
    pub end: Timestamp,
    /// `scheduled` (its agenda still open), `agenda_sent` or `cancelled`.
    pub state: String,
    /// The postmortems the reader may open, by publication.
    pub postmortems: Vec<AgendaEntry>,
    /// How many more are on it, of private incidents the reader cannot see.
    pub hidden: usize,
}

/// How many instances past the first a late postmortem may skip over already-decided ones.
const LOOK_AHEAD: usize = 16;

impl Store {
    /// The postmortems on the agenda of `slot`'s instance starting at `start`, by publication.
    pub(crate) async fn agenda_of(
        &self,
        slot: ReviewSlotId,
        start: Timestamp,
    ) -> Result<Vec<(IncidentId, Timestamp)>, StoreError> {
        let rows = sqlx::query(
            "SELECT incident_id, added_at FROM review_slot_agenda WHERE slot_id = $1 AND instance_at = $2 ORDER BY added_at, incident_id",
        )
        .bind(slot.get())
        .bind(to_db(start))
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|r| Ok((r.id("incident_id")?, r.time("added_at")?)))
            .collect()
    }

    /// Runs a `review_slot_queue` job: puts the postmortem on the agenda of each slot of its
    /// incident's teams, once per slot. Returns how many agendas it joined (none for an
    /// incident without a team).
    pub async fn queue_for_review_slots(&self, job: QueueJob) -> Result<usize, StoreError> {
        let incident = self.incident(&Actor::GOLDSEAM, job.incident_id).await?;
        let mut joined = 0;
        for (team_id, _) in self.teams_of(&incident).await? {
            for slot in self.team_review_slots(team_id).await? {
                joined += usize::from(self.join_agenda(&slot, &incident, job.published_at).await?);
            }
        }
        Ok(joined)
    }

    async fn join_agenda(
        &self,
        slot: &ReviewSlot,
        incident: &IncidentState,
        published: Timestamp,
    ) -> Result<bool, StoreError> {
        let from = published.checked_add(AGENDA_LEAD).unwrap_or(Timestamp::MAX);
        let candidates = slot.rule.instances_from(slot.starts_on, from, LOOK_AHEAD);
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        lock_slot(&mut tx, slot.id).await?;
        let already: Option<i64> = sqlx::query_scalar(
            "SELECT instance_at FROM review_slot_agenda WHERE slot_id = $1 AND incident_id = $2",
        )
        .bind(slot.id.get())
        .bind(incident.id.get())
        .fetch_optional(&mut *tx)
        .await?;
        if already.is_some() {
            return Ok(false);
        }
        for instance in candidates {
            // Normally the first: this job runs as the postmortem is published. When it ran
            // late (the engine was down) and that agenda has gone out, the next one takes it.
            let decided: Option<String> = sqlx::query_scalar(
                "SELECT state FROM review_slot_instances WHERE slot_id = $1 AND instance_at = $2",
            )
            .bind(slot.id.get())
            .bind(to_db(instance.start))
            .fetch_optional(&mut *tx)
            .await?;
            if decided.is_some() {
                continue;
            }
            sqlx::query(
                "INSERT INTO review_slot_agenda (slot_id, instance_at, incident_id, added_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(slot.id.get())
            .bind(to_db(instance.start))
            .bind(incident.id.get())
            .bind(to_db(published))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            return Ok(true);
        }
        Ok(false)
    }

    /// The next `count` instances of slot `id` not over yet, each with its state and the
    /// postmortems on its agenda that `actor` may see.
    pub async fn review_slot_agenda(
        &self,
        actor: &Actor,
        id: ReviewSlotId,
        count: usize,
    ) -> Result<(ReviewSlot, Vec<AgendaInstance>), StoreError> {
        let slot = self.review_slot(id).await?;
        let now = self.now();
        let length = SignedDuration::from_mins(i64::from(slot.rule.duration_minutes()));
        let decided = self.decided_instances(id).await?;
        let mut out = Vec::new();
        for instance in slot
            .rule
            .instances_from(slot.starts_on, now - length, count)
        {
            let mut postmortems = Vec::new();
            let mut hidden = 0;
            for (incident_id, published_at) in self.agenda_of(id, instance.start).await? {
                match self.incident(actor, incident_id).await {
                    Ok(incident) => postmortems.push(AgendaEntry {
                        incident_id,
                        reference: incident_id.reference(),
                        title: incident.title,
                        published_at,
                    }),
                    Err(StoreError::NotFound(_)) => hidden += 1,
                    Err(e) => return Err(e),
                }
            }
            let state = decided
                .get(&to_db(instance.start))
                .cloned()
                .unwrap_or_else(|| "scheduled".into());
            out.push(AgendaInstance {
                start: instance.start,
                end: instance.end,
                state,
                postmortems,
                hidden,
            });
        }
        Ok((slot, out))
    }
}
