//! Busy times from free/busy answers (RFC 5545 3.6.4 VFREEBUSY), in both shapes servers send:
//!
//! - the RFC's: one VFREEBUSY spanning the window, with FREEBUSY properties each holding one
//!   or more periods (`start/end` or `start/duration`) and an FBTYPE (BUSY when absent, as
//!   Xandikos and sabre/dav leave it);
//! - Radicale 3.x before its fix: one VFREEBUSY per busy interval, the interval in
//!   DTSTART/DTEND and the kind in an `FBTYPE` property, no FREEBUSY at all.
//!
//! A VFREEBUSY with no FREEBUSY and no FBTYPE is the RFC shape with nothing busy, not a busy
//! interval: an empty answer must read as free, not as busy over the whole window.

use super::parse::{parse, Component, IcalError};
use super::value::{parse_date_time, parse_utc_period, DateTimeValue};
use crate::review::{BusyKind, BusyPeriod};
use jiff::Timestamp;

/// What an FBTYPE means for a meeting: `None` for FREE. Unknown types count as busy, as RFC
/// 5545 3.2.9 asks.
pub fn fb_kind(fbtype: Option<&str>) -> Option<BusyKind> {
    match fbtype.map(|s| s.trim().to_ascii_uppercase()).as_deref() {
        Some("FREE") => None,
        Some("BUSY-TENTATIVE") => Some(BusyKind::Tentative),
        _ => Some(BusyKind::Busy),
    }
}

