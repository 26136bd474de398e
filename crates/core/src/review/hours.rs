//! Weekly local hours laid out day by day as UTC instants. Each local date is converted on its
//! own, in the person's zone, so a Monday after a daylight-saving change starts at a different
//! UTC hour than the Friday before it (the bug of computing one UTC offset for "today" and
//! reusing it across the window).

use super::CoreHours;
use crate::people::profile::{WorkWindow, WorkingHours};
use jiff::civil::{Date, Weekday};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::Timestamp;

/// A half-open span of UTC seconds since the epoch. Seconds, not `Timestamp`, because the grid
/// arithmetic divides them.
pub(super) type Span = (i64, i64);

/// Monday to Friday, 09:00 to 17:00: the hours of anyone who has not set theirs.
pub(super) fn default_hours() -> WorkingHours {
    let days = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ];
    WorkingHours::from_stored(
        days.into_iter()
            .map(|day| WorkWindow {
                day,
                start: 9 * 60,
                end: 17 * 60,
            })
            .collect(),
    )
}

/// The working spans of `hours` in `zone` that touch `[from, until)`, merged where one window
/// runs into the next (22:00-24:00 then 00:00-06:00 make one night shift).
pub(super) fn working_spans(
    hours: &WorkingHours,
    zone: &TimeZone,
    from: Timestamp,
    until: Timestamp,
) -> Vec<Span> {
    let mut spans = Vec::new();
    for date in local_dates(zone, from, until) {
        for w in hours.windows().iter().filter(|w| w.day == date.weekday()) {
            push_local(&mut spans, zone, date, w.start, w.end);
        }
    }
    merge(spans)
}

/// Core hours in `zone` on every local date touching `[from, until)`, weekends included: a
/// weekend worker's slot still has a comfortable part of the day.
pub(super) fn core_spans(
    core: CoreHours,
    zone: &TimeZone,
    from: Timestamp,
    until: Timestamp,
) -> Vec<Span> {
    let mut spans = Vec::new();
    for date in local_dates(zone, from, until) {
        push_local(&mut spans, zone, date, core.start, core.end);
    }
    merge(spans)
}

/// Sorts spans and joins those that overlap or touch; drops empty ones.
pub(super) fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|(a, b)| a < b);
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Every local date in `zone` that `[from, until)` touches, one more on each side so windows
/// reaching over midnight (and zones far from UTC) are never cut at the edges.
fn local_dates(zone: &TimeZone, from: Timestamp, until: Timestamp) -> impl Iterator<Item = Date> {
    let first = from.to_zoned(zone.clone()).date();
    let last = until.to_zoned(zone.clone()).date();
    let first = first.yesterday().unwrap_or(first);
    let last = last.tomorrow().unwrap_or(last);
    std::iter::successors(Some(first), move |d| {
        d.tomorrow().ok().filter(|next| *next <= last)
    })
}

/// Adds `date` from `start` to `end` local minutes (`end` may be 1440, the next midnight).
fn push_local(spans: &mut Vec<Span>, zone: &TimeZone, date: Date, start: u16, end: u16) {
    if let (Some(a), Some(b)) = (local(zone, date, start), local(zone, date, end)) {
        spans.push((a, b));
    }
}

/// The instant of `minute` after midnight on `date` in `zone`. A time skipped by a spring
/// change becomes the change itself, the first instant after the gap (a 02:30 start that night
/// in Berlin starts at 03:00 CEST), as `WorkingHours::is_working` reads it; a time repeated in
/// autumn takes its first occurrence.
fn local(zone: &TimeZone, date: Date, minute: u16) -> Option<i64> {
    let (date, minute) = if minute >= 1440 {
        (date.tomorrow().ok()?, minute - 1440)
    } else {
        (date, minute)
    };
    let at = date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
    let ambiguous = zone.to_ambiguous_zoned(at);
    let gap = matches!(ambiguous.offset(), AmbiguousOffset::Gap { .. });
    // "Compatible" reads a gap time with the offset before it, landing after the change; the
    // change itself is the last transition before that.
    let instant = ambiguous.compatible().ok()?.timestamp();
    let instant = if gap {
        zone.preceding(instant)
            .next()
            .map_or(instant, |t| t.timestamp())
    } else {
        instant
    };
    Some(instant.as_second())
}
