//! Follow-ups (docs/follow-ups.md): the `follow_ups` table is a projection of the incidents'
//! `follow_up_added` and `follow_up_changed` events, written by the same plan as the events
//! (`project`), so the timeline and the list cannot disagree. Adding and changing go through
//! the incident's write path (`write.rs`), lists read the table (`list.rs`), and the daily
//! digest of what is late or near runs from the job queue (`reminders.rs`). Filing in GitHub or
//! Jira is `trackers.rs`; every other tracker can follow them through the signed webhook
//! (`webhook.rs`).

mod list;
mod project;
mod reminders;
mod trackers;
mod webhook;
mod write;

pub use list::{FollowUpFilter, FollowUpPage, StatusFilter, TeamFilter, LIST_LIMIT};
pub(crate) use project::project;
pub use reminders::{ReminderTick, REMINDER_KIND};
pub use trackers::{FileIssueJob, TrackerUpdate, FILE_ISSUE_KIND, TRACKER_EVENT_KIND};
pub(crate) use webhook::webhook_jobs;
pub use webhook::{FollowUpHookJob, WEBHOOK_KIND};

use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::follow_up::{is_overdue, FollowUpState, FollowUpStatus, Priority};
use goldseam_core::{Actor, EventId, IncidentId, Status, TeamId, UserId};
use jiff::civil::Date;
use jiff::Timestamp;
use sqlx::any::AnyRow;

/// A follow-up as lists and pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub id: EventId,
    pub incident: IncidentBrief,
    pub title: String,
    pub description: Option<String>,
    /// The owner's id and name.
    pub owner: Option<(UserId, String)>,
    /// The team's id, and its name unless it was deleted since.
    pub team: Option<(TeamId, Option<String>)>,
    pub due_on: Option<Date>,
    pub priority: Priority,
    pub status: FollowUpStatus,
    pub reason: Option<String>,
    /// Promised and due before today in its owner's zone.
    pub overdue: bool,
    pub created_by: Option<(UserId, String)>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub committed_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    /// The issue it was filed as, if it was.
    pub tracker: Option<TrackerLink>,
}

/// An issue a follow-up was filed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerLink {
    /// `github` or `jira`.
    pub tracker: String,
    /// `acme/api#12`, `OPS-12`.
    pub key: String,
    /// Its page.
    pub url: String,
}

/// The incident a follow-up came from, as much as a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentBrief {
    pub id: IncidentId,
    pub title: String,
    pub severity: String,
    pub status: Status,
    pub private: bool,
}

/// The columns `from_row` reads: the follow-up `f`, its incident `i`, the owner's and
/// creator's names, the team's name and the owner's zone.
pub(crate) const SELECT: &str = "SELECT f.id, f.incident_id, f.title, f.description, f.owner_id, f.team_id, f.due_on, f.priority, f.status, f.reason, f.created_by, f.created_at, f.updated_at, f.committed_at, f.completed_at, f.tracker, f.tracker_key, f.tracker_url, i.title AS incident_title, i.severity, i.status AS incident_status, i.private, o.name AS owner_name, c.name AS creator_name, t.name AS team_name, z.time_zone AS owner_zone FROM follow_ups f JOIN incidents i ON i.id = f.incident_id LEFT JOIN users o ON o.id = f.owner_id LEFT JOIN users c ON c.id = f.created_by LEFT JOIN teams t ON t.id = f.team_id LEFT JOIN user_profiles z ON z.user_id = f.owner_id";

pub(crate) fn parse_date(s: &str) -> Result<Date, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("follow-up due date {s:?}")))
}

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("follow-up {what} {v:?}"))
}

/// The day it is for `zone_name` (an IANA name; UTC without one or for one no longer known).
pub(crate) fn today_in(now: Timestamp, zone_name: Option<&str>) -> Date {
    let zone = zone_name
        .and_then(|z| jiff::tz::TimeZone::get(z).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    now.to_zoned(zone).date()
}

pub(crate) fn from_row(row: &AnyRow, now: Timestamp) -> Result<FollowUp, StoreError> {
    let named = |id: &str, name: &str| -> Result<Option<(UserId, String)>, StoreError> {
        Ok(match row.opt_id::<UserId>(id)? {
            Some(u) => Some((u, row.col::<Option<String>>(name)?.unwrap_or_default())),
            None => None,
        })
    };
    let status: String = row.col("status")?;
    let status =
        FollowUpStatus::parse("status", &status).map_err(|_| corrupt("status", &status))?;
    let priority: String = row.col("priority")?;
    let priority =
        Priority::parse("priority", &priority).map_err(|_| corrupt("priority", &priority))?;
    let incident_status: String = row.col("incident_status")?;
    let due_on = row
        .col::<Option<String>>("due_on")?
        .map(|d| parse_date(&d))
        .transpose()?;
    let zone: Option<String> = row.col("owner_zone")?;
    let today = today_in(now, zone.as_deref());
    Ok(FollowUp {
        id: row.id("id")?,
        incident: IncidentBrief {
            id: row.id("incident_id")?,
            title: row.col("incident_title")?,
            severity: row.col("severity")?,
            status: Status::parse("status", &incident_status)
                .map_err(|_| corrupt("incident status", &incident_status))?,
            private: row.flag("private")?,
        },
        title: row.col("title")?,
        description: row.col("description")?,
        owner: named("owner_id", "owner_name")?,
        team: match row.opt_id::<TeamId>("team_id")? {
            Some(t) => Some((t, row.col("team_name")?)),
            None => None,
        },
        due_on,
        priority,
        status,
        reason: row.col("reason")?,
        overdue: is_overdue(status, due_on, today),
        created_by: named("created_by", "creator_name")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
        committed_at: row.opt_time("committed_at")?,
        completed_at: row.opt_time("completed_at")?,
        tracker: match (
            row.col::<Option<String>>("tracker")?,
            row.col::<Option<String>>("tracker_key")?,
            row.col::<Option<String>>("tracker_url")?,
        ) {
            (Some(tracker), Some(key), Some(url)) => Some(TrackerLink { tracker, key, url }),
            _ => None,
        },
    })
}

impl FollowUp {
    /// What core decides changes against.
    pub fn state(&self) -> FollowUpState {
        FollowUpState {
            id: self.id,
            title: self.title.clone(),
            description: self.description.clone(),
            owner_id: self.owner.as_ref().map(|(u, _)| *u),
            team_id: self.team.as_ref().map(|(t, _)| *t),
            due_on: self.due_on,
            priority: self.priority,
            status: self.status,
            reason: self.reason.clone(),
        }
    }
}

impl Store {
    /// Follow-up `id`, if `actor` may see its incident.
    pub async fn follow_up(&self, actor: &Actor, id: EventId) -> Result<FollowUp, StoreError> {
        let not_found = || StoreError::NotFound(format!("follow-up {id}"));
        let row = sqlx::query(&format!("{SELECT} WHERE f.id = $1"))
            .bind(id.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(not_found)?;
        let f = from_row(&row, self.now())?;
        // The incident's own rule decides, so a follow-up is never seen where its incident is not.
        match self.incident(actor, f.incident.id).await {
            Ok(_) => Ok(f),
            Err(StoreError::NotFound(_)) => Err(not_found()),
            Err(e) => Err(e),
        }
    }
}
