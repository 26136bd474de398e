//! Follow-ups on the wire, and the requests that add and change them, parsed into core's types
//! in one step with every refused field named.

use crate::error::Fields;
use crate::routes::response::dto::Named;
use goldseam_core::follow_up::{FollowUpPatch, FollowUpStatus, NewFollowUp, Priority};
use goldseam_core::text::{Description, Reason, Title};
use goldseam_core::{DomainError, Status, TeamId, UserId};
use goldseam_store::follow_ups::FollowUp;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a follow-up is: an idea (`proposed`), a promise (`committed`), under way
/// (`in_progress`), finished (`done`) or decided against (`wont_do`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatusDto {
    /// An idea; nobody promised it yet.
    Proposed,
    /// Someone owns it and promised a date.
    Committed,
    /// Its owner is on it.
    InProgress,
    /// Finished.
    Done,
    /// Decided against, with the reason.
    WontDo,
}

/// How much a follow-up matters.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriorityDto {
    /// Drop other work.
    Urgent,
    /// Next in line.
    High,
    /// The default.
    Medium,
    /// When there is time.
    Low,
}

/// The incident a follow-up came from.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpIncidentDto {
    /// Its number.
    pub id: i64,
    /// `INC-42`.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Its severity key.
    pub severity: String,
    /// Its status.
    pub status: Status,
    /// Whether it is private.
    pub private: bool,
}

/// A follow-up: an action an incident left behind.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpDto {
    /// Its id (the id of its `follow_up_added` event).
    pub id: i64,
    /// The incident it came from.
    pub incident: FollowUpIncidentDto,
    /// What is to be done.
    pub title: String,
    /// More about it, in Markdown.
    pub description: Option<String>,
    /// Who does it.
    pub owner: Option<Named>,
    /// The team it belongs to (its name is null if the team was deleted).
    pub team: Option<Named>,
    /// When it is due, `2026-12-10`.
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<Date>,
    /// How much it matters.
    #[schema(value_type = PriorityDto)]
    pub priority: Priority,
    /// Where it is.
    #[schema(value_type = FollowUpStatusDto)]
    pub status: FollowUpStatus,
    /// Why it won't be done.
    pub reason: Option<String>,
    /// Committed or in progress, and due before today in its owner's time zone.
    pub overdue: bool,
    /// Who added it.
    pub created_by: Option<Named>,
    /// When it was added.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// When it was first committed to (only committed ones count toward on-time figures).
    pub committed_at: Option<Timestamp>,
    /// When it was done or decided against.
    pub completed_at: Option<Timestamp>,
    /// The issue it was filed as in a tracker, once it was.
    pub tracker: Option<TrackerLinkDto>,
}

/// An issue a follow-up was filed as.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackerLinkDto {
    /// `github` or `jira`.
    pub tracker: String,
    /// The key there: `acme/api#12`, `OPS-12`.
    pub key: String,
    /// The page.
    pub url: String,
}

/// A page of follow-ups.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpList {
    /// The follow-ups.
    pub items: Vec<FollowUpDto>,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

fn named<I: goldseam_core::Id>(v: Option<(I, String)>) -> Option<Named> {
    v.map(|(id, name)| Named {
        id: id.get(),
        name: Some(name),
    })
}

impl From<FollowUp> for FollowUpDto {
    fn from(f: FollowUp) -> Self {
        FollowUpDto {
            id: f.id.get(),
            incident: FollowUpIncidentDto {
                id: f.incident.id.get(),
                reference: f.incident.id.reference(),
                title: f.incident.title,
                severity: f.incident.severity,
                status: f.incident.status,
                private: f.incident.private,
            },
            title: f.title,
            description: f.description,
            owner: named(f.owner),
            team: f.team.map(|(id, name)| Named { id: id.get(), name }),
            due_on: f.due_on,
            priority: f.priority,
            status: f.status,
            reason: f.reason,
            overdue: f.overdue,
            created_by: named(f.created_by),
            created_at: f.created_at,
            updated_at: f.updated_at,
            committed_at: f.committed_at,
            completed_at: f.completed_at,
            tracker: f.tracker.map(|t| TrackerLinkDto {
                tracker: t.tracker,
                key: t.key,
                url: t.url,
            }),
        }
    }
}

/// A follow-up to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFollowUpRequest {
    /// What is to be done, 1 to 200 characters.
    pub title: String,
    /// More about it, in Markdown, up to 10,000 characters.
    pub description: Option<String>,
    /// Who does it: an active person who can see the incident.
    pub owner_id: Option<i64>,
    /// Its team; by default the owner's, when they are in exactly one.
    pub team_id: Option<i64>,
    /// When it is due, `2026-12-10`: today or later in the owner's time zone.
    #[schema(format = Date)]
    pub due_on: Option<String>,
    /// `urgent`, `high`, `medium` (the default) or `low`.
    pub priority: Option<String>,
    /// `proposed` (the default), `committed` or `in_progress`; the last two need an owner and a
    /// due date.
    pub status: Option<String>,
}

