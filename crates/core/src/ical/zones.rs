//! Which zone a local time is in. A TZID is usually an IANA name (Google, Apple, most servers),
//! which the time zone database answers better than any VTIMEZONE; Outlook writes Windows
//! names ("W. Europe Standard Time") with a VTIMEZONE of yearly rules, which is turned into a
//! POSIX TZ rule. Anything else falls back to the caller's zone (the person's own), the best
//! guess for a calendar they keep.

use super::parse::Component;
use super::rrule::{Freq, RRule};
use super::value::{parse_date_time, DateTimeValue};
use jiff::tz::{Offset, TimeZone};

/// The zones one calendar's local times may be in.
#[derive(Debug, Clone)]
pub struct Zones {
    file: Vec<(String, TimeZone)>,
    fallback: TimeZone,
}

impl Zones {
    /// The zones of `calendar`'s VTIMEZONEs that can be read as rules, with `fallback` for
    /// floating times and unknown TZIDs.
    pub fn from_calendar(calendar: &Component, fallback: TimeZone) -> Zones {
        let file = calendar
            .children_named("VTIMEZONE")
            .filter_map(|vtz| {
                let id = vtz.property("TZID")?.value.trim().to_string();
                Some((id, simple_vtimezone(vtz)?))
            })
            .collect();
        Zones { file, fallback }
    }

    /// Only the fallback.
    pub fn only(fallback: TimeZone) -> Zones {
        Zones {
            file: Vec::new(),
            fallback,
        }
    }

    /// The zone a TZID names: the IANA zone of that name, else the file's VTIMEZONE, else an
    /// IANA name at the end of a prefixed TZID (`/mozilla.org/20050126_1/Europe/Berlin`), else
    /// the fallback. `None` (a floating time) is the fallback.
    pub fn get(&self, tzid: Option<&str>) -> TimeZone {
        let Some(id) = tzid.map(str::trim).filter(|s| !s.is_empty()) else {
            return self.fallback.clone();
        };
        if let Some(z) = iana(id) {
            return z;
        }
        if let Some((_, z)) = self.file.iter().find(|(name, _)| name == id) {
            return z.clone();
        }
        let mut rest = id;
        while let Some((_, after)) = rest.split_once('/') {
            if let Some(z) = iana(after) {
                return z;
            }
            rest = after;
        }
        self.fallback.clone()
    }

    /// The zone for floating times.
    pub fn fallback(&self) -> &TimeZone {
        &self.fallback
    }
}

fn iana(name: &str) -> Option<TimeZone> {
    // Abbreviations such as "EST" are in the database but are not what a calendar meant.
    if name.contains('/') || name.eq_ignore_ascii_case("UTC") {
        TimeZone::get(name).ok()
    } else {
        None
    }
}

/// `+0100`, `-0530`, `+013000` in seconds.
fn utc_offset(raw: &str) -> Option<i32> {
    let s = raw.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    if !(rest.len() == 4 || rest.len() == 6) || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = rest[..2].parse().ok()?;
    let m: i32 = rest[2..4].parse().ok()?;
    let sec: i32 = if rest.len() == 6 {
        rest[4..].parse().ok()?
    } else {
        0
    };
    Some(sign * (h * 3600 + m * 60 + sec))
}

struct Observance {
    offset_to: i32,
    start: jiff::civil::DateTime,
    rule: Option<RRule>,
}

fn observances(vtz: &Component, kind: &str) -> Option<Vec<Observance>> {
    vtz.children_named(kind)
        .map(|o| {
            let offset_to = utc_offset(&o.property("TZOFFSETTO")?.value)?;
            let start = match parse_date_time(&o.property("DTSTART")?.value).ok()? {
                DateTimeValue::Local(dt) => dt,
                _ => return None,
            };
            let rule = match o.property("RRULE") {
                Some(p) => Some(RRule::parse(&p.value).ok()?),
                None => None,
            };
            Some(Observance {
                offset_to,
                start,
                rule,
            })
        })
        .collect()
}

