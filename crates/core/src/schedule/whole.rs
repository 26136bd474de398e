//! Shifts with their true bounds: "on call until Friday 09:00", and calendar events whose start
//! does not move each time a feed is fetched.

use super::{Schedule, Shift};
use jiff::{SignedDuration, Timestamp};

/// How far past a range's edges a shift is followed; longer turns are cut there.
const MAX_REACH_DAYS: i64 = 400;

impl Schedule {
    /// The shifts overlapping `from..to`, each with its real start and end rather than cut to
    /// the range (up to 400 days beyond either edge).
    pub fn whole_shifts(&self, from: Timestamp, to: Timestamp) -> Vec<Shift> {
        if from >= to {
            return Vec::new();
        }
        let day = SignedDuration::from_hours(24);
        let widen = |t: Timestamp, days: i64| {
            t.checked_add(day * days as i32).unwrap_or(if days < 0 {
                Timestamp::MIN
            } else {
                Timestamp::MAX
            })
        };
        let (mut back, mut ahead) = (1i64, 1i64);
        loop {
            let (lo, hi) = (widen(from, -back), widen(to, ahead));
            let shifts = self.shifts(lo, hi);
            let inside: Vec<Shift> = shifts
                .into_iter()
                .filter(|s| s.end > from && s.start < to)
                .collect();
            // A shift touching the widened edge may go on beyond it: look further.
            let cut_before = inside.first().is_some_and(|s| s.start == lo);
            let cut_after = inside.last().is_some_and(|s| s.end == hi);
            let more_back = cut_before && back < MAX_REACH_DAYS;
            let more_ahead = cut_after && ahead < MAX_REACH_DAYS;
            if !more_back && !more_ahead {
                return inside;
            }
            if more_back {
                back = (back * 8).min(MAX_REACH_DAYS);
            }
            if more_ahead {
                ahead = (ahead * 8).min(MAX_REACH_DAYS);
            }
        }
    }

    /// The shift on call at `t`, whole, if anyone is.
    pub fn shift_at(&self, t: Timestamp) -> Option<Shift> {
        let end = t.checked_add(SignedDuration::from_secs(1)).ok()?;
        self.whole_shifts(t, end).into_iter().next()
    }
}
