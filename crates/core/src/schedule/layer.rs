//! One layer's turns over a range, before restrictions and other layers are applied.

use super::{instant, Layer, ShiftLength};
use crate::UserId;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

impl Layer {
    /// When turn `k` (0 is the first) starts.
    fn turn_start(&self, tz: &TimeZone, k: i64) -> Timestamp {
        match self.shift {
            // Elapsed hours: counted from the first handoff's instant.
            ShiftLength::Hours(n) => {
                let first = instant(tz, self.start);
                let secs = k.saturating_mul(i64::from(n)).saturating_mul(3_600);
                first
                    .checked_add(SignedDuration::from_secs(secs))
                    .unwrap_or(Timestamp::MAX)
            }
            // Calendar days and weeks: the same wall-clock time, k turns later.
            ShiftLength::Days(n) | ShiftLength::Weeks(n) => {
                let days = i64::from(n)
                    * if matches!(self.shift, ShiftLength::Weeks(_)) {
                        7
                    } else {
                        1
                    };
                match self.start.checked_add(k.saturating_mul(days).days()) {
                    Ok(dt) => instant(tz, dt),
                    Err(_) => Timestamp::MAX,
                }
            }
        }
    }

    fn nominal_secs(&self) -> i64 {
        match self.shift {
            ShiftLength::Hours(n) => i64::from(n) * 3_600,
            ShiftLength::Days(n) => i64::from(n) * 86_400,
            ShiftLength::Weeks(n) => i64::from(n) * 7 * 86_400,
        }
        .max(1)
    }

    /// Each turn overlapping `from..to`, cut to the range, with who holds it.
    pub(super) fn turns(
        &self,
        tz: &TimeZone,
        from: Timestamp,
        to: Timestamp,
    ) -> Vec<(Timestamp, Timestamp, UserId)> {
        let first = instant(tz, self.start);
        let to = self.end.map_or(to, |end| end.min(to));
        if self.people.is_empty() || to <= first || from >= to {
            return Vec::new();
        }
        // Estimate the turn covering `from` from nominal lengths, then correct for the hour or
        // two a daylight-saving change moves a wall-clock handoff.
        let since = from.as_second().saturating_sub(first.as_second()).max(0);
        let mut k = since / self.nominal_secs();
        while k > 0 && self.turn_start(tz, k) > from {
            k -= 1;
        }
        while self.turn_start(tz, k + 1) <= from {
            k += 1;
        }
        let mut out = Vec::new();
        let mut start = self.turn_start(tz, k);
        while start < to {
            let end = self.turn_start(tz, k + 1);
            if end <= start {
                break;
            }
            let user = self.people[k.rem_euclid(self.people.len() as i64) as usize];
            out.push((start.max(from), end.min(to), user));
            k += 1;
            start = end;
        }
        out
    }
}
