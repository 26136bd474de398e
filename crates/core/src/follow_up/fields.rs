//! A follow-up's status and priority, and the changes a `follow_up_changed` event carries.

use crate::error::DomainError;
use crate::id::{TeamId, UserId};
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};

/// Where a follow-up is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    /// An idea from the incident or its review; nobody promised it yet.
    Proposed,
    /// Someone owns it and promised a date.
    Committed,
    /// Its owner is on it.
    InProgress,
    /// Finished.
    Done,
    /// Decided against, with the reason recorded.
    WontDo,
}

impl FollowUpStatus {
    /// Every status, in the order of a follow-up's life.
    pub const ALL: [FollowUpStatus; 5] = [
        FollowUpStatus::Proposed,
        FollowUpStatus::Committed,
        FollowUpStatus::InProgress,
        FollowUpStatus::Done,
        FollowUpStatus::WontDo,
    ];

    /// The wire and stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpStatus::Proposed => "proposed",
            FollowUpStatus::Committed => "committed",
            FollowUpStatus::InProgress => "in_progress",
            FollowUpStatus::Done => "done",
            FollowUpStatus::WontDo => "wont_do",
        }
    }

    /// Parses a wire name; `field` names the request field in the error, which lists the valid ones.
    pub fn parse(field: &str, raw: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| {
                let valid: Vec<&str> = Self::ALL.iter().map(|s| s.as_str()).collect();
                DomainError::invalid(
                    field,
                    format!(
                        "unknown status {raw:?}; valid statuses are {}",
                        valid.join(", ")
                    ),
                )
            })
    }

    /// Not finished and not decided against: proposed, committed or in progress.
    pub fn is_open(self) -> bool {
        !matches!(self, FollowUpStatus::Done | FollowUpStatus::WontDo)
    }

    /// Someone promised it by a date: committed or in progress. These need an owner and a due
    /// date, are reminded of, and can be late.
    pub fn is_promised(self) -> bool {
        matches!(self, FollowUpStatus::Committed | FollowUpStatus::InProgress)
    }

    /// How it reads in a sentence: "in progress", "won't do".
    pub fn label(self) -> &'static str {
        match self {
            FollowUpStatus::Proposed => "proposed",
            FollowUpStatus::Committed => "committed",
            FollowUpStatus::InProgress => "in progress",
            FollowUpStatus::Done => "done",
            FollowUpStatus::WontDo => "won't do",
        }
    }
}

/// How much a follow-up matters, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Drop other work.
    Urgent,
    /// Next in line.
    High,
    /// The default.
    Medium,
    /// When there is time.
    Low,
}

impl Priority {
    /// Every priority, most urgent first.
    pub const ALL: [Priority; 4] = [
        Priority::Urgent,
        Priority::High,
        Priority::Medium,
        Priority::Low,
    ];

    /// The wire and stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Urgent => "urgent",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }

    /// Parses a wire name; `field` names the request field in the error, which lists the valid ones.
    pub fn parse(field: &str, raw: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == raw)
            .ok_or_else(|| {
                let valid: Vec<&str> = Self::ALL.iter().map(|p| p.as_str()).collect();
                DomainError::invalid(
                    field,
                    format!(
                        "unknown priority {raw:?}; valid priorities are {}",
                        valid.join(", ")
                    ),
                )
            })
    }
}

/// What one change did to a follow-up: only the fields that changed, each with its new value
/// (`Some(None)` for a field cleared). Stored in the `follow_up_changed` event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpChanges {
    /// The new title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The new description, or none.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub description: Option<Option<String>>,
    /// The new owner, or none.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub owner_id: Option<Option<UserId>>,
    /// The new team, or none.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub team_id: Option<Option<TeamId>>,
    /// The new due date, or none.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub due_on: Option<Option<Date>>,
    /// The new priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The new status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FollowUpStatus>,
    /// Why it won't be done, or none (cleared when it leaves "won't do").
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub reason: Option<Option<String>>,
}

impl FollowUpChanges {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == FollowUpChanges::default()
    }
}

/// A field that is present, even as `null`, is `Some`: `null` clears, absent leaves alone.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
