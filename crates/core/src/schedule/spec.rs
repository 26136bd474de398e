//! Schedules as people write them (API bodies, and the JSON the store keeps): plain strings and
//! numbers, parsed into [`Layer`]s with every problem reported at once under its field path.
//!
//! One shape serves the API and storage so that what an admin saved is what they read back,
//! byte for byte, and the stored form never drifts from the documented one.

pub use super::parse::{parse_instant, parse_time_zone};
use super::parse::{parse_local, parse_time, parse_weekday};
use super::{Layer, Restriction, Schedule, ShiftLength, WeekTime};
use crate::text::{PersonName, Reason};
use crate::{DomainError, UserId};
use jiff::civil::{DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The most layers a schedule may have.
pub const MAX_LAYERS: usize = 20;
/// The most people one layer may rotate.
pub const MAX_PARTICIPANTS: usize = 200;
/// The most restriction windows one layer may have.
pub const MAX_RESTRICTIONS: usize = 30;

/// The unit of a shift length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ShiftUnit {
    /// Elapsed hours.
    Hours,
    /// Calendar days, handing off at the same wall-clock time.
    Days,
    /// Calendar weeks, handing off at the same wall-clock time.
    Weeks,
}

/// How long each turn lasts: `{"unit": "weeks", "count": 1}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftSpec {
    /// hours, days or weeks.
    pub unit: ShiftUnit,
    /// 1 to 8,760 hours, 1 to 365 days or 1 to 52 weeks.
    pub count: u32,
}

impl ShiftSpec {
    /// The domain length.
    pub fn length(self) -> ShiftLength {
        match self.unit {
            ShiftUnit::Hours => ShiftLength::Hours(self.count),
            ShiftUnit::Days => ShiftLength::Days(self.count),
            ShiftUnit::Weeks => ShiftLength::Weeks(self.count),
        }
    }
}

/// When a layer covers anyone, in the schedule's wall-clock time. A window whose end is not
/// after its start runs past midnight (daily) or into the next week (weekly).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RestrictionSpec {
    /// Every day: `{"kind": "daily", "start": "09:00", "end": "17:00"}`.
    Daily {
        /// HH:MM.
        start: String,
        /// HH:MM.
        end: String,
    },
    /// Once a week: `{"kind": "weekly", "start_day": "monday", "start": "09:00",
    /// "end_day": "friday", "end": "17:00"}`.
    Weekly {
        /// monday to sunday.
        start_day: String,
        /// HH:MM.
        start: String,
        /// monday to sunday.
        end_day: String,
        /// HH:MM.
        end: String,
    },
}

/// One rotation as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    /// A name people recognise, such as "Primary".
    pub name: String,
    /// The first handoff as a local date and time in the schedule's zone, without an offset:
    /// `2026-03-02T09:00`.
    pub start: String,
    /// When the layer stops, as RFC 3339 with an offset; absent for never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// The length of each turn.
    pub shift: ShiftSpec,
    /// User ids, in the order they take turns.
    pub participants: Vec<UserId>,
    /// When the layer covers anyone; empty means always.
    #[serde(default)]
    pub restrictions: Vec<RestrictionSpec>,
}

impl RestrictionSpec {
    fn parse(&self, at: &str, errors: &mut Vec<DomainError>) -> Option<Restriction> {
        fn keep<T>(errors: &mut Vec<DomainError>, r: Result<T, DomainError>) -> Option<T> {
            r.map_err(|e| errors.push(e)).ok()
        }
        match self {
            RestrictionSpec::Daily { start, end } => {
                let start = keep(errors, parse_time(&format!("{at}.start"), start));
                let end = keep(errors, parse_time(&format!("{at}.end"), end));
                Some(Restriction::Daily {
                    start: start?,
                    end: end?,
                })
            }
            RestrictionSpec::Weekly {
                start_day,
                start,
                end_day,
                end,
            } => {
                let sd = keep(errors, parse_weekday(&format!("{at}.start_day"), start_day));
                let st = keep(errors, parse_time(&format!("{at}.start"), start));
                let ed = keep(errors, parse_weekday(&format!("{at}.end_day"), end_day));
                let et = keep(errors, parse_time(&format!("{at}.end"), end));
                Some(Restriction::Weekly {
                    start: WeekTime {
                        day: sd?,
                        time: st?,
                    },
                    end: WeekTime {
                        day: ed?,
                        time: et?,
                    },
                })
            }
        }
    }

