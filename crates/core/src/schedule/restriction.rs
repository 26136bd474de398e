//! Restriction windows: the parts of the week a layer covers, in the schedule's wall-clock time.

use super::{instant, WeekTime};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// When a layer covers anyone. A window whose end is not after its start runs past midnight
/// (daily) or into the next week (weekly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restriction {
    /// Every day from `start` to `end`, such as 09:00-17:00 or 22:00-06:00.
    Daily {
        /// Wall-clock start.
        start: Time,
        /// Wall-clock end.
        end: Time,
    },
    /// Once a week, such as Monday 09:00 to Friday 17:00.
    Weekly {
        /// Start day and time.
        start: WeekTime,
        /// End day and time.
        end: WeekTime,
    },
}

impl Restriction {
    pub(super) fn check(&self) -> Result<(), &'static str> {
        let empty = match self {
            Restriction::Daily { start, end } => start == end,
            Restriction::Weekly { start, end } => start == end,
        };
        if empty {
            Err("starts and ends at the same time; to cover all the time, remove the restriction")
        } else {
            Ok(())
        }
    }

    /// This restriction's windows that overlap `from..to`, as instants, in order.
    fn windows(
        &self,
        tz: &TimeZone,
        from: Timestamp,
        to: Timestamp,
    ) -> Vec<(Timestamp, Timestamp)> {
        // Local dates around the range; a day either side catches windows crossing its edges.
        let first = from.to_zoned(tz.clone()).date().saturating_sub(8.days());
        let last = to.to_zoned(tz.clone()).date().saturating_add(1.day());
        let mut out = Vec::new();
        let mut day = first;
        while day <= last {
            if let Some((start, end)) = self.window_starting_on(day) {
                let (s, e) = (instant(tz, start), instant(tz, end));
                if s < to && e > from && s < e {
                    out.push((s, e));
                }
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        out
    }

    /// The window that opens on `day`, if one does, as wall-clock times.
    fn window_starting_on(
        &self,
        day: Date,
    ) -> Option<(jiff::civil::DateTime, jiff::civil::DateTime)> {
        match *self {
            Restriction::Daily { start, end } => {
                let end_day = if end > start {
                    day
                } else {
                    day.tomorrow().ok()?
                };
                Some((day.to_datetime(start), end_day.to_datetime(end)))
            }
            Restriction::Weekly { start, end } => {
                if day.weekday() != start.day {
                    return None;
                }
                let mut days =
                    i64::from(end.day.to_monday_zero_offset() - start.day.to_monday_zero_offset())
                        .rem_euclid(7);
                if days == 0 && end.time <= start.time {
                    days = 7;
                }
                let end_day = day.checked_add(days.days()).ok()?;
                Some((day.to_datetime(start.time), end_day.to_datetime(end.time)))
            }
        }
    }
}

/// The union of every restriction's windows over `from..to`, merged and cut to the range.
/// No restrictions means the whole range.
pub(super) fn covered(
    restrictions: &[Restriction],
    tz: &TimeZone,
    from: Timestamp,
    to: Timestamp,
) -> Vec<(Timestamp, Timestamp)> {
    if restrictions.is_empty() {
        return vec![(from, to)];
    }
    let mut all: Vec<(Timestamp, Timestamp)> = restrictions
        .iter()
        .flat_map(|r| r.windows(tz, from, to))
        .collect();
    all.sort();
    let mut merged: Vec<(Timestamp, Timestamp)> = Vec::new();
    for (s, e) in all {
        let (s, e) = (s.max(from), e.min(to));
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}
