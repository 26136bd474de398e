//! Recurring team review slots (docs/reviews.md, "Recurring review slots"): a team's standing
//! review meeting, whose agenda is the postmortems it published since the last one.
//!
//! Three jobs carry it, all idempotent by key:
//! - `review_slot_queue`, written with the event that publishes a postmortem, puts it on the
//!   agenda of the next instance (of each slot of the incident's teams) starting at least a day
//!   after the publication;
//! - `review_slot_instance`, one per instance, due a day before it: decides once (the decision
//!   row's primary key) whether the agenda goes out or the instance is cancelled, queues the
//!   emails in the same transaction, and queues the next instance's job, so the chain survives
//!   restarts and runs nothing twice;
//! - `review_slot_email`, one per person and message, made when it is sent from the slot as it
//!   stands (an overtaken message sends nothing).

mod agenda;
mod crud;
mod emails;
mod instances;

pub use agenda::{AgendaEntry, AgendaInstance};
pub use instances::{InstanceOutcome, AGENDA_SENT, CANCELLED};

use crate::jobs::NewJob;
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::review::slots::{Instance, ReviewSlotId, SlotInput, SlotRule};
use goldseam_core::{EventPayload, EventRecord, IncidentId, TeamId, UserId};
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::any::AnyRow;

/// Puts a published postmortem on its teams' slots' agendas.
pub const QUEUE_KIND: &str = "review_slot_queue";
/// Decides one instance a day ahead: agenda out, or cancelled.
pub const INSTANCE_KIND: &str = "review_slot_instance";
/// One person's email about a slot.
pub const EMAIL_KIND: &str = "review_slot_email";

/// A team's standing review meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSlot {
    /// Its id.
    pub id: ReviewSlotId,
    /// The team whose meeting it is; its members are invited.
    pub team_id: TeamId,
    /// Name, zone, local start, length and weekly rule.
    pub rule: SlotRule,
    /// The first instance's date (DTSTART's), in the slot's zone.
    pub starts_on: Date,
    /// Who made it; invitations name them as the organizer ("Ana via Goldseam").
    pub organizer_id: UserId,
    /// The iCalendar UID, the same for the slot's whole life.
    pub uid: String,
    /// The iTIP SEQUENCE last used.
    pub sequence: i64,
    /// The SEQUENCE of the last message about the whole series.
    pub series_sequence: i64,
    /// False once deleted.
    pub active: bool,
    /// Made at.
    pub created_at: Timestamp,
    /// Last changed at (instances cancelled included).
    pub updated_at: Timestamp,
}

impl ReviewSlot {
    /// The series' first instance (DTSTART).
    pub fn first_instance(&self) -> Option<Instance> {
        self.rule
            .instances_from(self.starts_on, Timestamp::MIN, 1)
            .into_iter()
            .next()
    }

    /// The instance starting exactly at `start`, if the series (as it stands) has one.
    pub fn instance(&self, start: Timestamp) -> Option<Instance> {
        self.rule.instance(self.starts_on, start)
    }
}

/// The payload of a `review_slot_queue` job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueJob {
    /// The incident whose postmortem was published.
    pub incident_id: IncidentId,
    /// When the postmortem was published: decides the instance it joins.
    pub published_at: Timestamp,
}

/// The payload of a `review_slot_instance` job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceJob {
    /// The slot.
    pub slot_id: ReviewSlotId,
    /// The instance's start.
    pub instance: Timestamp,
}

/// What a `review_slot_email` job sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SlotMessage {
    /// The series invitation or its update (iTIP REQUEST with RRULE).
    Series {
        /// The SEQUENCE it carries; a later series message makes it moot.
        sequence: i64,
    },
    /// The series is deleted (iTIP CANCEL without RECURRENCE-ID).
    SeriesCancelled {
        /// The SEQUENCE it carries.
        sequence: i64,
    },
    /// An instance's agenda.
    Agenda {
        /// The instance's start.
        instance: Timestamp,
    },
    /// An instance cancelled for its date (iTIP CANCEL with RECURRENCE-ID).
    InstanceCancelled {
        /// The instance's start (its RECURRENCE-ID).
        instance: Timestamp,
    },
}

/// The payload of a `review_slot_email` job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotEmailJob {
    /// The slot.
    pub slot_id: ReviewSlotId,
    /// Who it goes to (a member of the slot's team when it is sent, or nothing is sent).
    pub user_id: UserId,
    /// What it says.
    pub message: SlotMessage,
}