    /// The written form of a restriction (the inverse of parsing, normalised).
    pub fn from_restriction(r: &Restriction) -> RestrictionSpec {
        let hm = |t: Time| t.strftime("%H:%M").to_string();
        let day = |d: Weekday| {
            match d {
                Weekday::Monday => "monday",
                Weekday::Tuesday => "tuesday",
                Weekday::Wednesday => "wednesday",
                Weekday::Thursday => "thursday",
                Weekday::Friday => "friday",
                Weekday::Saturday => "saturday",
                Weekday::Sunday => "sunday",
            }
            .to_string()
        };
        match *r {
            Restriction::Daily { start, end } => RestrictionSpec::Daily {
                start: hm(start),
                end: hm(end),
            },
            Restriction::Weekly { start, end } => RestrictionSpec::Weekly {
                start_day: day(start.day),
                start: hm(start.time),
                end_day: day(end.day),
                end: hm(end.time),
            },
        }
    }
}

/// A schedule's settings, parsed: what the store saves.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleDefinition {
    /// Unique, one line, up to 100 characters.
    pub name: String,
    /// Free text, up to 2,000 characters; may be empty.
    pub description: String,
    /// The IANA name, as given (trimmed).
    pub time_zone_name: String,
    /// The zone itself.
    pub time_zone: TimeZone,
    /// The layers in their normalised written form, bottom to top.
    pub layer_specs: Vec<LayerSpec>,
    /// The same layers, parsed.
    pub layers: Vec<Layer>,
}

