//! Why no proposal could be made at all: the request itself is wrong. A request that is fine
//! but has no slot is not an error; it answers the nearest misses instead.

use crate::{DomainError, UserId};
use jiff::Timestamp;
use serde::Serialize;
use thiserror::Error;
use utoipa::ToSchema;

/// Someone named in an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Named {
    /// Who.
    pub user_id: UserId,
    /// As shown.
    pub name: String,
}

fn names(people: &[Named]) -> String {
    people
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A request [`pick`](super::pick) cannot work on; each says what to change.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PickError {
    /// Nobody is invited.
    #[error("no attendees; invite at least one required attendee")]
    NoAttendees,
    /// Everyone is optional, so any minute of any night would do.
    #[error("no required attendee; mark at least one attendee required")]
    NoRequiredAttendee,
    /// More attendees than one review accepts.
    #[error("{count} attendees; at most {max} are accepted")]
    TooManyAttendees {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The same person is listed twice.
    #[error("{name} (user {user_id}) is listed twice; list each attendee once")]
    DuplicateAttendee {
        /// Who.
        user_id: UserId,
        /// As shown.
        name: String,
    },
    /// Required attendees without a time zone: their working hours cannot be placed. All of
    /// them are named so the organizer fixes them at once.
    #[error(
        "no time zone set for {}; a required attendee's working hours cannot be placed without one: set it in their profile or make them optional",
        names(.attendees)
    )]
    MissingTimeZone {
        /// The required attendees without one, in the request's order.
        attendees: Vec<Named>,
    },
    /// The duration is not a whole number of grid steps.
    #[error(
        "a {minutes}-minute meeting is not on the 15-minute grid; use a multiple of 15 minutes"
    )]
    DurationOffGrid {
        /// What was asked.
        minutes: u32,
    },
    /// The duration is too short or too long.
    #[error("a {minutes}-minute meeting is out of range; use {min} to {max} minutes")]
    DurationOutOfRange {
        /// What was asked.
        minutes: u32,
        /// The shortest accepted.
        min: u32,
        /// The longest accepted.
        max: u32,
    },
    /// Core hours that are not a range inside one day.
    #[error("core hours from minute {start} to minute {end} are not a range within a day; use a start before the end, at most 1440")]
    InvalidCoreHours {
        /// Minutes after midnight.
        start: u16,
        /// Minutes after midnight.
        end: u16,
    },
    /// The window ends before it starts.
    #[error("the window from {from} until {until} is empty; its end must be after its start")]
    EmptyWindow {
        /// Its start.
        from: Timestamp,
        /// Its end.
        until: Timestamp,
    },
    /// Not even one grid slot of the meeting's length fits in the window.
    #[error("the window from {from} until {until} is shorter than one {minutes}-minute meeting on the 15-minute grid; move the deadline later")]
    WindowTooShort {
        /// Its start.
        from: Timestamp,
        /// Its end.
        until: Timestamp,
        /// The meeting's length.
        minutes: u32,
    },
    /// The window is longer than is searched.
    #[error("the window spans {days} days; at most {max} days are searched")]
    WindowTooLong {
        /// Its length in whole days, rounded up.
        days: i64,
        /// The limit.
        max: i64,
    },
    /// The window holds no Monday to Friday in the organizer's zone (a weekend, or a deadline
    /// before the end of the preparation gap).
    #[error("the window from {from} until {until} has no business day (Monday to Friday) in {zone}; move the deadline later or shorten the preparation gap")]
    NoBusinessDay {
        /// Its start.
        from: Timestamp,
        /// Its end.
        until: Timestamp,
        /// The zone days were counted in.
        zone: String,
    },
}

impl PickError {
    /// The request field at fault, as a JSON path, for problem+json answers.
    pub fn field(&self) -> &'static str {
        match self {
            PickError::NoAttendees
            | PickError::NoRequiredAttendee
            | PickError::TooManyAttendees { .. }
            | PickError::DuplicateAttendee { .. }
            | PickError::MissingTimeZone { .. } => "attendees",
            PickError::DurationOffGrid { .. } | PickError::DurationOutOfRange { .. } => {
                "duration_minutes"
            }
            PickError::InvalidCoreHours { .. } => "core_hours",
            PickError::EmptyWindow { .. }
            | PickError::WindowTooShort { .. }
            | PickError::WindowTooLong { .. }
            | PickError::NoBusinessDay { .. } => "window",
        }
    }
}

impl From<PickError> for DomainError {
    fn from(e: PickError) -> Self {
        DomainError::invalid(e.field(), e.to_string())
    }
}
