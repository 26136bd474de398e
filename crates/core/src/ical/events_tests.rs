use super::*;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

fn cal(events: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
}

fn show(v: &[BusyPeriod]) -> Vec<String> {
    v.iter()
        .map(|p| format!("{:?} {}..{}", p.kind, p.start, p.end))
        .collect()
}

fn busy(text: &str, from: &str, until: &str, z: &str) -> EventBusy {
    busy_from_events(text, t(from), t(until), &zone(z)).unwrap()
}

const WEEK: (&str, &str) = ("2026-03-09T00:00:00Z", "2026-03-14T00:00:00Z");

#[test]
fn status_and_transparency_decide() {
    let text = cal("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260310T100000Z\r\nDTEND:20260310T110000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260310T120000Z\r\nDTEND:20260310T130000Z\r\nSTATUS:TENTATIVE\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20260310T140000Z\r\nDTEND:20260310T150000Z\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:d\r\nDTSTART:20260310T160000Z\r\nDTEND:20260310T170000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20260311T160000Z\r\nDURATION:PT45M\r\nSTATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n");
    let b = busy(&text, WEEK.0, WEEK.1, "UTC");
    assert_eq!(
        show(&b.periods),
        [
            "Busy 2026-03-10T10:00:00Z..2026-03-10T11:00:00Z",
            "Tentative 2026-03-10T12:00:00Z..2026-03-10T13:00:00Z",
            "Busy 2026-03-11T16:00:00Z..2026-03-11T16:45:00Z",
        ]
    );
    assert!(b.skipped.is_empty());
}

#[test]
fn recurring_with_exdate_and_overrides_across_dst() {
    // Daily stand-up at 09:00 Berlin through the spring change (29 March), one day excluded,
    // one moved to 15:00, one cancelled.
    let text = cal("BEGIN:VEVENT\r\nUID:standup\r\nDTSTART;TZID=Europe/Berlin:20260326T090000\r\nDTEND;TZID=Europe/Berlin:20260326T091500\r\nRRULE:FREQ=DAILY;COUNT=7\r\nEXDATE;TZID=Europe/Berlin:20260327T090000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:standup\r\nRECURRENCE-ID;TZID=Europe/Berlin:20260330T090000\r\nDTSTART;TZID=Europe/Berlin:20260330T150000\r\nDTEND;TZID=Europe/Berlin:20260330T151500\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:standup\r\nRECURRENCE-ID:20260331T070000Z\r\nDTSTART;TZID=Europe/Berlin:20260331T090000\r\nDTEND;TZID=Europe/Berlin:20260331T091500\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n");
    let b = busy(&text, "2026-03-23T00:00:00Z", "2026-04-06T00:00:00Z", "UTC");
    assert_eq!(
        show(&b.periods),
        [
            "Busy 2026-03-26T08:00:00Z..2026-03-26T08:15:00Z",
            "Busy 2026-03-28T08:00:00Z..2026-03-28T08:15:00Z",
            "Busy 2026-03-29T07:00:00Z..2026-03-29T07:15:00Z",
            "Busy 2026-03-30T13:00:00Z..2026-03-30T13:15:00Z",
            "Busy 2026-04-01T07:00:00Z..2026-04-01T07:15:00Z",
        ]
    );
}

#[test]
fn weekly_monthly_and_yearly_in_a_window() {
    let text = cal("BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=America/New_York:20260105T100000\r\nDTEND;TZID=America/New_York:20260105T110000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:m\r\nDTSTART;TZID=America/New_York:20260105T150000\r\nDTEND;TZID=America/New_York:20260105T160000\r\nRRULE:FREQ=MONTHLY;BYDAY=2TU\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:y\r\nDTSTART;VALUE=DATE:20200312\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=12\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n");
    // New York moved to daylight time on 8 March 2026: 10:00 is 14:00Z from then on.
    let b = busy(&text, WEEK.0, WEEK.1, "America/New_York");
    assert_eq!(
        show(&b.periods),
        [
            "Busy 2026-03-09T14:00:00Z..2026-03-09T15:00:00Z",
            "Busy 2026-03-10T19:00:00Z..2026-03-10T20:00:00Z",
            "Busy 2026-03-11T14:00:00Z..2026-03-11T15:00:00Z",
            "Busy 2026-03-12T04:00:00Z..2026-03-13T04:00:00Z",
        ]
    );
}

