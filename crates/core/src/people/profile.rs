//! A person's time zone and working hours, so schedules, reminders and meeting invitations
//! speak their local time, and low-urgency pages can wait for the working day.

use crate::error::DomainError;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// An IANA time zone name that this machine's time zone database knows, such as
/// `Europe/Paris`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    /// Checks the name against the time zone database; unknown names are refused.
    pub fn parse(field: &str, raw: &str) -> Result<TimeZoneName, DomainError> {
        let s = raw.trim();
        // Fixed offsets and abbreviations like "CET" are refused: they do not follow
        // daylight-saving changes, which is the point of a zone.
        let shaped = s.contains('/') || s == "UTC";
        if !s.is_empty() && s.len() <= 64 && shaped && TimeZone::get(s).is_ok() {
            Ok(TimeZoneName(s.to_string()))
        } else {
            Err(DomainError::invalid(
                field,
                format!(
                    "unknown time zone {:?}; use an IANA name such as Europe/Paris, America/New_York or UTC",
                    s.chars().take(64).collect::<String>()
                ),
            ))
        }
    }

    /// Wraps a name read back from storage.
    pub fn from_stored(s: String) -> TimeZoneName {
        TimeZoneName(s)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The zone, or UTC if the database no longer knows it (zones are renamed rarely, and
    /// keep aliases when they are).
    pub fn zone(&self) -> TimeZone {
        TimeZone::get(&self.0).unwrap_or(TimeZone::UTC)
    }
}

/// One working window: a weekday, from `start` to `end` local time (minutes after midnight;
/// `end` may be 1440, the end of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkWindow {
    /// The day.
    pub day: Weekday,
    /// Minutes after midnight, 0 to 1439.
    pub start: u16,
    /// Minutes after midnight, after `start`, up to 1440.
    pub end: u16,
}

/// A week of working windows, in the person's time zone. Empty means not set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkingHours(Vec<WorkWindow>);

/// The most windows accepted (four a day).
pub const MAX_WINDOWS: usize = 28;

/// Weekday names as sent and shown.
pub fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "monday",
        Weekday::Tuesday => "tuesday",
        Weekday::Wednesday => "wednesday",
        Weekday::Thursday => "thursday",
        Weekday::Friday => "friday",
        Weekday::Saturday => "saturday",
        Weekday::Sunday => "sunday",
    }
}

fn parse_weekday(field: &str, raw: &str) -> Result<Weekday, DomainError> {
    let s = raw.trim().to_lowercase();
    [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ]
    .into_iter()
    .find(|d| weekday_name(*d) == s)
    .ok_or_else(|| {
        DomainError::invalid(
            field,
            "is not a weekday; use monday, tuesday, wednesday, thursday, friday, saturday or sunday",
        )
    })
}

/// Parses `HH:MM` (24-hour) into minutes after midnight; `24:00` only when `allow_end_of_day`.
fn parse_hhmm(field: &str, raw: &str, allow_end_of_day: bool) -> Result<u16, DomainError> {
    let parsed = raw.trim().split_once(':').and_then(|(h, m)| {
        let ok = h.len() == 2 && m.len() == 2;
        let (h, m) = (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?);
        (ok && m < 60 && (h < 24 || (allow_end_of_day && h == 24 && m == 0))).then_some(h * 60 + m)
    });
    parsed.ok_or_else(|| {
        let range = if allow_end_of_day {
            "00:00 to 24:00"
        } else {
            "00:00 to 23:59"
        };
        DomainError::invalid(field, format!("is not a time; use HH:MM, {range}"))
    })
}

