//! What [`pick`](super::pick) answers, shaped for the page: the server returns these as JSON.

use super::{Attendance, Window};
use crate::UserId;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// The answer: a slot and alternatives, or the nearest misses. Exactly one of `best` and
/// `misses` is set (`misses` is empty whenever `best` is some).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Proposal {
    /// The window searched.
    pub window: Window,
    /// Meeting length in minutes.
    pub duration_minutes: u32,
    /// The slot to book; none when no slot suits every required attendee.
    pub best: Option<Slot>,
    /// Up to three other slots, distinct from the best and from each other (no overlap), other
    /// days first; in rank order.
    pub alternatives: Vec<Slot>,
    /// When no slot fits: up to three nearest misses (fewest required blockers, then fewest
    /// minutes to give, then earliest), not overlapping each other.
    pub misses: Vec<Miss>,
    /// Attendees whose calendar was not read (or looks misconfigured): planned on working hours
    /// alone. Each slot also marks them `unknown`.
    pub unconfirmed: Vec<Unconfirmed>,
}

/// One meeting time and how it suits each attendee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Slot {
    /// Start (UTC).
    pub start: Timestamp,
    /// End (UTC, exclusive).
    pub end: Timestamp,
    /// Every attendee, in the request's order.
    pub attendees: Vec<SlotAttendee>,
    /// Why this slot ranks where it does, in words for the page.
    pub reasons: Vec<String>,
}

impl Slot {
    /// What to add to each required attendee's fairness ledger once this slot is booked: the
    /// minutes of it outside their core hours. Optional attendees are not charged: the ranking
    /// never weighs their hardship, so charging it would only skew their turns when they are
    /// required later.
    pub fn ledger_charges(&self) -> Vec<LedgerCharge> {
        self.attendees
            .iter()
            .filter(|a| a.attendance == Attendance::Required)
            .map(|a| LedgerCharge {
                user_id: a.user_id,
                minutes: a.hardship_minutes,
            })
            .collect()
    }
}

/// One attendee at one slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SlotAttendee {
    /// Who.
    pub user_id: UserId,
    /// As shown.
    pub name: String,
    /// Required or optional.
    pub attendance: Attendance,
    /// How the slot suits them.
    pub status: SlotStatus,
    /// Their IANA zone; none for an optional attendee without one.
    pub zone: Option<String>,
    /// Start in their zone, RFC 3339 with its offset (`2026-03-10T15:00:00+01:00`).
    pub local_start: Option<String>,
    /// End in their zone, RFC 3339 with its offset.
    pub local_end: Option<String>,
    /// Minutes of the slot outside their core hours.
    pub hardship_minutes: u32,
}

/// How one slot suits one attendee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SlotStatus {
    /// Inside their working hours, calendar clear.
    Free,
    /// Inside their working hours, over a tentative event: possible, ranked lower.
    Tentative,
    /// Over a busy event: a required attendee busy blocks the slot.
    Busy,
    /// Not wholly inside their working hours: a required attendee outside them blocks the slot.
    OutsideHours,
    /// Inside their working hours (when their zone is known) but their calendar was not read:
    /// never blocks.
    Unknown,
}

/// A slot that does not fit, and who stands in its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Miss {
    /// The slot, with every attendee's status.
    pub slot: Slot,
    /// The required attendees blocking it, in the request's order.
    pub blockers: Vec<Blocker>,
}

/// A required attendee blocking a slot, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Blocker {
    /// Who.
    pub user_id: UserId,
    /// As shown.
    pub name: String,
    /// How: outside their hours (whether or not also busy), else busy.
    pub how: Blocked,
    /// How far: the minutes their working hours would have to stretch to hold the slot, plus
    /// the minutes of it they are busy (in 15-minute steps).
    pub minutes: u32,
    /// The same, in words.
    pub detail: String,
}

/// How a required attendee blocks a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Blocked {
    /// The slot is not wholly inside their working hours.
    OutsideHours,
    /// Their calendar is busy during it.
    Busy,
}

/// An attendee whose calendar could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Unconfirmed {
    /// Who.
    pub user_id: UserId,
    /// As shown.
    pub name: String,
    /// Required or optional.
    pub attendance: Attendance,
    /// Why ("busy over the whole window; calendar looks misconfigured", the fetch error...).
    pub reason: String,
}

/// Minutes to add to one person's fairness ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct LedgerCharge {
    /// Who.
    pub user_id: UserId,
    /// Minutes of the booked slot outside their core hours.
    pub minutes: u32,
}