#[test]
fn all_day_events_are_days_where_the_person_is() {
    let text = cal("BEGIN:VEVENT\r\nUID:off\r\nDTSTART;VALUE=DATE:20260310\r\nDTEND;VALUE=DATE:20260312\r\nEND:VEVENT\r\n");
    let b = busy(&text, WEEK.0, WEEK.1, "Asia/Kolkata");
    assert_eq!(
        show(&b.periods),
        ["Busy 2026-03-09T18:30:00Z..2026-03-11T18:30:00Z"]
    );
}

#[test]
fn floating_times_and_unknown_zones_use_the_persons_zone() {
    let text = cal("BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20260310T090000\r\nDTEND:20260310T100000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:g\r\nDTSTART;TZID=Somewhere:20260311T090000\r\nDTEND;TZID=Somewhere:20260311T100000\r\nEND:VEVENT\r\n");
    let b = busy(&text, WEEK.0, WEEK.1, "Australia/Sydney");
    assert_eq!(
        show(&b.periods),
        [
            "Busy 2026-03-09T22:00:00Z..2026-03-09T23:00:00Z",
            "Busy 2026-03-10T22:00:00Z..2026-03-10T23:00:00Z",
        ]
    );
}

#[test]
fn outlook_zones_are_read_from_the_file() {
    let text = cal("BEGIN:VTIMEZONE\r\nTZID:Pacific Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:o\r\nDTSTART;TZID=Pacific Standard Time:20260306T090000\r\nDTEND;TZID=Pacific Standard Time:20260306T100000\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nEND:VEVENT\r\n");
    let b = busy(&text, "2026-03-01T00:00:00Z", "2026-03-20T00:00:00Z", "UTC");
    assert_eq!(
        show(&b.periods),
        [
            "Busy 2026-03-06T17:00:00Z..2026-03-06T18:00:00Z",
            "Busy 2026-03-13T16:00:00Z..2026-03-13T17:00:00Z",
        ]
    );
}

#[test]
fn periods_are_clipped_to_the_window() {
    let text = cal("BEGIN:VEVENT\r\nUID:long\r\nDTSTART:20260308T200000Z\r\nDTEND:20260309T020000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:before\r\nDTSTART:20260301T100000Z\r\nDTEND:20260301T110000Z\r\nEND:VEVENT\r\n");
    let b = busy(&text, WEEK.0, WEEK.1, "UTC");
    assert_eq!(
        show(&b.periods),
        ["Busy 2026-03-09T00:00:00Z..2026-03-09T02:00:00Z"]
    );
}

#[test]
fn unreadable_events_are_skipped_and_named() {
    let text = cal("BEGIN:VEVENT\r\nUID:nostart\r\nSUMMARY:x\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:badrule\r\nDTSTART:20260310T100000Z\r\nDTEND:20260310T110000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:baddate\r\nDTSTART:2026-03-10\r\nEND:VEVENT\r\n");
    let b = busy(&text, WEEK.0, WEEK.1, "UTC");
    assert_eq!(
        show(&b.periods),
        ["Busy 2026-03-10T10:00:00Z..2026-03-10T11:00:00Z"]
    );
    let lines: Vec<usize> = b.skipped.iter().map(|e| e.line).collect();
    assert_eq!(lines, [4, 16, 12]);
    assert!(
        b.skipped[2].message.contains("FREQ=HOURLY"),
        "{:?}",
        b.skipped
    );
}

#[test]
fn an_override_without_its_series_still_counts() {
    let text = cal("BEGIN:VEVENT\r\nUID:orphan\r\nRECURRENCE-ID:20260301T100000Z\r\nDTSTART:20260312T100000Z\r\nDTEND:20260312T103000Z\r\nEND:VEVENT\r\n");
    let b = busy(&text, WEEK.0, WEEK.1, "UTC");
    assert_eq!(
        show(&b.periods),
        ["Busy 2026-03-12T10:00:00Z..2026-03-12T10:30:00Z"]
    );
}
