//! The review meeting: the scheduling assistant's pure rules. Who attends, when everyone
//! required is really free in their own working hours and zone, and how the inconvenient slot
//! rotates between zones across reviews.
//!
//! The one entry point is [`pick`]: give it a [`PickRequest`] (attendees with their zone,
//! working hours, calendar and fairness ledger; a [`Window`]; a duration) and it answers a
//! [`Proposal`]: the best slot and up to three alternatives, or, when nothing fits, the three
//! nearest misses naming who blocks each and how. [`review_window`] turns a review policy
//! (business days of preparation, business days to the deadline) into a window, and
//! [`Slot::ledger_charges`] says what to add to each person's ledger once a slot is booked.
//!
//! Pure: no I/O, no clock. Calendars are fetched by the caller; a calendar it could not read is
//! passed as [`Calendar::Unknown`] and is planned around on working hours alone.

mod bench;
pub mod booking_policy;
mod context;
mod error;
mod hours;
mod invitee;
pub mod message;
mod misses;
mod output;
mod pick;
mod present;
mod score;
pub mod slot_message;
pub mod slots;
mod timeline;
mod window;

#[cfg(test)]
mod tests;

#[doc(hidden)]
pub use bench::bench_request;
pub use error::{Named, PickError};
pub use invitee::{Answer, Invitee};
pub use output::{
    Blocked, Blocker, LedgerCharge, Miss, Proposal, Slot, SlotAttendee, SlotStatus, Unconfirmed,
};
pub use pick::pick;
pub use window::{
    check_window, review_window, DEFAULT_DEADLINE_BUSINESS_DAYS, DEFAULT_PREP_BUSINESS_DAYS,
};

use crate::people::profile::{TimeZoneName, WorkingHours};
use crate::UserId;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Slots start on a 15-minute grid (aligned to UTC quarter hours, which are quarter hours in
/// every zone in use today, Kolkata's and Kathmandu's included).
pub const GRID_MINUTES: u32 = 15;
/// The shortest meeting accepted, in minutes.
pub const MIN_DURATION_MINUTES: u32 = 15;
/// The longest meeting accepted, in minutes: a working day.
pub const MAX_DURATION_MINUTES: u32 = 480;
/// The most attendees one review may have.
pub const MAX_ATTENDEES: usize = 100;
/// The longest window searched, in days: two months bounds the work per request.
pub const MAX_WINDOW_DAYS: i64 = 62;
/// What a calendar busy over the whole window is reported as: a person is rarely busy for every
/// minute of a week or two, a broken feed (one endless event) often is, and blocking every slot
/// on it would make the review impossible for everyone.
pub const WHOLE_WINDOW_BUSY: &str = "busy over the whole window; calendar looks misconfigured";
/// What an optional attendee without a time zone is reported as.
pub const NO_TIME_ZONE: &str = "no time zone set in their profile";

/// A time someone's calendar says they are taken.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
pub struct BusyPeriod {
    /// From.
    pub start: Timestamp,
    /// Until (exclusive).
    pub end: Timestamp,
    /// Busy, or only tentatively.
    pub kind: BusyKind,
}

/// How taken a busy period is. Tentative is kept apart: a slot over it is possible, but worse.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BusyKind {
    /// Confirmed (FBTYPE=BUSY or BUSY-UNAVAILABLE).
    Busy,
    /// FBTYPE=BUSY-TENTATIVE, or an event with STATUS:TENTATIVE.
    Tentative,
}

/// Whether the meeting needs someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// Every slot must suit them: inside their working hours and not busy.
    Required,
    /// Welcome: slots where more of them are free rank higher, but they never block one.
    Optional,
}

/// What is known of someone's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Calendar {
    /// Read: these periods are taken (any order, may overlap, may reach outside the window).
    Known(Vec<BusyPeriod>),
    /// Not read (not connected, no answer within the bound, refused): planned on working hours
    /// alone, never blocking, and reported as unconfirmed.
    Unknown {
        /// Why, as shown to the organizer ("calendar did not answer within 10 s").
        reason: String,
    },
}

/// One person invited to the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// Who.
    pub user_id: UserId,
    /// As shown in reasons and errors.
    pub name: String,
    /// Required or optional.
    pub attendance: Attendance,
    /// Their zone; required attendees must have one (their hours mean nothing without it).
    pub zone: Option<TimeZoneName>,
    /// Their weekly hours in their zone; empty means Monday to Friday, 09:00 to 17:00.
    pub hours: WorkingHours,
    /// Their calendar, as fetched.
    pub calendar: Calendar,
    /// Minutes outside core hours they already took in past reviews (the fairness ledger).
    pub ledger_minutes: u32,
}

/// Everyone's comfortable part of the day, in each person's own zone: minutes of a meeting
/// outside it are that person's hardship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CoreHours {
    /// Minutes after local midnight.
    pub start: u16,
    /// Minutes after local midnight, after `start`, up to 1440.
    pub end: u16,
}

impl Default for CoreHours {
    /// 10:00 to 16:00: no one's early morning, lunch edge or evening.
    fn default() -> Self {
        CoreHours {
            start: 10 * 60,
            end: 16 * 60,
        }
    }
}

/// The instants searched: slots start at or after `from` and end by `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Window {
    /// The earliest start.
    pub from: Timestamp,
    /// The latest end (exclusive bound of the window).
    pub until: Timestamp,
}

/// Everything [`pick`] needs; calendars already fetched.
#[derive(Debug, Clone)]
pub struct PickRequest {
    /// The people invited, in the order the page lists them (kept in the answer).
    pub attendees: Vec<Attendee>,
    /// Where to look.
    pub window: Window,
    /// Meeting length in minutes: a multiple of [`GRID_MINUTES`], from
    /// [`MIN_DURATION_MINUTES`] to [`MAX_DURATION_MINUTES`].
    pub duration_minutes: u32,
    /// The organizer's zone: "earliest day" counts days in it, and the window must hold one of
    /// its business days.
    pub zone: TimeZone,
    /// Core hours for hardship; [`CoreHours::default`] unless a team says otherwise.
    pub core_hours: CoreHours,
}