fn destination(slot: ReviewSlotId) -> String {
    format!("review-slot:{slot}")
}

pub(crate) fn instance_job(slot: ReviewSlotId, instance: &Instance) -> NewJob {
    NewJob {
        kind: INSTANCE_KIND.into(),
        destination: destination(slot),
        idempotency_key: format!(
            "review-slot-instance:{slot}:{}",
            instance.start.as_microsecond()
        ),
        payload: json!(InstanceJob {
            slot_id: slot,
            instance: instance.start
        }),
        incident_id: None,
        run_at: Some(instance.due()),
    }
}

pub(crate) fn email_job(slot: ReviewSlotId, user_id: UserId, message: SlotMessage) -> NewJob {
    let what = match message {
        SlotMessage::Series { sequence } | SlotMessage::SeriesCancelled { sequence } => {
            format!("s{sequence}")
        }
        SlotMessage::Agenda { instance } | SlotMessage::InstanceCancelled { instance } => {
            format!("i{}", instance.as_microsecond())
        }
    };
    NewJob {
        kind: EMAIL_KIND.into(),
        destination: destination(slot),
        idempotency_key: format!("review-slot-email:{slot}:{what}:{user_id}"),
        payload: json!(SlotEmailJob {
            slot_id: slot,
            user_id,
            message
        }),
        incident_id: None,
        run_at: None,
    }
}

/// The job a newly published postmortem causes, if this event publishes one.
pub(crate) fn queue_job(rec: &EventRecord) -> Option<NewJob> {
    let EventPayload::PostmortemStateChanged { to, .. } = &rec.payload else {
        return None;
    };
    if to != "published" {
        return None;
    }
    let r = rec.incident_id;
    Some(NewJob {
        kind: QUEUE_KIND.into(),
        destination: format!("review:{r}"),
        idempotency_key: format!("review-slot-queue:{r}:{}", rec.id),
        payload: json!(QueueJob {
            incident_id: r,
            published_at: rec.at
        }),
        incident_id: Some(r),
        run_at: None,
    })
}

pub(crate) const COLUMNS: &str = "id, team_id, name, zone, start_time, duration_minutes, rrule, starts_on, organizer_id, uid, sequence, series_sequence, active, created_at, updated_at";

pub(crate) fn from_row(row: &AnyRow) -> Result<ReviewSlot, StoreError> {
    let id: ReviewSlotId = row.id("id")?;
    let (name, zone, start, rrule): (String, String, String, String) = (
        row.col("name")?,
        row.col("zone")?,
        row.col("start_time")?,
        row.col("rrule")?,
    );
    let rule = SlotRule::parse(&SlotInput {
        name: &name,
        zone: &zone,
        start_time: &start,
        duration_minutes: row.col("duration_minutes")?,
        rrule: &rrule,
    })
    .map_err(|e| StoreError::Corrupt(format!("review slot {id}: {e:?}")))?;
    let starts_on: String = row.col("starts_on")?;
    Ok(ReviewSlot {
        id,
        team_id: row.id("team_id")?,
        rule,
        starts_on: starts_on
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("review slot {id} starts_on: {e}")))?,
        organizer_id: row.id("organizer_id")?,
        uid: row.col("uid")?,
        sequence: row.col("sequence")?,
        series_sequence: row.col("series_sequence")?,
        active: row.flag("active")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
    })
}

impl Store {
    /// The slot `id`, deleted or not; not found when it never existed.
    pub(crate) async fn any_review_slot(&self, id: ReviewSlotId) -> Result<ReviewSlot, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM review_slots WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("review slot {id}")))?;
        from_row(&row)
    }

    /// The slot `id`; a deleted one is not found.
    pub async fn review_slot(&self, id: ReviewSlotId) -> Result<ReviewSlot, StoreError> {
        let slot = self.any_review_slot(id).await?;
        if !slot.active {
            return Err(StoreError::NotFound(format!("review slot {id}")));
        }
        Ok(slot)
    }

    /// The team's slots, oldest first (deleted ones left out).
    pub async fn team_review_slots(&self, team_id: TeamId) -> Result<Vec<ReviewSlot>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM review_slots WHERE team_id = $1 AND active = 1 ORDER BY id"
        ))
        .bind(team_id.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }
}
