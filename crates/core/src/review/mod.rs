//! The review meeting: the scheduling assistant's pure rules. Who attends, when everyone
//! required is really free in their own working hours and zone, and how the inconvenient slot
//! rotates between zones across reviews.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A time someone's calendar says they are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BusyPeriod {
    /// From.
    pub start: Timestamp,
    /// Until (exclusive).
    pub end: Timestamp,
    /// Busy, or only tentatively.
    pub kind: BusyKind,
}

/// How taken a busy period is. Tentative is kept apart: a slot over it is possible, but worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusyKind {
    /// Confirmed (FBTYPE=BUSY or BUSY-UNAVAILABLE).
    Busy,
    /// FBTYPE=BUSY-TENTATIVE, or an event with STATUS:TENTATIVE.
    Tentative,
}

pub mod booking_policy;
mod invitee;
pub mod message;
pub use invitee::{Answer, Invitee};
