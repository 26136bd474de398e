//! Working hours from calendar availability (RFC 7953 VAVAILABILITY), where it is the weekly
//! kind a profile can hold: every AVAILABLE repeats `FREQ=WEEKLY` (on its BYDAY days) in one
//! zone, forever. Anything richer (a one-off block, a rule that ends, several zones) is not
//! weekly hours, and reading it as such would be wrong on some date: `None` then, and the
//! profile's own hours are used.

use super::parse::{parse, Component, IcalError};
use super::rrule::{Freq, RRule};
use super::value::{parse_date_time, parse_duration, DateTimeValue};
use super::zones::Zones;
use crate::people::profile::{WorkWindow, WorkingHours, MAX_WINDOWS};
use jiff::civil::Weekday;
use jiff::tz::TimeZone;

/// Weekly working hours and their zone from a text holding VAVAILABILITY, if they are weekly.
pub fn weekly_availability(text: &str) -> Result<Option<(WorkingHours, TimeZone)>, IcalError> {
    Ok(availability_of(&parse(text)?))
}

/// Like [`weekly_availability`], on parsed components.
pub fn availability_of(components: &[Component]) -> Option<(WorkingHours, TimeZone)> {
    let mut windows = Vec::new();
    let mut zone: Option<(Option<String>, TimeZone)> = None;
    let mut any = false;
    for cal in components {
        let zones = Zones::from_calendar(cal, TimeZone::UTC);
        let mut all = cal.descendants_named("VAVAILABILITY");
        if cal.name == "VAVAILABILITY" {
            all.push(cal);
        }
        for available in all.iter().flat_map(|v| v.children_named("AVAILABLE")) {
            any = true;
            let (tzid, z, found) = weekly(available, &zones)?;
            match &zone {
                Some((id, _)) if *id != tzid => return None,
                Some(_) => {}
                None => zone = Some((tzid, z)),
            }
            windows.extend(found);
        }
    }
    let (_, zone) = zone.filter(|_| any)?;
    let windows = merge(windows);
    if windows.is_empty() || windows.len() > MAX_WINDOWS {
        return None;
    }
    Some((WorkingHours::from_stored(windows), zone))
}

type Weekly = (Option<String>, TimeZone, Vec<WorkWindow>);

/// One AVAILABLE as weekly windows, with its TZID and zone.
fn weekly(available: &Component, zones: &Zones) -> Option<Weekly> {
    let start_prop = available.property("DTSTART")?;
    let (start, tzid) = match parse_date_time(&start_prop.value).ok()? {
        DateTimeValue::Local(dt) => (dt, Some(start_prop.param("TZID")?.to_string())),
        DateTimeValue::Utc(t) => (t.to_zoned(TimeZone::UTC).datetime(), None),
        // A floating or all-day time says nothing about where the hours are.
        DateTimeValue::Date(_) => return None,
    };
    let zone = match &tzid {
        Some(id) => zones.get(Some(id)),
        None => TimeZone::UTC,
    };
    let minutes = match (available.property("DTEND"), available.property("DURATION")) {
        (Some(end), _) => {
            let end = match parse_date_time(&end.value).ok()? {
                DateTimeValue::Local(dt) if tzid.is_some() => dt,
                DateTimeValue::Utc(t) if tzid.is_none() => t.to_zoned(TimeZone::UTC).datetime(),
                _ => return None,
            };
            let span = start.until((jiff::Unit::Minute, end)).ok()?;
            span.get_minutes()
        }
        (None, Some(d)) => {
            let d = parse_duration(&d.value).ok()?;
            d.days * 1440 + d.seconds / 60
        }
        (None, None) => return None,
    };
    if !(1..1440).contains(&minutes) {
        return None;
    }
    let rule = RRule::parse(&available.property("RRULE")?.value).ok()?;
    let plain = rule.freq == Freq::Weekly
        && rule.interval == 1
        && rule.count.is_none()
        && rule.until.is_none()
        && rule.by_month.is_empty()
        && rule.by_month_day.is_empty()
        && rule.by_set_pos.is_empty();
    if !plain {
        return None;
    }
    let days: Vec<Weekday> = if rule.by_day.is_empty() {
        vec![start.weekday()]
    } else {
        rule.by_day.iter().map(|d| d.weekday).collect()
    };
    let from = i64::from(start.hour()) * 60 + i64::from(start.minute());
    let until = from + minutes;
    let mut out = Vec::new();
    for day in days {
        out.push(window(day, from, until.min(1440)));
        // A window past midnight continues on the next day.
        if until > 1440 {
            out.push(window(day.next(), 0, until - 1440));
        }
    }
    Some((tzid, zone, out))
}

fn window(day: Weekday, start: i64, end: i64) -> WorkWindow {
    WorkWindow {
        day,
        start: start as u16,
        end: end as u16,
    }
}