/// Changes to a follow-up; a field left out stays as it is, `null` clears it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateFollowUpRequest {
    /// A new title.
    pub title: Option<String>,
    /// A new description, or `null`.
    #[serde(default, deserialize_with = "crate::routes::people::wire::nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// A new owner, or `null`.
    #[serde(default, deserialize_with = "crate::routes::people::wire::nullable")]
    #[schema(value_type = Option<i64>)]
    pub owner_id: Option<Option<i64>>,
    /// A new team, or `null`.
    #[serde(default, deserialize_with = "crate::routes::people::wire::nullable")]
    #[schema(value_type = Option<i64>)]
    pub team_id: Option<Option<i64>>,
    /// A new due date, or `null`.
    #[serde(default, deserialize_with = "crate::routes::people::wire::nullable")]
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<Option<String>>,
    /// A new priority.
    pub priority: Option<String>,
    /// A new status: `proposed`, `committed`, `in_progress`, `done` or `wont_do`.
    pub status: Option<String>,
    /// Why it won't be done; required with `wont_do`.
    pub reason: Option<String>,
}

fn date(raw: &str) -> Result<Date, DomainError> {
    raw.parse().map_err(|_| {
        DomainError::invalid("due_on", format!("{raw:?} is not a date like 2026-12-10"))
    })
}

fn positive<I: goldseam_core::Id>(field: &str, raw: i64) -> Result<I, DomainError> {
    if raw > 0 {
        Ok(I::from_db(raw))
    } else {
        Err(DomainError::invalid(field, "must be a positive id"))
    }
}

fn description(raw: &str) -> Result<Option<Description>, DomainError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Description::parse("description", raw).map(Some)
}

/// Core refuses a follow-up that starts finished too; said here, it comes with the other fields.
fn starting_status(raw: &str) -> Result<FollowUpStatus, DomainError> {
    let status = FollowUpStatus::parse("status", raw)?;
    if !status.is_open() {
        return Err(DomainError::invalid(
            "status",
            "a follow-up starts proposed, committed or in_progress",
        ));
    }
    Ok(status)
}

impl NewFollowUpRequest {
    /// The follow-up, or every field refused.
    pub fn parse(&self) -> Result<NewFollowUp, crate::error::ApiError> {
        let mut f = Fields::default();
        let title = f.check(Title::parse("title", &self.title));
        let description = f.check(self.description.as_deref().map_or(Ok(None), description));
        let owner_id = f.check(
            self.owner_id
                .map(|o| positive::<UserId>("owner_id", o))
                .transpose(),
        );
        let team_id = f.check(
            self.team_id
                .map(|t| positive::<TeamId>("team_id", t))
                .transpose(),
        );
        let due_on = f.check(self.due_on.as_deref().map(date).transpose());
        let priority = f.check(
            self.priority
                .as_deref()
                .map_or(Ok(Priority::Medium), |p| Priority::parse("priority", p)),
        );
        let status = f.check(
            self.status
                .as_deref()
                .map_or(Ok(FollowUpStatus::Proposed), starting_status),
        );
        f.finish()?;
        let missing = || crate::error::ApiError::invalid("body", "refused");
        Ok(NewFollowUp {
            title: title.ok_or_else(missing)?,
            description: description.ok_or_else(missing)?,
            owner_id: owner_id.ok_or_else(missing)?,
            team_id: team_id.ok_or_else(missing)?,
            due_on: due_on.ok_or_else(missing)?,
            priority: priority.ok_or_else(missing)?,
            status: status.ok_or_else(missing)?,
        })
    }
}

impl UpdateFollowUpRequest {
    /// The change, or every field refused.
    pub fn parse(&self) -> Result<FollowUpPatch, crate::error::ApiError> {
        let mut f = Fields::default();
        let patch = FollowUpPatch {
            title: self
                .title
                .as_deref()
                .and_then(|t| f.check(Title::parse("title", t))),
            description: match &self.description {
                None => None,
                Some(None) => Some(None),
                Some(Some(d)) => f.check(description(d)),
            },
            owner_id: match self.owner_id {
                None => None,
                Some(None) => Some(None),
                Some(Some(o)) => f.check(positive::<UserId>("owner_id", o)).map(Some),
            },
            team_id: match self.team_id {
                None => None,
                Some(None) => Some(None),
                Some(Some(t)) => f.check(positive::<TeamId>("team_id", t)).map(Some),
            },
            due_on: match &self.due_on {
                None => None,
                Some(None) => Some(None),
                Some(Some(d)) => f.check(date(d)).map(Some),
            },
            priority: self
                .priority
                .as_deref()
                .and_then(|p| f.check(Priority::parse("priority", p))),
            status: self
                .status
                .as_deref()
                .and_then(|s| f.check(FollowUpStatus::parse("status", s))),
            reason: self
                .reason
                .as_deref()
                .and_then(|r| f.check(Reason::parse("reason", r))),
        };
        f.finish()?;
        Ok(patch)
    }
}
