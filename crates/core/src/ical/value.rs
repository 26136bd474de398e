//! iCalendar value types the busy readers need: DATE, DATE-TIME (RFC 5545 3.3.4, 3.3.5),
//! DURATION (3.3.6) and PERIOD (3.3.9).

use jiff::civil::{Date, DateTime, Time};
use jiff::{SignedDuration, Span, Timestamp};

/// A DATE or DATE-TIME value as written; which zone a local one is in is the property's
/// `TZID` (see [`super::zones::Zones`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTimeValue {
    /// `20260310`: a whole day.
    Date(Date),
    /// `20260310T090000Z`.
    Utc(Timestamp),
    /// `20260310T090000`: local time, in the zone its TZID names (floating without one).
    Local(DateTime),
}

impl DateTimeValue {
    /// The local date and time (midnight for a DATE; the UTC wall clock for a UTC value).
    pub fn civil(&self) -> DateTime {
        match self {
            DateTimeValue::Date(d) => d.to_datetime(Time::midnight()),
            DateTimeValue::Utc(t) => t.to_zoned(jiff::tz::TimeZone::UTC).datetime(),
            DateTimeValue::Local(dt) => *dt,
        }
    }
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYYMMDD`, `YYYYMMDDTHHMMSS` or `YYYYMMDDTHHMMSSZ`.
pub fn parse_date_time(raw: &str) -> Result<DateTimeValue, String> {
    let s = raw.trim();
    let bad = || format!("{s:?} is not a DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS[Z])");
    if !s.is_ascii() {
        return Err(bad());
    }
    let date = |d: &str| -> Result<Date, String> {
        if d.len() != 8 {
            return Err(bad());
        }
        let (y, m, day) = (digits(&d[..4]), digits(&d[4..6]), digits(&d[6..]));
        match (y, m, day) {
            (Some(y), Some(m), Some(day)) => {
                Date::new(y as i16, m as i8, day as i8).map_err(|_| bad())
            }
            _ => Err(bad()),
        }
    };
    match s.split_once(['T', 't']) {
        None => date(s).map(DateTimeValue::Date),
        Some((d, t)) => {
            let d = date(d)?;
            let (t, utc) = match t.strip_suffix(['Z', 'z']) {
                Some(t) => (t, true),
                None => (t, false),
            };
            if t.len() != 6 {
                return Err(bad());
            }
            let (h, m, sec) = match (digits(&t[..2]), digits(&t[2..4]), digits(&t[4..])) {
                (Some(h), Some(m), Some(sec)) => (h, m, sec),
                _ => return Err(bad()),
            };
            // A leap second (60) is allowed by the RFC; it is read as the minute's end.
            let time = Time::new(h as i8, m as i8, sec.min(59) as i8, 0).map_err(|_| bad())?;
            let dt = d.to_datetime(time);
            if utc {
                dt.to_zoned(jiff::tz::TimeZone::UTC)
                    .map(|z| DateTimeValue::Utc(z.timestamp()))
                    .map_err(|_| bad())
            } else {
                Ok(DateTimeValue::Local(dt))
            }
        }
    }
}

/// A DURATION: weeks and days are nominal (they follow the wall clock across a DST change),
/// hours, minutes and seconds exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IcalDuration {
    /// Whole days (a week is 7).
    pub days: i64,
    /// Exact seconds.
    pub seconds: i64,
}

impl IcalDuration {
    /// The nominal part as a span of days.
    pub fn day_span(&self) -> Span {
        Span::new().days(self.days)
    }

    /// The exact part.
    pub fn exact(&self) -> SignedDuration {
        SignedDuration::from_secs(self.seconds)
    }

    /// `start` plus this duration, the days counted on the wall clock of `zone`.
    pub fn after(&self, start: Timestamp, zone: &jiff::tz::TimeZone) -> Option<Timestamp> {
        let z = start.to_zoned(zone.clone());
        let z = z.checked_add(self.day_span()).ok()?;
        z.timestamp().checked_add(self.exact()).ok()
    }
}

/// Parses `P1W`, `PT1H30M`, `-P1DT2H`, `P2D`.
pub fn parse_duration(raw: &str) -> Result<IcalDuration, String> {
    let s = raw.trim();
    let bad = || format!("{s:?} is not a DURATION such as PT1H30M or P1D");
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let rest = rest
        .strip_prefix(['P', 'p'])
        .filter(|r| !r.is_empty())
        .ok_or_else(bad)?;
    let mut out = IcalDuration::default();
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            d if d.is_ascii_digit() => number.push(d),
            'T' if !in_time && number.is_empty() => in_time = true,
            unit => {
                let n = digits(&number).ok_or_else(bad)?;
                if n > 100_000_000 {
                    return Err(bad());
                }
                number.clear();
                any = true;
                match (unit, in_time) {
                    ('W', false) => out.days += 7 * n,
                    ('D', false) => out.days += n,
                    ('H', true) => out.seconds += 3600 * n,
                    ('M', true) => out.seconds += 60 * n,
                    ('S', true) => out.seconds += n,
                    _ => return Err(bad()),
                }
            }
        }
    }
    if !number.is_empty() || !any {
        return Err(bad());
    }
    if negative {
        out.days = -out.days;
        out.seconds = -out.seconds;
    }
    Ok(out)
}

/// Parses a PERIOD whose start is UTC (as FREEBUSY values must be): `start/end` or
/// `start/duration`. A start without `Z` is read as UTC too, the only zone a FREEBUSY has.
pub fn parse_utc_period(raw: &str) -> Result<(Timestamp, Timestamp), String> {
    let (a, b) = raw
        .trim()
        .split_once('/')
        .ok_or_else(|| format!("{raw:?} is not a PERIOD (start/end or start/duration)"))?;
    let utc = |v: DateTimeValue| match v {
        DateTimeValue::Utc(t) => Ok(t),
        DateTimeValue::Local(dt) => dt
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string()),
        DateTimeValue::Date(_) => Err(format!("{raw:?}: a PERIOD starts with a DATE-TIME")),
    };
    let start = utc(parse_date_time(a)?)?;
    let end = if b.trim_start_matches(['+', '-']).starts_with(['P', 'p']) {
        parse_duration(b)?
            .after(start, &jiff::tz::TimeZone::UTC)
            .ok_or_else(|| format!("{raw:?}: the period ends out of range"))?
    } else {
        utc(parse_date_time(b)?)?
    };
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_and_times() {
        assert_eq!(
            parse_date_time("20260310").unwrap(),
            DateTimeValue::Date(date(2026, 3, 10))
        );
        assert_eq!(
            parse_date_time("20260310T093000").unwrap(),
            DateTimeValue::Local(date(2026, 3, 10).at(9, 30, 0, 0))
        );
        assert_eq!(
            parse_date_time("20260310T093000Z").unwrap(),
            DateTimeValue::Utc("2026-03-10T09:30:00Z".parse().unwrap())
        );
        for bad in [
            "2026-03-10",
            "20261310",
            "20260310T25",
            "20260310T250000",
            "x",
            "",
        ] {
            assert!(parse_date_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations() {
        let d = |s| parse_duration(s).unwrap();
        assert_eq!(
            d("PT1H30M"),
            IcalDuration {
                days: 0,
                seconds: 5400
            }
        );
        assert_eq!(
            d("P1W"),
            IcalDuration {
                days: 7,
                seconds: 0
            }
        );
        assert_eq!(
            d("-P1DT2H"),
            IcalDuration {
                days: -1,
                seconds: -7200
            }
        );
        assert_eq!(d("P0D"), IcalDuration::default());
        for bad in ["P", "PT", "1H", "PT1D", "P1H", "P1", "PTT1H"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_follow_the_wall_clock() {
        // 2026-03-29 is Berlin's spring change: a day is 23 hours there.
        let zone = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
        let start: Timestamp = "2026-03-28T09:00:00Z".parse().unwrap();
        let end = d1().after(start, &zone).unwrap();
        assert_eq!(end.to_string(), "2026-03-29T08:00:00Z");
        fn d1() -> IcalDuration {
            parse_duration("P1D").unwrap()
        }
    }

    #[test]
    fn periods() {
        let (a, b) = parse_utc_period("20260310T100000Z/PT30M").unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2026-03-10T10:00:00Z".into(), "2026-03-10T10:30:00Z".into())
        );
        let (_, b) = parse_utc_period("20260310T100000Z/20260310T120000Z").unwrap();
        assert_eq!(b.to_string(), "2026-03-10T12:00:00Z");
        assert!(parse_utc_period("20260310T100000Z").is_err());
    }
}