/// Reads a free/busy answer (a whole text) into busy periods inside `[from, until)`, merged.
pub fn busy_from_freebusy(
    text: &str,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<BusyPeriod>, IcalError> {
    freebusy_periods(&parse(text)?, from, until)
}

/// Like [`busy_from_freebusy`], on parsed components (every VFREEBUSY at any depth counts).
pub fn freebusy_periods(
    components: &[Component],
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<BusyPeriod>, IcalError> {
    let mut out = Vec::new();
    let all = components.iter().flat_map(|c| {
        let mut v = if c.name == "VFREEBUSY" {
            vec![c]
        } else {
            Vec::new()
        };
        v.extend(c.descendants_named("VFREEBUSY"));
        v
    });
    for fb in all {
        let mut periods = fb.properties_named("FREEBUSY").peekable();
        if periods.peek().is_some() {
            for prop in periods {
                let Some(kind) = fb_kind(prop.param("FBTYPE")) else {
                    continue;
                };
                for one in prop.value.split(',').filter(|s| !s.trim().is_empty()) {
                    let (start, end) = parse_utc_period(one).map_err(|e| prop.error(e))?;
                    push_clipped(&mut out, start, end, kind, from, until);
                }
            }
            continue;
        }
        // One VFREEBUSY per interval: FBTYPE as a property (Radicale) or on DTSTART.
        let start = fb.property("DTSTART");
        let fbtype = fb
            .property("FBTYPE")
            .map(|p| p.value.as_str())
            .or_else(|| start.and_then(|p| p.param("FBTYPE")));
        let (Some(start), Some(fbtype)) = (start, fbtype) else {
            continue;
        };
        let Some(kind) = fb_kind(Some(fbtype)) else {
            continue;
        };
        let end = fb
            .property("DTEND")
            .ok_or_else(|| IcalError::new(fb.line, "VFREEBUSY: a busy interval without DTEND"))?;
        let (s, e) = (utc(start)?, utc(end)?);
        push_clipped(&mut out, s, e, kind, from, until);
    }
    Ok(coalesce(out))
}

fn utc(p: &super::parse::Property) -> Result<Timestamp, IcalError> {
    match parse_date_time(&p.value).map_err(|e| p.error(e))? {
        DateTimeValue::Utc(t) => Ok(t),
        // Free/busy times are UTC by definition; a server that drops the Z still means UTC.
        DateTimeValue::Local(dt) => dt
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|e| p.error(e)),
        DateTimeValue::Date(_) => Err(p.error("a free/busy time must be a DATE-TIME")),
    }
}

/// The part of `[start, end)` inside `[from, until)`, if any.
pub fn clip(
    start: Timestamp,
    end: Timestamp,
    from: Timestamp,
    until: Timestamp,
) -> Option<(Timestamp, Timestamp)> {
    let (s, e) = (start.max(from), end.min(until));
    (s < e).then_some((s, e))
}

pub(crate) fn push_clipped(
    out: &mut Vec<BusyPeriod>,
    start: Timestamp,
    end: Timestamp,
    kind: BusyKind,
    from: Timestamp,
    until: Timestamp,
) {
    if let Some((start, end)) = clip(start, end, from, until) {
        out.push(BusyPeriod { start, end, kind });
    }
}

/// Sorted by start, overlapping or touching periods of the same kind merged into one. Busy
/// and tentative periods are kept apart even where they overlap: the picker weighs them
/// differently.
pub fn coalesce(mut periods: Vec<BusyPeriod>) -> Vec<BusyPeriod> {
    periods.sort_by_key(|p| (p.kind, p.start, p.end));
    let mut out: Vec<BusyPeriod> = Vec::with_capacity(periods.len());
    for p in periods {
        match out.last_mut() {
            Some(last) if last.kind == p.kind && p.start <= last.end => {
                last.end = last.end.max(p.end);
            }
            _ => out.push(p),
        }
    }
    out.sort_by_key(|p| (p.start, p.end, p.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn show(v: &[BusyPeriod]) -> Vec<String> {
        v.iter()
            .map(|p| format!("{:?} {}..{}", p.kind, p.start, p.end))
            .collect()
    }

    const FROM: &str = "2026-03-09T00:00:00Z";
    const UNTIL: &str = "2026-03-14T00:00:00Z";

    #[test]
    fn the_rfc_shape_with_several_periods_per_line() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nDTSTART:20260309T000000Z\r\nDTEND:20260314T000000Z\r\nFREEBUSY;FBTYPE=BUSY:20260310T100000Z/20260310T110000Z,20260310T103000Z/PT1H\r\nFREEBUSY:20260311T080000Z/20260311T083000Z\r\nFREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20260308T220000Z/20260309T070000Z\r\nFREEBUSY;FBTYPE=BUSY-TENTATIVE;VALUE=PERIOD:20260310T120000Z/20260310T130000Z\r\nFREEBUSY;FBTYPE=FREE:20260310T160000Z/20260310T170000Z\r\nFREEBUSY;FBTYPE=X-OUT-OF-OFFICE:20260313T230000Z/20260314T020000Z\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n";
        let busy = busy_from_freebusy(text, t(FROM), t(UNTIL)).unwrap();
        assert_eq!(
            show(&busy),
            [
                "Busy 2026-03-09T00:00:00Z..2026-03-09T07:00:00Z",
                "Busy 2026-03-10T10:00:00Z..2026-03-10T11:30:00Z",
                "Tentative 2026-03-10T12:00:00Z..2026-03-10T13:00:00Z",
                "Busy 2026-03-11T08:00:00Z..2026-03-11T08:30:00Z",
                "Busy 2026-03-13T23:00:00Z..2026-03-14T00:00:00Z",
            ]
        );
    }

    #[test]
    fn radicales_one_vfreebusy_per_interval() {
        let text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VFREEBUSY\nDTSTART:20260310T100000Z\nDTEND:20260310T110000Z\nFBTYPE:BUSY\nEND:VFREEBUSY\nBEGIN:VFREEBUSY\nDTSTART:20260310T120000Z\nDTEND:20260310T130000Z\nFBTYPE:BUSY-TENTATIVE\nEND:VFREEBUSY\nBEGIN:VFREEBUSY\nDTSTART:20260310T160000Z\nDTEND:20260310T170000Z\nFBTYPE:FREE\nEND:VFREEBUSY\nBEGIN:VFREEBUSY\nDTSTART;FBTYPE=BUSY:20260310T103000Z\nDTEND:20260310T113000Z\nEND:VFREEBUSY\nEND:VCALENDAR\n";
        let busy = busy_from_freebusy(text, t(FROM), t(UNTIL)).unwrap();
        assert_eq!(
            show(&busy),
            [
                "Busy 2026-03-10T10:00:00Z..2026-03-10T11:30:00Z",
                "Tentative 2026-03-10T12:00:00Z..2026-03-10T13:00:00Z",
            ]
        );
    }

    #[test]
    fn an_empty_answer_is_free_not_busy() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VFREEBUSY\nDTSTART:20260309T000000Z\nDTEND:20260314T000000Z\nEND:VFREEBUSY\nEND:VCALENDAR\n";
        assert!(busy_from_freebusy(text, t(FROM), t(UNTIL))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_bad_period_names_its_line() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VFREEBUSY\nFREEBUSY:20260310T100000Z\nEND:VFREEBUSY\nEND:VCALENDAR\n";
        let err = busy_from_freebusy(text, t(FROM), t(UNTIL)).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.starts_with("FREEBUSY: "), "{err}");
    }

    #[test]
    fn coalescing_keeps_kinds_apart() {
        let p = |a: &str, b: &str, kind| BusyPeriod {
            start: t(a),
            end: t(b),
            kind,
        };
        let merged = coalesce(vec![
            p(
                "2026-03-10T11:00:00Z",
                "2026-03-10T12:00:00Z",
                BusyKind::Busy,
            ),
            p(
                "2026-03-10T10:00:00Z",
                "2026-03-10T11:00:00Z",
                BusyKind::Busy,
            ),
            p(
                "2026-03-10T10:30:00Z",
                "2026-03-10T13:00:00Z",
                BusyKind::Tentative,
            ),
            p(
                "2026-03-10T14:00:00Z",
                "2026-03-10T15:00:00Z",
                BusyKind::Busy,
            ),
        ]);
        assert_eq!(
            show(&merged),
            [
                "Busy 2026-03-10T10:00:00Z..2026-03-10T12:00:00Z",
                "Tentative 2026-03-10T10:30:00Z..2026-03-10T13:00:00Z",
                "Busy 2026-03-10T14:00:00Z..2026-03-10T15:00:00Z",
            ]
        );
    }
}
