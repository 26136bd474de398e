//! VTIMEZONE components (RFC 5545 3.6.5) built from jiff's time zone transitions, so a
//! recurring event written with `TZID` keeps its local time across daylight-saving changes in
//! clients that read the component rather than their own database (Outlook maps it onto its
//! own zones; icalendar and Thunderbird fall back to it for names they do not know).
//!
//! The component lists the observance in effect at the start of the span and every transition
//! inside it. Transitions that repeat each year (same offsets, name, month, weekday and local
//! time, on the same "n-th" or "last" weekday of the month) are folded into one STANDARD or
//! DAYLIGHT with a yearly RRULE, which is the shape Outlook understands. A rule is left open
//! (no UNTIL) only when jiff's next transitions after the span continue it, so clients
//! extrapolate exactly what the time zone database predicts; otherwise it ends with UNTIL.

use super::write::{local, offset, Lines};
use crate::DomainError;
use jiff::civil::{DateTime, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// One transition: when it happens and what it changes.
#[derive(Debug, Clone)]
struct Onset {
    at: Timestamp,
    from: Offset,
    to: Offset,
    dst: bool,
    name: String,
    /// The onset as a local time in the offset before it, as RFC 5545 writes DTSTART.
    local: DateTime,
}

impl Onset {
    fn new(zone: &TimeZone, at: Timestamp) -> Onset {
        // The instant just before the change still has the old offset.
        let before = at - SignedDuration::from_nanos(1);
        let from = zone.to_offset(before);
        let info = zone.to_offset_info(at);
        Onset {
            at,
            from,
            to: info.offset(),
            dst: info.dst().is_dst(),
            name: info.abbreviation().to_string(),
            local: from.to_datetime(at),
        }
    }

    /// Whether two onsets are the same yearly change (apart from which week of the month).
    fn same_change(&self, other: &Onset) -> bool {
        self.from == other.from
            && self.to == other.to
            && self.dst == other.dst
            && self.name == other.name
            && self.local.month() == other.local.month()
            && self.local.weekday() == other.local.weekday()
            && self.local.time() == other.local.time()
    }
}

/// The BYDAY ordinals that describe this date within its month: the n-th (1 to 4) weekday
/// and/or the last one (-1). A fifth weekday is always the last, so 5 is never needed.
fn ordinals(dt: DateTime) -> Vec<i8> {
    let day = dt.day();
    let mut out = Vec::new();
    let nth = (day - 1) / 7 + 1;
    if nth <= 4 {
        out.push(nth);
    }
    if day + 7 > dt.date().days_in_month() {
        out.push(-1);
    }
    out
}

/// Consecutive yearly occurrences of the same change.
#[derive(Debug)]
struct Run {
    first: Onset,
    last: Onset,
    count: usize,
    /// The ordinals every occurrence so far agrees with.
    ordinals: Vec<i8>,
    /// Continued by the database after the span: the rule gets no UNTIL.
    open: bool,
}

impl Run {
    /// The ordinals left if `onset` continued this run, or None if it cannot.
    fn continued_by(&self, onset: &Onset) -> Option<Vec<i8>> {
        if !self.first.same_change(onset) || onset.local.year() != self.last.local.year() + 1 {
            return None;
        }
        let both: Vec<i8> = ordinals(onset.local)
            .into_iter()
            .filter(|o| self.ordinals.contains(o))
            .collect();
        (!both.is_empty()).then_some(both)
    }
}

fn weekday_code(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    }
}

/// How far past the span the database is asked whether yearly rules continue.
const PEEK: SignedDuration = SignedDuration::from_hours(366 * 24);

/// Writes `BEGIN:VTIMEZONE` ... `END:VTIMEZONE` for the IANA zone `tzid`, correct for every
/// instant from `from` to `until` (and beyond, where the zone's yearly rule continues).
pub fn vtimezone(
    lines: &mut Lines,
    tzid: &str,
    from: Timestamp,
    until: Timestamp,
) -> Result<(), DomainError> {
    let zone = TimeZone::get(tzid).map_err(|_| {
        DomainError::invalid(
            "zone",
            format!("unknown time zone {tzid:?}; use an IANA name such as Europe/Berlin"),
        )
    })?;
    let runs = runs(&zone, from, until);
    lines.begin("VTIMEZONE");
    lines.text("TZID", tzid);
    if runs.is_empty() {
        // A zone that never changed (UTC, a fixed offset): one observance from the epoch.
        let info = zone.to_offset_info(from);
        let o = offset(info.offset());
        lines.begin("STANDARD");
        lines.line("DTSTART:19700101T000000");
        lines.text("TZNAME", info.abbreviation());
        lines.line(&format!("TZOFFSETFROM:{o}"));
        lines.line(&format!("TZOFFSETTO:{o}"));
        lines.end("STANDARD");
    }
    for run in &runs {
        let kind = if run.first.dst {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        lines.begin(kind);
        lines.line(&format!("DTSTART:{}", local(run.first.local)));
        if run.count > 1 || run.open {
            // Several matches are equally right; "last" is how most zones state their rule.
            let ordinal = if run.ordinals.contains(&-1) {
                -1
            } else {
                run.ordinals[0]
            };
            let mut rule = format!(
                "RRULE:FREQ=YEARLY;BYMONTH={};BYDAY={ordinal}{}",
                run.first.local.month(),
                weekday_code(run.first.local.weekday())
            );
            if !run.open {
                // In a VTIMEZONE, UNTIL is always UTC (RFC 5545 3.8.5.3).
                rule.push_str(&format!(";UNTIL={}", super::write::utc(run.last.at)));
            }
            lines.line(&rule);
        }
        lines.text("TZNAME", &run.first.name);
        lines.line(&format!("TZOFFSETFROM:{}", offset(run.first.from)));
        lines.line(&format!("TZOFFSETTO:{}", offset(run.first.to)));
        lines.end(kind);
    }
    lines.end("VTIMEZONE");
    Ok(())
}

/// The transitions that matter for [from, until], folded into yearly runs, in time order.
fn runs(zone: &TimeZone, from: Timestamp, until: Timestamp) -> Vec<Run> {
    // The observance in effect at `from` started at the last transition at or before it.
    let in_effect = zone.preceding(from + SignedDuration::from_nanos(1)).next();
    let inside = zone.following(from).take_while(|t| t.timestamp() <= until);
    let mut runs: Vec<Run> = Vec::new();
    for t in in_effect.into_iter().chain(inside) {
        let onset = Onset::new(zone, t.timestamp());
        match runs.iter_mut().rev().find_map(|r| {
            let left = r.continued_by(&onset)?;
            Some((r, left))
        }) {
            Some((run, left)) => {
                run.ordinals = left;
                run.count += 1;
                run.last = onset;
            }
            None => runs.push(Run {
                ordinals: ordinals(onset.local),
                first: onset.clone(),
                last: onset,
                count: 1,
                open: false,
            }),
        }
    }
    let horizon = until.checked_add(PEEK).unwrap_or(Timestamp::MAX);
    for t in zone
        .following(until)
        .take_while(|t| t.timestamp() <= horizon)
    {
        let onset = Onset::new(zone, t.timestamp());
        if let Some((run, left)) = runs.iter_mut().rev().find_map(|r| {
            let left = r.continued_by(&onset)?;
            Some((r, left))
        }) {
            run.ordinals = left;
            run.open = true;
        }
    }
    runs
}

#[cfg(test)]
#[path = "vtimezone_tests.rs"]
mod tests;