/// Monday first, by start, overlapping windows of a day joined.
fn merge(mut windows: Vec<WorkWindow>) -> Vec<WorkWindow> {
    windows.sort_by_key(|w| (w.day.to_monday_zero_offset(), w.start, w.end));
    let mut out: Vec<WorkWindow> = Vec::new();
    for w in windows {
        match out.last_mut() {
            Some(last) if last.day == w.day && w.start <= last.end => {
                last.end = last.end.max(w.end)
            }
            _ => out.push(w),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::profile::weekday_name;

    fn avail(available: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VAVAILABILITY\r\nUID:a\r\nDTSTAMP:20260301T000000Z\r\n{available}END:VAVAILABILITY\r\nEND:VCALENDAR\r\n")
    }

    fn hours(text: &str) -> Option<(Vec<String>, String)> {
        let (h, z) = weekly_availability(text).unwrap()?;
        let windows = h
            .windows()
            .iter()
            .map(|w| format!("{} {}-{}", weekday_name(w.day), w.start, w.end))
            .collect();
        Some((windows, z.iana_name().unwrap_or("?").to_string()))
    }

    #[test]
    fn weekly_hours_with_a_lunch_break() {
        let text = avail("BEGIN:AVAILABLE\r\nUID:m\r\nDTSTART;TZID=Europe/Berlin:20260302T080000\r\nDTEND;TZID=Europe/Berlin:20260302T120000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\nEND:AVAILABLE\r\nBEGIN:AVAILABLE\r\nUID:a\r\nDTSTART;TZID=Europe/Berlin:20260302T130000\r\nDURATION:PT4H\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH\r\nEND:AVAILABLE\r\n");
        let (windows, zone) = hours(&text).unwrap();
        assert_eq!(zone, "Europe/Berlin");
        assert_eq!(windows.len(), 9);
        assert_eq!(windows[0], "monday 480-720");
        assert_eq!(windows[1], "monday 780-1020");
        assert_eq!(windows[8], "friday 480-720");
    }

    #[test]
    fn a_night_shift_continues_the_next_day() {
        let text = avail("BEGIN:AVAILABLE\r\nUID:n\r\nDTSTART;TZID=Asia/Kolkata:20260306T220000\r\nDTEND;TZID=Asia/Kolkata:20260307T030000\r\nRRULE:FREQ=WEEKLY;BYDAY=FR\r\nEND:AVAILABLE\r\n");
        let (windows, _) = hours(&text).unwrap();
        assert_eq!(windows, ["friday 1320-1440", "saturday 0-180"]);
    }

    #[test]
    fn what_is_not_weekly_is_none() {
        for available in [
            // one-off
            "BEGIN:AVAILABLE\r\nUID:x\r\nDTSTART;TZID=Europe/Berlin:20260302T080000\r\nDTEND;TZID=Europe/Berlin:20260302T120000\r\nEND:AVAILABLE\r\n",
            // ends
            "BEGIN:AVAILABLE\r\nUID:x\r\nDTSTART;TZID=Europe/Berlin:20260302T080000\r\nDTEND;TZID=Europe/Berlin:20260302T120000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEND:AVAILABLE\r\n",
            // floating
            "BEGIN:AVAILABLE\r\nUID:x\r\nDTSTART:20260302T080000\r\nDTEND:20260302T120000\r\nRRULE:FREQ=WEEKLY\r\nEND:AVAILABLE\r\n",
            // two zones
            "BEGIN:AVAILABLE\r\nUID:x\r\nDTSTART;TZID=Europe/Berlin:20260302T080000\r\nDURATION:PT4H\r\nRRULE:FREQ=WEEKLY\r\nEND:AVAILABLE\r\nBEGIN:AVAILABLE\r\nUID:y\r\nDTSTART;TZID=Europe/Paris:20260303T080000\r\nDURATION:PT4H\r\nRRULE:FREQ=WEEKLY\r\nEND:AVAILABLE\r\n",
            // monthly
            "BEGIN:AVAILABLE\r\nUID:x\r\nDTSTART;TZID=Europe/Berlin:20260302T080000\r\nDURATION:PT4H\r\nRRULE:FREQ=MONTHLY\r\nEND:AVAILABLE\r\n",
            // nothing available
            "",
        ] {
            assert_eq!(hours(&avail(available)), None, "{available}");
        }
    }

    #[test]
    fn a_weekday_rule_without_byday_uses_the_start_day() {
        let text = avail("BEGIN:AVAILABLE\r\nUID:x\r\nDTSTART:20260304T090000Z\r\nDURATION:PT8H\r\nRRULE:FREQ=WEEKLY\r\nEND:AVAILABLE\r\n");
        assert_eq!(
            hours(&text).unwrap(),
            (vec!["wednesday 540-1020".to_string()], "UTC".to_string())
        );
    }
}
