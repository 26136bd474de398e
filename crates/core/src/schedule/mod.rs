//! On-call schedules: who is on call at an instant, and the shifts over a range.
//!
//! A schedule has a time zone and layers. Each layer rotates an ordered list of people through
//! shifts of a fixed length from a first handoff, optionally only inside restriction windows
//! (such as weekdays 09:00-17:00). Later layers sit on top of earlier ones: where a later layer
//! has someone, they are on call; where it has a gap (outside its restrictions, before its start
//! or after its end) the layers below show through. Overrides sit on top of every layer.
//!
//! Time zone rules (repeated for users, in plain words, in docs/schedules.md):
//! - Shifts measured in days or weeks hand off at the same wall-clock time in the schedule's
//!   zone, so a 24-hour shift across a daylight-saving change lasts 23 or 25 real hours.
//! - Shifts measured in hours are elapsed time: an 8-hour shift is 8 real hours, and its
//!   wall-clock handoff moves by the change.
//! - A wall-clock time that does not exist (skipped when clocks go forward) is taken as the
//!   same distance past the change (02:30 on a skipped 02:00-03:00 becomes 03:30); a time that
//!   happens twice (clocks go back) is taken at its first occurrence. This is RFC 5545's rule.

pub mod ics;
mod layer;
mod parse;
mod resolve;
mod restriction;
pub mod spec;
#[cfg(test)]
mod spec_tests;
#[cfg(test)]
mod tests;
mod whole;

use crate::{DomainError, UserId};
use jiff::civil::{DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;

pub use restriction::Restriction;
pub use spec::{LayerSpec, RestrictionSpec, ScheduleDefinition, ShiftSpec, ShiftUnit};

/// How long one person's turn lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftLength {
    /// Elapsed hours (1 to 8,760).
    Hours(u32),
    /// Calendar days at the same wall-clock handoff (1 to 365).
    Days(u32),
    /// Calendar weeks at the same wall-clock handoff (1 to 52).
    Weeks(u32),
}

/// One rotation of people.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// A name people recognise ("Primary", "Follow the sun: Europe").
    pub name: String,
    /// The first handoff, as a wall-clock time in the schedule's zone; the first person in
    /// `people` starts then.
    pub start: DateTime,
    /// When the layer stops covering anyone, if ever.
    pub end: Option<Timestamp>,
    /// The length of each turn.
    pub shift: ShiftLength,
    /// Who takes turns, in order.
    pub people: Vec<UserId>,
    /// When the layer covers anyone at all; empty means always.
    pub restrictions: Vec<Restriction>,
}

/// Someone replacing whoever is on call for a while (a swap, a sick day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// From.
    pub start: Timestamp,
    /// Until (exclusive).
    pub end: Timestamp,
    /// Who is on call instead.
    pub user: UserId,
}

/// A schedule: layers and overrides in one time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The zone wall-clock handoffs and restrictions are read in.
    pub time_zone: TimeZone,
    /// Bottom to top: later layers win where they cover someone.
    pub layers: Vec<Layer>,
    /// On top of every layer; they never overlap each other.
    pub overrides: Vec<Override>,
}

/// Where a shift comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftSource {
    /// The layer at this index.
    Layer(usize),
    /// An override.
    Override,
}

/// Someone on call from `start` until `end` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    /// From.
    pub start: Timestamp,
    /// Until (exclusive).
    pub end: Timestamp,
    /// Who.
    pub user: UserId,
    /// Which layer or override put them there.
    pub source: ShiftSource,
}

/// A wall-clock time in `tz` as an instant, by the rule in the module documentation.
pub(crate) fn instant(tz: &TimeZone, dt: DateTime) -> Timestamp {
    tz.to_ambiguous_timestamp(dt)
        .compatible()
        .unwrap_or(if dt.year() < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        })
}

impl Override {
    /// Whether the two share any instant (touching end to start does not count).
    pub fn overlaps(&self, other: &Override) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl Schedule {
    /// Who is on call at `t`, if anyone.
    pub fn on_call_at(&self, t: Timestamp) -> Option<UserId> {
        let end = t.checked_add(jiff::SignedDuration::from_secs(1)).ok()?;
        self.shifts(t, end).first().map(|s| s.user)
    }

    /// The final shifts between `from` and `to`: layers and overrides merged, cut to the range,
    /// adjacent turns of one person from one source joined.
    pub fn shifts(&self, from: Timestamp, to: Timestamp) -> Vec<Shift> {
        if from >= to {
            return Vec::new();
        }
        resolve::resolve(self, from, to)
    }

    /// Every problem with the schedule at once, as field errors (`layers[1].people` ...).
    pub fn validate(&self) -> Result<(), Vec<DomainError>> {
        let mut errors = Vec::new();
        let invalid = |field: String, message: &str| DomainError::Invalid {
            field,
            message: message.to_string(),
        };
        for (i, layer) in self.layers.iter().enumerate() {
            if layer.name.trim().is_empty() || layer.name.chars().count() > 100 {
                errors.push(invalid(
                    format!("layers[{i}].name"),
                    "must be 1 to 100 characters",
                ));
            }
            if layer.people.is_empty() {
                errors.push(invalid(
                    format!("layers[{i}].people"),
                    "needs at least one person",
                ));
            }
            let (n, max) = match layer.shift {
                ShiftLength::Hours(n) => (n, 8_760),
                ShiftLength::Days(n) => (n, 365),
                ShiftLength::Weeks(n) => (n, 52),
            };
            if n == 0 || n > max {
                errors.push(invalid(
                    format!("layers[{i}].shift"),
                    "must be 1 to 8,760 hours, 1 to 365 days or 1 to 52 weeks",
                ));
            }
            if layer
                .end
                .is_some_and(|end| end <= instant(&self.time_zone, layer.start))
            {
                errors.push(invalid(
                    format!("layers[{i}].end"),
                    "must be after the layer's start",
                ));
            }
            for (j, r) in layer.restrictions.iter().enumerate() {
                if let Err(message) = r.check() {
                    errors.push(invalid(format!("layers[{i}].restrictions[{j}]"), message));
                }
            }
        }
        let mut order: Vec<usize> = (0..self.overrides.len()).collect();
        order.sort_by_key(|&i| self.overrides[i].start);
        for (n, &i) in order.iter().enumerate() {
            let o = &self.overrides[i];
            if o.end <= o.start {
                errors.push(invalid(
                    format!("overrides[{i}].end"),
                    "must be after its start",
                ));
            }
            if let Some(&prev) = n.checked_sub(1).map(|p| &order[p]) {
                if self.overrides[prev].end > o.start {
                    errors.push(invalid(
                        format!("overrides[{i}]"),
                        &format!("overlaps overrides[{prev}]; remove or shorten one of them"),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A weekday and a time, for weekly restrictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekTime {
    /// The day.
    pub day: Weekday,
    /// The wall-clock time.
    pub time: Time,
}
