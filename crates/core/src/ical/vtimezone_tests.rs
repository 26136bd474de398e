//! The VTIMEZONE writer against jiff: exact text for a few zones, and for every zone in the
//! database the offsets the component implies (evaluated here, the way a client would) equal
//! jiff's on every day of the span and around each transition.

use super::*;
use crate::ical::write::unfold;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn write(tzid: &str, from: &str, until: &str) -> String {
    let mut lines = Lines::new();
    vtimezone(&mut lines, tzid, ts(from), ts(until)).unwrap();
    lines.finish()
}

#[test]
fn berlin_is_two_open_yearly_rules() {
    let text = write(
        "Europe/Berlin",
        "2026-03-23T09:00:00Z",
        "2027-03-23T09:00:00Z",
    );
    assert_eq!(
        text,
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n\
         BEGIN:STANDARD\r\nDTSTART:20251026T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
         TZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n\
         BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
         TZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n\
         END:VTIMEZONE\r\n"
    );
}

#[test]
fn new_york_and_sydney_use_their_own_weeks() {
    let ny = unfold(&write(
        "America/New_York",
        "2026-03-01T00:00:00Z",
        "2027-03-01T00:00:00Z",
    ));
    assert!(ny.contains(&"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU".to_string()));
    assert!(ny.contains(&"RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU".to_string()));
    assert!(ny.contains(&"DTSTART:20260308T020000".to_string()));
    let sydney = unfold(&write(
        "Australia/Sydney",
        "2026-03-01T00:00:00Z",
        "2027-03-01T00:00:00Z",
    ));
    // Back to +10 on April 5 at 03:00 daylight time; +11 since October 5, 2025 at 02:00.
    assert!(sydney.contains(&"DTSTART:20260405T030000".to_string()));
    assert!(sydney.contains(&"DTSTART:20251005T020000".to_string()));
    assert!(sydney.contains(&"RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU".to_string()));
    assert!(sydney.contains(&"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU".to_string()));
}

#[test]
fn zones_without_changes_have_one_observance() {
    let kolkata = unfold(&write(
        "Asia/Kolkata",
        "2026-03-01T00:00:00Z",
        "2027-03-01T00:00:00Z",
    ));
    // Its last change (1945) stays in effect: no rule, offset +0530 from then on.
    assert_eq!(
        kolkata.iter().filter(|l| l.starts_with("BEGIN:")).count(),
        2
    );
    assert!(kolkata.contains(&"TZOFFSETTO:+0530".to_string()));
    assert!(!kolkata.iter().any(|l| l.starts_with("RRULE")));
    let utc = write("UTC", "2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z");
    assert_eq!(
        utc,
        "BEGIN:VTIMEZONE\r\nTZID:UTC\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
         TZNAME:UTC\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    );
}

#[test]
fn an_unknown_zone_is_named() {
    let e = vtimezone(
        &mut Lines::new(),
        "Mars/Olympus",
        Timestamp::UNIX_EPOCH,
        Timestamp::UNIX_EPOCH,
    )
    .unwrap_err();
    assert!(e.to_string().contains("\"Mars/Olympus\""), "{e}");
}

/// One STANDARD or DAYLIGHT as a client reads it.
struct Observance {
    start: DateTime,
    rule: Option<(i8, i8, Weekday, Option<Timestamp>)>,
    from: Offset,
    to: Offset,
}

fn parse_offset(s: &str) -> Offset {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits = &s[1..];
    let n = |r: std::ops::Range<usize>| digits.get(r).map_or(0, |d| d.parse::<i32>().unwrap());
    Offset::from_seconds(sign * (n(0..2) * 3600 + n(2..4) * 60 + n(4..6))).unwrap()
}

