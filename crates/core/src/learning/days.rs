//! Business days: Monday to Friday, counted in the owner's time zone (a step due "in 2 business
//! days" from a Friday evening resolution in Berlin is due on Tuesday there).

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The day `days` business days after the day `from` falls on in `zone` (0: that day, or the next
/// Monday when it is a weekend day).
pub fn add_business_days(from: Timestamp, zone: &TimeZone, days: u32) -> Date {
    let mut day = from.to_zoned(zone.clone()).date();
    let is_weekend = |d: Date| matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
    while is_weekend(day) {
        day = day.tomorrow().unwrap_or(day);
    }
    let mut left = days;
    while left > 0 {
        day = match day.tomorrow() {
            Ok(next) => next,
            Err(_) => return day,
        };
        if !is_weekend(day) {
            left -= 1;
        }
    }
    day
}
