//! iCalendar (RFC 5545) feeds of shifts, for calendar apps to subscribe to.
//!
//! Lines are written by [`crate::ical::write`]; times are UTC with `Z`, so no VTIMEZONE is
//! needed and every app shows them in its own zone.

use jiff::Timestamp;

// Re-exported so callers of the feed (and its tests) keep one path for the line helpers.
use crate::ical::write::push_folded;
pub use crate::ical::write::{escape, unfold, utc};

/// One event in a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across fetches for the same shift, so apps update rather than duplicate it.
    pub uid: String,
    /// From.
    pub start: Timestamp,
    /// Until.
    pub end: Timestamp,
    /// The title apps show.
    pub summary: String,
    /// Longer text.
    pub description: String,
}

/// A whole calendar: `name` is shown by apps that read `X-WR-CALNAME`; `stamp` is when the
/// feed was generated (each event's DTSTAMP).
pub fn calendar(name: &str, stamp: Timestamp, events: &[CalendarEvent]) -> String {
    let mut out = String::new();
    let mut line = |l: String| push_folded(&mut out, &l);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Goldseam//On-call schedules//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    // A hint some apps honour; Google Calendar refreshes on its own timetable regardless.
    line("REFRESH-INTERVAL;VALUE=DURATION:PT1H".into());
    line("X-PUBLISHED-TTL:PT1H".into());
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&e.uid)));
        line(format!("DTSTAMP:{}", utc(stamp)));
        line(format!("DTSTART:{}", utc(e.start)));
        line(format!("DTEND:{}", utc(e.end)));
        line(format!("SUMMARY:{}", escape(&e.summary)));
        if !e.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&e.description)));
        }
        line("TRANSP:OPAQUE".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(summary: &str) -> CalendarEvent {
        CalendarEvent {
            uid: "s1-1772978400-7@goldseam".into(),
            start: "2026-03-08T14:00:00Z".parse().unwrap(),
            end: "2026-03-09T13:00:00Z".parse().unwrap(),
            summary: summary.into(),
            description: "line one\nline two; with, punctuation \\ done".into(),
        }
    }

    #[test]
    fn lines_end_in_crlf_and_fold_at_75_octets_without_splitting_characters() {
        let name = "Payments, Billing; and Ledger on call — primary, secondary, and the weekend crew ✓✓✓✓✓✓✓✓✓✓";
        let feed = calendar(
            name,
            "2026-03-01T00:00:00Z".parse().unwrap(),
            &[event(name)],
        );
        assert!(feed.ends_with("END:VCALENDAR\r\n"));
        assert!(!feed.replace("\r\n", "").contains('\n'), "bare LF");
        for physical in feed.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{physical:?} is {} octets",
                physical.len()
            );
        }
        let lines = unfold(&feed);
        let summary = lines.iter().find(|l| l.starts_with("SUMMARY:")).unwrap();
        assert_eq!(
            summary,
            "SUMMARY:Payments\\, Billing\\; and Ledger on call — primary\\, secondary\\, and the weekend crew ✓✓✓✓✓✓✓✓✓✓"
        );
        let description = lines
            .iter()
            .find(|l| l.starts_with("DESCRIPTION:"))
            .unwrap();
        assert_eq!(
            description,
            "DESCRIPTION:line one\\nline two\\; with\\, punctuation \\\\ done"
        );
        assert!(lines.contains(&"DTSTART:20260308T140000Z".to_string()));
        assert!(lines.contains(&"DTEND:20260309T130000Z".to_string()));
        assert!(lines.contains(&"DTSTAMP:20260301T000000Z".to_string()));
    }

    #[test]
    fn a_calendar_has_its_envelope_and_one_block_per_event() {
        let feed = calendar("x", Timestamp::UNIX_EPOCH, &[event("a"), event("b")]);
        let lines = unfold(&feed);
        assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
        assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
        assert!(lines.contains(&"VERSION:2.0".to_string()));
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
        assert_eq!(lines.iter().filter(|l| *l == "END:VEVENT").count(), 2);
    }
}