fn parse(text: &str) -> Vec<Observance> {
    let mut out = Vec::new();
    let mut cur: Option<Observance> = None;
    for line in unfold(text) {
        let (name, value) = line.split_once(':').unwrap();
        match name {
            "BEGIN" if value != "VTIMEZONE" => {
                cur = Some(Observance {
                    start: DateTime::ZERO,
                    rule: None,
                    from: Offset::UTC,
                    to: Offset::UTC,
                })
            }
            "END" if value != "VTIMEZONE" => out.push(cur.take().unwrap()),
            "DTSTART" => {
                cur.as_mut().unwrap().start = DateTime::strptime("%Y%m%dT%H%M%S", value).unwrap()
            }
            "TZOFFSETFROM" => cur.as_mut().unwrap().from = parse_offset(value),
            "TZOFFSETTO" => cur.as_mut().unwrap().to = parse_offset(value),
            "RRULE" => {
                let (mut month, mut nth, mut day, mut until) = (0, 0, Weekday::Sunday, None);
                for part in value.split(';') {
                    let (k, v) = part.split_once('=').unwrap();
                    match k {
                        "BYMONTH" => month = v.parse().unwrap(),
                        "BYDAY" => {
                            let (n, w) = v.split_at(v.len() - 2);
                            nth = n.parse().unwrap();
                            day = [
                                ("MO", Weekday::Monday),
                                ("TU", Weekday::Tuesday),
                                ("WE", Weekday::Wednesday),
                                ("TH", Weekday::Thursday),
                                ("FR", Weekday::Friday),
                                ("SA", Weekday::Saturday),
                                ("SU", Weekday::Sunday),
                            ]
                            .into_iter()
                            .find(|(c, _)| *c == w)
                            .unwrap()
                            .1;
                        }
                        "UNTIL" => {
                            until = Some(
                                Timestamp::strptime("%Y%m%dT%H%M%S%#z", v.replace('Z', "+0000"))
                                    .unwrap(),
                            )
                        }
                        _ => {}
                    }
                }
                cur.as_mut().unwrap().rule = Some((month, nth, day, until));
            }
            _ => {}
        }
    }
    out
}

/// Every onset the component implies up to `last_year`, with the offset it starts.
fn onsets(obs: &[Observance], last_year: i16) -> Vec<(Timestamp, Offset)> {
    let mut out = Vec::new();
    for o in obs {
        let at = |dt: DateTime| o.from.to_timestamp(dt).unwrap();
        out.push((at(o.start), o.to));
        if let Some((month, nth, day, until)) = o.rule {
            for year in o.start.year() + 1..=last_year {
                let date = jiff::civil::date(year, month, 1)
                    .nth_weekday_of_month(nth, day)
                    .unwrap();
                let t = at(date.to_datetime(o.start.time()));
                if until.is_some_and(|u| t > u) {
                    break;
                }
                out.push((t, o.to));
            }
        }
    }
    out.sort_by_key(|(t, _)| *t);
    out
}

fn implied(onsets: &[(Timestamp, Offset)], t: Timestamp) -> Option<Offset> {
    onsets
        .iter()
        .rev()
        .find(|(at, _)| *at <= t)
        .map(|(_, o)| *o)
}

/// Checks the implied offsets against jiff at noon UTC each day in [from, until] and one
/// second either side of every transition there.
fn agrees(tzid: &str, from: Timestamp, until: Timestamp) -> Result<(), String> {
    let zone = TimeZone::get(tzid).unwrap();
    let end = until.to_zoned(TimeZone::UTC).year() + 1;
    let mut lines = Lines::new();
    // Written for the first two years only: later instants rely on the open rules.
    let span_end = from
        .checked_add(SignedDuration::from_hours(2 * 366 * 24))
        .unwrap()
        .min(until);
    vtimezone(&mut lines, tzid, from, span_end).unwrap();
    let text = lines.finish();
    let on = onsets(&parse(&text), end);
    let mut samples: Vec<Timestamp> = Vec::new();
    let mut t = from;
    while t <= until {
        samples.push(t);
        t += SignedDuration::from_hours(24);
    }
    for tr in zone
        .following(from)
        .take_while(|tr| tr.timestamp() <= until)
    {
        samples.push(tr.timestamp() - SignedDuration::from_secs(1));
        samples.push(tr.timestamp());
    }
    for t in samples {
        let want = zone.to_offset(t);
        if implied(&on, t) != Some(want) {
            return Err(format!(
                "{tzid} at {t}: component says {:?}, jiff {want}\n{text}",
                implied(&on, t)
            ));
        }
    }
    Ok(())
}

#[test]
fn every_zone_agrees_with_jiff_over_the_span() {
    let from = ts("2026-01-01T12:00:00Z");
    let until = ts("2027-12-31T12:00:00Z");
    let mut bad = Vec::new();
    let names = jiff::tz::db().available();
    let mut n = 0;
    for name in names {
        n += 1;
        if let Err(e) = agrees(name.as_str(), from, until) {
            bad.push(e);
        }
    }
    assert!(n > 300, "only {n} zones in the database");
    assert!(
        bad.is_empty(),
        "{} zones disagree:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn open_rules_carry_on_for_years_in_the_zones_of_the_tests() {
    for tzid in [
        "Europe/Berlin",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kolkata",
        "Europe/London",
    ] {
        agrees(tzid, ts("2026-03-01T00:00:00Z"), ts("2036-12-31T00:00:00Z")).unwrap();
    }
}
