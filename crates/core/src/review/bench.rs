//! A realistic large request for the benchmark (and a test): 20 attendees in seven zones over
//! 10 business days spanning the 2026 US daylight-saving change, with busy calendars.

use super::window::review_window;
use super::{Attendance, Attendee, BusyKind, BusyPeriod, Calendar, CoreHours, PickRequest};
use crate::people::profile::{TimeZoneName, WorkingHours};
use crate::UserId;
use jiff::civil::{date, Weekday};
use jiff::Timestamp;

/// (name, zone, required)
const PEOPLE: [(&str, &str, bool); 20] = [
    ("Anna", "Europe/Berlin", true),
    ("Bruno", "Europe/Berlin", true),
    ("Chloe", "Europe/London", true),
    ("Dev", "Asia/Kolkata", false),
    ("Emma", "America/New_York", true),
    ("Farid", "Europe/Berlin", true),
    ("Grace", "America/New_York", true),
    ("Hiro", "Asia/Tokyo", false),
    ("Ines", "Europe/Lisbon", true),
    ("Jon", "Europe/London", true),
    ("Kiri", "Australia/Sydney", false),
    ("Lena", "Europe/Berlin", false),
    ("Marc", "America/Toronto", false),
    ("Nina", "Europe/Berlin", false),
    ("Omar", "America/New_York", false),
    ("Priya", "Asia/Kolkata", false),
    ("Quinn", "Europe/London", false),
    ("Rosa", "America/Sao_Paulo", false),
    ("Sam", "Europe/Berlin", false),
    ("Tess", "America/New_York", false),
];

/// A deterministic pseudo-random sequence (a linear congruential generator): the benchmark
/// measures the same work on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The benchmark's request: 20 attendees (8 required) in Berlin, London, Lisbon, New York,
/// Toronto, São Paulo, Kolkata, Tokyo and Sydney, each with one to three meetings a working day
/// (one in seven tentative), one calendar unknown; a 60-minute review within 10 business days
/// of Monday 2026-03-02 in Berlin, across the US change on 2026-03-08.
pub fn bench_request() -> PickRequest {
    let zone = jiff::tz::TimeZone::get("Europe/Berlin").expect("bundled zone");
    let ready: Timestamp = "2026-03-02T09:00:00Z".parse().expect("valid instant");
    let window = review_window(ready, &zone, 1, 10).expect("a window with business days");
    let mut rng = Lcg(15);
    let attendees = PEOPLE
        .iter()
        .enumerate()
        .map(|(n, &(name, tz, required))| {
            let calendar = if name == "Jon" {
                Calendar::Unknown {
                    reason: "calendar did not answer within 10 s".to_string(),
                }
            } else {
                Calendar::Known(meetings(&mut rng, tz))
            };
            Attendee {
                user_id: UserId::from_db(n as i64 + 1),
                name: name.to_string(),
                attendance: if required {
                    Attendance::Required
                } else {
                    Attendance::Optional
                },
                zone: Some(TimeZoneName::from_stored(tz.to_string())),
                hours: WorkingHours::default(),
                calendar,
                ledger_minutes: rng.below(120) as u32,
            }
        })
        .collect();
    PickRequest {
        attendees,
        window,
        duration_minutes: 60,
        zone,
        core_hours: CoreHours::default(),
    }
}

/// One to three meetings on each weekday of 2026-03-02 to 2026-03-20 in `tz`, starting on the
/// half hour between 08:00 and 17:30 local, 30 to 90 minutes long.
fn meetings(rng: &mut Lcg, tz: &str) -> Vec<BusyPeriod> {
    let zone = jiff::tz::TimeZone::get(tz).expect("bundled zone");
    let mut out = Vec::new();
    let mut day = date(2026, 3, 2);
    while day <= date(2026, 3, 20) {
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            for _ in 0..1 + rng.below(3) {
                let half_hours = 16 + rng.below(20) as i8;
                let at = day.at(half_hours / 2, (half_hours % 2) * 30, 0, 0);
                let Ok(start) = at.to_zoned(zone.clone()) else {
                    continue;
                };
                let minutes = 30 * (1 + rng.below(3) as i64);
                let kind = if rng.below(7) == 0 {
                    BusyKind::Tentative
                } else {
                    BusyKind::Busy
                };
                out.push(BusyPeriod {
                    start: start.timestamp(),
                    end: start.timestamp() + jiff::SignedDuration::from_mins(minutes),
                    kind,
                });
            }
        }
        day = day.tomorrow().expect("in range");
    }
    out
}