impl ScheduleDefinition {
    /// Parses a schedule as written, reporting every bad field at once (`time_zone`,
    /// `layers[1].shift`, `layers[0].restrictions[2].start` ...). Whether participants exist
    /// is the store's to check.
    pub fn parse(
        name: &str,
        description: Option<&str>,
        time_zone: &str,
        layers: &[LayerSpec],
    ) -> Result<ScheduleDefinition, Vec<DomainError>> {
        let mut errors = Vec::new();
        let name = PersonName::parse("name", name)
            .map_err(|e| errors.push(e))
            .ok();
        let description = match description.map(str::trim).filter(|d| !d.is_empty()) {
            None => Some(String::new()),
            Some(d) => Reason::parse("description", d)
                .map(Reason::into_string)
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let zone = parse_time_zone("time_zone", time_zone)
            .map_err(|e| errors.push(e))
            .ok();
        if layers.is_empty() {
            errors.push(DomainError::invalid(
                "layers",
                "needs at least one layer of people taking turns",
            ));
        }
        if layers.len() > MAX_LAYERS {
            errors.push(DomainError::invalid(
                "layers",
                format!(
                    "has {} layers; at most {MAX_LAYERS} are accepted",
                    layers.len()
                ),
            ));
        }
        // Fields that fail to parse get a stand-in so the layer keeps its index for the
        // domain checks below; their errors are already recorded.
        let mut parsed = Vec::new();
        let mut reported: Vec<String> = Vec::new();
        for (i, spec) in layers.iter().enumerate() {
            let at = format!("layers[{i}]");
            let before = errors.len();
            let start = parse_local(&format!("{at}.start"), &spec.start)
                .map_err(|e| errors.push(e))
                .ok();
            let end = spec.end.as_deref().and_then(|e| {
                parse_instant(&format!("{at}.end"), e)
                    .map_err(|e| errors.push(e))
                    .ok()
            });
            if spec.participants.len() > MAX_PARTICIPANTS {
                errors.push(DomainError::invalid(
                    format!("{at}.participants"),
                    format!("at most {MAX_PARTICIPANTS} people per layer"),
                ));
            }
            for (j, id) in spec.participants.iter().enumerate() {
                if id.get() <= 0 {
                    errors.push(DomainError::invalid(
                        format!("{at}.participants[{j}]"),
                        "must be a user id (a positive whole number)",
                    ));
                }
            }
            if spec.restrictions.len() > MAX_RESTRICTIONS {
                errors.push(DomainError::invalid(
                    format!("{at}.restrictions"),
                    format!("at most {MAX_RESTRICTIONS} windows per layer"),
                ));
            }
            let restrictions: Vec<Restriction> = spec
                .restrictions
                .iter()
                .enumerate()
                .filter_map(|(j, r)| r.parse(&format!("{at}.restrictions[{j}]"), &mut errors))
                .collect();
            if restrictions.len() < spec.restrictions.len() {
                // The parsed ones no longer sit at their written indices.
                reported.push(format!("{at}.restrictions"));
            }
            reported.extend(errors[before..].iter().filter_map(field_of));
            parsed.push(Layer {
                name: spec.name.trim().to_string(),
                start: start.unwrap_or(DateTime::MIN),
                end: end.filter(|_| start.is_some()),
                shift: spec.shift.length(),
                people: spec.participants.clone(),
                restrictions,
            });
        }
        if zone.is_none() {
            // The domain checks below still run (in UTC) so every field is named at once;
            // only "end after start" depends on the zone, and waits for a valid one.
            reported.extend((0..parsed.len()).map(|i| format!("layers[{i}].end")));
        }
        {
            let schedule = Schedule {
                time_zone: zone.clone().unwrap_or(TimeZone::UTC),
                layers: parsed.clone(),
                overrides: Vec::new(),
            };
            if let Err(found) = schedule.validate() {
                // A field already refused for its form is not refused again for its meaning.
                for e in found {
                    let DomainError::Invalid { field, message } = e else {
                        errors.push(e);
                        continue;
                    };
                    // The domain calls them people; the written form, participants.
                    let field = field.replace(".people", ".participants");
                    let seen = reported
                        .iter()
                        .any(|r| r.starts_with(&field) || field.starts_with(r.as_str()));
                    if !seen {
                        errors.push(DomainError::Invalid { field, message });
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ScheduleDefinition {
            name: name.expect("no errors").into_string(),
            description: description.expect("no errors"),
            time_zone_name: time_zone.trim().to_string(),
            time_zone: zone.expect("no errors"),
            layer_specs: parsed.iter().map(LayerSpec::from_layer).collect(),
            layers: parsed,
        })
    }

    /// The schedule these settings describe, with the given overrides on top.
    pub fn schedule(&self, overrides: Vec<super::Override>) -> Schedule {
        Schedule {
            time_zone: self.time_zone.clone(),
            layers: self.layers.clone(),
            overrides,
        }
    }
}

fn field_of(e: &DomainError) -> Option<String> {
    match e {
        DomainError::Invalid { field, .. } => Some(field.clone()),
        _ => None,
    }
}

impl LayerSpec {
    /// The written form of a layer, normalised (`09:00`, UTC end, trimmed name).
    pub fn from_layer(l: &Layer) -> LayerSpec {
        let (unit, count) = match l.shift {
            ShiftLength::Hours(n) => (ShiftUnit::Hours, n),
            ShiftLength::Days(n) => (ShiftUnit::Days, n),
            ShiftLength::Weeks(n) => (ShiftUnit::Weeks, n),
        };
        LayerSpec {
            name: l.name.clone(),
            start: l.start.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            end: l.end.map(|e| e.to_string()),
            shift: ShiftSpec { unit, count },
            participants: l.people.clone(),
            restrictions: l
                .restrictions
                .iter()
                .map(RestrictionSpec::from_restriction)
                .collect(),
        }
    }
}