/// Formats minutes after midnight as `HH:MM`.
pub fn format_hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl WorkingHours {
    /// Checks windows given as (day, start, end) strings, reporting every problem under
    /// `working_hours[i].field`. Windows must not overlap on a day; to work across midnight,
    /// use two windows (`22:00`-`24:00` and `00:00`-`06:00` the next day).
    pub fn parse(raw: &[(String, String, String)]) -> Result<WorkingHours, Vec<DomainError>> {
        let mut errors = Vec::new();
        if raw.len() > MAX_WINDOWS {
            errors.push(DomainError::invalid(
                "working_hours",
                format!(
                    "has {} windows; at most {MAX_WINDOWS} are accepted",
                    raw.len()
                ),
            ));
        }
        let mut windows: Vec<WorkWindow> = Vec::new();
        for (i, (day, start, end)) in raw.iter().enumerate() {
            let path = |f: &str| format!("working_hours[{i}].{f}");
            let day = parse_weekday(&path("day"), day)
                .map_err(|e| errors.push(e))
                .ok();
            let start = parse_hhmm(&path("start"), start, false)
                .map_err(|e| errors.push(e))
                .ok();
            let end = parse_hhmm(&path("end"), end, true)
                .map_err(|e| errors.push(e))
                .ok();
            let (Some(day), Some(start), Some(end)) = (day, start, end) else {
                continue;
            };
            if end <= start {
                errors.push(DomainError::invalid(
                    path("end"),
                    "must be after start; to work across midnight, add a window on the next day from 00:00",
                ));
                continue;
            }
            let w = WorkWindow { day, start, end };
            if let Some(j) = windows
                .iter()
                .position(|o| o.day == day && o.start < end && start < o.end)
            {
                errors.push(DomainError::invalid(
                    format!("working_hours[{i}]"),
                    format!(
                        "overlaps another window on {}",
                        weekday_name(windows[j].day)
                    ),
                ));
                continue;
            }
            windows.push(w);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        windows.sort_by_key(|w| (w.day.to_monday_zero_offset(), w.start));
        Ok(WorkingHours(windows))
    }

    /// Wraps windows read back from storage (checked when they were saved).
    pub fn from_stored(windows: Vec<WorkWindow>) -> WorkingHours {
        WorkingHours(windows)
    }

    /// The windows, Monday first, by start.
    pub fn windows(&self) -> &[WorkWindow] {
        &self.0
    }

    /// Whether `at` falls inside working hours in `zone`. With no windows set, never.
    pub fn is_working(&self, zone: &TimeZone, at: Timestamp) -> bool {
        let local = at.to_zoned(zone.clone());
        let minute = u16::from(local.hour() as u8) * 60 + u16::from(local.minute() as u8);
        self.0
            .iter()
            .any(|w| w.day == local.weekday() && w.start <= minute && minute < w.end)
    }

    /// The first moment at or after `at` inside working hours in `zone`: `at` itself while
    /// working, else the start of the next window. `None` with no windows set. A window that
    /// starts in a daylight-saving gap starts at the first valid local time after it.
    pub fn next_working(&self, zone: &TimeZone, at: Timestamp) -> Option<Timestamp> {
        if self.0.is_empty() {
            return None;
        }
        if self.is_working(zone, at) {
            return Some(at);
        }
        let today = at.to_zoned(zone.clone()).date();
        // Eight days: every weekday once more, even one whose window today already ended.
        (0..8)
            .filter_map(|n| today.checked_add(jiff::Span::new().days(n)).ok())
            .flat_map(|day| {
                self.0
                    .iter()
                    .filter(move |w| w.day == day.weekday())
                    .filter_map(move |w| {
                        let start = day.at((w.start / 60) as i8, (w.start % 60) as i8, 0, 0);
                        zone.to_ambiguous_zoned(start)
                            .later()
                            .ok()
                            .map(|z| z.timestamp())
                    })
            })
            .filter(|t| *t > at)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(day: &str, start: &str, end: &str) -> (String, String, String) {
        (day.into(), start.into(), end.into())
    }

    #[test]
    fn known_zones_only() {
        assert_eq!(
            TimeZoneName::parse("time_zone", " Europe/Paris ")
                .unwrap()
                .as_str(),
            "Europe/Paris"
        );
        assert!(TimeZoneName::parse("time_zone", "UTC").is_ok());
        for bad in [
            "",
            "Mars/Olympus_Mons",
            "Europe/Pariss",
            "CET",
            "+02:00",
            "../../etc/passwd",
        ] {
            let err = TimeZoneName::parse("time_zone", bad).unwrap_err();
            assert!(
                err.to_string().starts_with("time_zone: unknown time zone"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn weekday_nine_to_five_in_paris() {
        let hours = WorkingHours::parse(&[
            window("friday", "09:00", "17:00"),
            window("Monday", "09:00", "12:00"),
            window("monday", "13:00", "24:00"),
        ])
        .unwrap();
        assert_eq!(hours.windows()[0].day, Weekday::Monday);
        let paris = TimeZone::get("Europe/Paris").unwrap();
        // 2024-03-01 is a Friday; 08:30 UTC is 09:30 in Paris (CET).
        let at: Timestamp = "2024-03-01T08:30:00Z".parse().unwrap();
        assert!(hours.is_working(&paris, at));
        let evening: Timestamp = "2024-03-01T16:30:00Z".parse().unwrap();
        assert!(!hours.is_working(&paris, evening));
        // Monday 23:30 in Paris is inside the window that ends at 24:00.
        let late: Timestamp = "2024-03-04T22:30:00Z".parse().unwrap();
        assert!(hours.is_working(&paris, late));
        assert!(!WorkingHours::default().is_working(&paris, at));
    }

    #[test]
    fn off_hours_wait_for_the_next_window_start() {
        let hours = WorkingHours::parse(&[
            window("monday", "09:00", "17:00"),
            window("friday", "09:00", "17:00"),
        ])
        .unwrap();
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        // Friday 2024-03-01 10:00 Paris is working: at once.
        let working = t("2024-03-01T09:00:00Z");
        assert_eq!(hours.next_working(&paris, working), Some(working));
        // Friday 18:00 Paris waits for Monday 09:00 Paris (08:00 UTC in winter).
        assert_eq!(
            hours.next_working(&paris, t("2024-03-01T17:00:00Z")),
            Some(t("2024-03-04T08:00:00Z"))
        );
        // Friday 07:00 Paris waits for the same day's 09:00.
        assert_eq!(
            hours.next_working(&paris, t("2024-03-01T06:00:00Z")),
            Some(t("2024-03-01T08:00:00Z"))
        );
        // Across the spring change (2024-03-31), Monday 09:00 is 07:00 UTC.
        assert_eq!(
            hours.next_working(&paris, t("2024-03-29T17:00:00Z")),
            Some(t("2024-04-01T07:00:00Z"))
        );
        // Monday 18:00 waits for Friday.
        assert_eq!(
            hours.next_working(&paris, t("2024-03-04T17:00:00Z")),
            Some(t("2024-03-08T08:00:00Z"))
        );
        assert_eq!(WorkingHours::default().next_working(&paris, working), None);
    }

    #[test]
    fn only_one_weekly_window_comes_back_a_week_later() {
        let hours = WorkingHours::parse(&[window("monday", "09:00", "10:00")]).unwrap();
        let utc = TimeZone::UTC;
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        // Monday 2024-03-04 11:00: next Monday.
        assert_eq!(
            hours.next_working(&utc, t("2024-03-04T11:00:00Z")),
            Some(t("2024-03-11T09:00:00Z"))
        );
    }

    #[test]
    fn bad_windows_are_each_named() {
        let errors = WorkingHours::parse(&[
            window("funday", "9:00", "25:00"),
            window("monday", "17:00", "09:00"),
            window("monday", "09:00", "12:00"),
            window("monday", "11:00", "13:00"),
        ])
        .unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(text[0].starts_with("working_hours[0].day"), "{text:?}");
        assert!(text[1].starts_with("working_hours[0].start"), "{text:?}");
        assert!(text[2].starts_with("working_hours[0].end"), "{text:?}");
        assert!(
            text[3].starts_with("working_hours[1].end: must be after start"),
            "{text:?}"
        );
        assert!(
            text[4].starts_with("working_hours[3]: overlaps"),
            "{text:?}"
        );
        assert_eq!(text.len(), 5);
    }

    #[test]
    fn times_round_trip() {
        for m in [0u16, 59, 60, 1439] {
            assert_eq!(parse_hhmm("t", &format_hhmm(m), false).unwrap(), m);
        }
        assert_eq!(parse_hhmm("t", "24:00", true).unwrap(), 1440);
        assert!(parse_hhmm("t", "24:00", false).is_err());
        assert!(parse_hhmm("t", "24:01", true).is_err());
    }
}