/// A VTIMEZONE as a zone, when it is a fixed offset or one standard and one daylight rule of
/// the "nth weekday of a month" kind (the latest of each, older ones being history).
fn simple_vtimezone(vtz: &Component) -> Option<TimeZone> {
    let latest = |mut v: Vec<Observance>| {
        v.sort_by_key(|o| o.start);
        v.pop()
    };
    let standard = latest(observances(vtz, "STANDARD")?);
    let daylight = latest(observances(vtz, "DAYLIGHT")?);
    match (standard, daylight) {
        (Some(std), None) => Offset::from_seconds(std.offset_to)
            .ok()
            .map(TimeZone::fixed),
        (Some(std), Some(dst)) => {
            let posix = format!(
                "STD{}DST{},{},{}",
                posix_offset(std.offset_to),
                posix_offset(dst.offset_to),
                posix_rule(&dst)?,
                posix_rule(&std)?
            );
            TimeZone::posix(&posix).ok()
        }
        _ => None,
    }
}

/// POSIX offsets count west of Greenwich: UTC+1 is `-1`.
fn posix_offset(seconds: i32) -> String {
    let sign = if seconds > 0 { "-" } else { "+" };
    let s = seconds.abs();
    format!("{sign}{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// `Mm.w.d/hh:mm:ss` from `FREQ=YEARLY;BYMONTH=m;BYDAY=nDD`, the transition at the
/// observance's local start time.
fn posix_rule(o: &Observance) -> Option<String> {
    let rule = o.rule.as_ref()?;
    if rule.freq != Freq::Yearly || rule.by_month.len() != 1 || rule.by_day.len() != 1 {
        return None;
    }
    if !rule.by_month_day.is_empty() || !rule.by_set_pos.is_empty() || rule.interval != 1 {
        return None;
    }
    let day = rule.by_day[0];
    let week = match day.ordinal? {
        n @ 1..=4 => n,
        -1 => 5,
        _ => return None,
    };
    let weekday = day.weekday.to_sunday_zero_offset();
    let t = o.start.time();
    Some(format!(
        "M{}.{week}.{weekday}/{}:{:02}:{:02}",
        rule.by_month[0],
        t.hour(),
        t.minute(),
        t.second()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ical::parse::parse;

    const OUTLOOK: &str = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VTIMEZONE\r\nTZID:India Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n";

    fn at(zone: &TimeZone, s: &str) -> String {
        let dt: jiff::civil::DateTime = s.parse().unwrap();
        zone.to_ambiguous_timestamp(dt)
            .compatible()
            .unwrap()
            .to_string()
    }

    #[test]
    fn windows_zones_become_rules() {
        let cal = &parse(OUTLOOK).unwrap()[0];
        let zones = Zones::from_calendar(cal, TimeZone::UTC);
        let berlin = zones.get(Some("W. Europe Standard Time"));
        assert_eq!(at(&berlin, "2026-03-27T10:00"), "2026-03-27T09:00:00Z");
        assert_eq!(at(&berlin, "2026-03-30T10:00"), "2026-03-30T08:00:00Z");
        assert_eq!(at(&berlin, "2026-10-26T10:00"), "2026-10-26T09:00:00Z");
        let india = zones.get(Some("India Standard Time"));
        assert_eq!(at(&india, "2026-03-10T10:00"), "2026-03-10T04:30:00Z");
    }

    #[test]
    fn iana_names_win_and_unknown_ones_fall_back() {
        let zones = Zones::only(TimeZone::get("Asia/Kolkata").unwrap());
        let ny = zones.get(Some("America/New_York"));
        assert_eq!(ny.iana_name(), Some("America/New_York"));
        let prefixed = zones.get(Some("/mozilla.org/20050126_1/America/New_York"));
        assert_eq!(prefixed.iana_name(), Some("America/New_York"));
        assert_eq!(
            zones.get(Some("Nowhere Time")).iana_name(),
            Some("Asia/Kolkata")
        );
        assert_eq!(zones.get(None).iana_name(), Some("Asia/Kolkata"));
        assert_eq!(zones.get(Some("EST")).iana_name(), Some("Asia/Kolkata"));
    }
}
