//! The window a review may be held in: from a preparation gap after the postmortem is ready to a
//! deadline, both in business days of the organizer's zone (the same counting as the learning
//! flow's due dates, so "review within 5 business days" means the same everywhere).

use super::error::PickError;
use super::{Window, MAX_WINDOW_DAYS};
use crate::learning::add_business_days;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Business days between "ready for review" and the first day a review may be held, unless a
/// severity says otherwise: a day to read the postmortem.
pub const DEFAULT_PREP_BUSINESS_DAYS: u32 = 1;
/// Business days after "ready for review" until the last day a review may be held, unless a
/// severity says otherwise.
pub const DEFAULT_DEADLINE_BUSINESS_DAYS: u32 = 5;

/// The window for a review: from the start of the day `prep_business_days` business days after
/// `ready_at` (but never before `ready_at`) to the end of the day `deadline_business_days`
/// business days after it, days counted in `zone`. A deadline before the preparation gap ends
/// leaves no business day, and says so.
pub fn review_window(
    ready_at: Timestamp,
    zone: &TimeZone,
    prep_business_days: u32,
    deadline_business_days: u32,
) -> Result<Window, PickError> {
    let first = add_business_days(ready_at, zone, prep_business_days);
    let last = add_business_days(ready_at, zone, deadline_business_days);
    let from = start_of(first, zone).max(ready_at);
    let until = last
        .tomorrow()
        .map(|d| start_of(d, zone))
        .unwrap_or(Timestamp::MAX);
    if deadline_business_days < prep_business_days {
        return Err(PickError::NoBusinessDay {
            from,
            until,
            zone: zone_name(zone),
        });
    }
    let window = Window { from, until };
    check_window(window, zone)?;
    Ok(window)
}

/// Checks a window given outright (an organizer choosing dates): not empty, at most
/// [`MAX_WINDOW_DAYS`] long, and holding part of at least one Monday to Friday in `zone`.
pub fn check_window(window: Window, zone: &TimeZone) -> Result<(), PickError> {
    let Window { from, until } = window;
    if until <= from {
        return Err(PickError::EmptyWindow { from, until });
    }
    let seconds = until.as_second() - from.as_second();
    let days = (seconds + 86_399) / 86_400;
    if days > MAX_WINDOW_DAYS {
        return Err(PickError::WindowTooLong {
            days,
            max: MAX_WINDOW_DAYS,
        });
    }
    // The first business day on or after `from`'s date: the window holds one when that is
    // `from`'s own date or starts before `until`.
    let first = add_business_days(from, zone, 0);
    let holds = first == from.to_zoned(zone.clone()).date() || start_of(first, zone) < until;
    if !holds {
        return Err(PickError::NoBusinessDay {
            from,
            until,
            zone: zone_name(zone),
        });
    }
    Ok(())
}

/// The first instant of `date` in `zone` (midnight, or the end of a gap at midnight).
fn start_of(date: Date, zone: &TimeZone) -> Timestamp {
    date.to_zoned(zone.clone())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::MAX)
}

fn zone_name(zone: &TimeZone) -> String {
    zone.iana_name()
        .unwrap_or("the organizer's zone")
        .to_string()
}
