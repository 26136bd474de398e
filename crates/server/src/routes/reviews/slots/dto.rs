//! A team's review slots on the wire.

use goldseam_core::review::slots::{SlotInput, SlotRule};
use goldseam_core::DomainError;
use goldseam_store::reviews::slots::{AgendaInstance, ReviewSlot};
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A team's standing review meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewSlotDto {
    /// Its id.
    pub id: i64,
    /// The team whose meeting it is; its members are invited.
    pub team_id: i64,
    /// Like "Payments review"; the calendar event's title.
    pub name: String,
    /// The IANA zone its time is kept in; 10:00 stays 10:00 there across DST changes.
    pub zone: String,
    /// The local start, `HH:MM`.
    pub start_time: String,
    /// 15 to 240 minutes.
    pub duration_minutes: u32,
    /// The RRULE value, parts in a fixed order, like `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO`.
    pub rrule: String,
    /// The date of the series' first meeting (DTSTART), in the slot's zone.
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    /// The rule in words, like "every 2 weeks on Monday, 10:00–11:00 (Europe/Berlin)".
    pub schedule: String,
    /// Who made it (invitations name them as the organizer).
    pub organizer_id: i64,
    /// The invitations' UID, the same for the slot's life.
    pub uid: String,
    /// The invitations' SEQUENCE, raised by every change and by each date cancelled.
    pub sequence: i64,
    /// Made at.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Last changed at (dates cancelled included).
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl From<&ReviewSlot> for ReviewSlotDto {
    fn from(s: &ReviewSlot) -> Self {
        ReviewSlotDto {
            id: s.id.get(),
            team_id: s.team_id.get(),
            name: s.rule.name().to_string(),
            zone: s.rule.zone_name().to_string(),
            start_time: s.rule.start_time_text(),
            duration_minutes: s.rule.duration_minutes(),
            rrule: s.rule.rrule_text(),
            starts_on: s.starts_on,
            schedule: s.rule.describe(),
            organizer_id: s.organizer_id.get(),
            uid: s.uid.clone(),
            sequence: s.sequence,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// A team's slots.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewSlotList {
    /// Oldest first.
    pub items: Vec<ReviewSlotDto>,
}

/// A new slot.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReviewSlotRequest {
    /// Up to 100 characters, like "Payments review".
    pub name: String,
    /// An IANA zone, like `Europe/Berlin`.
    pub zone: String,
    /// The local start, `HH:MM` (24-hour).
    pub start_time: String,
    /// 15 to 240, a multiple of 15.
    pub duration_minutes: i64,
    /// A weekly rule on named days: `FREQ=WEEKLY;BYDAY=MO`, or every N weeks
    /// `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO` (no COUNT or UNTIL: a slot runs until deleted).
    pub rrule: String,
    /// `YYYY-MM-DD`: the first meeting is the first day the rule names on or after it, and
    /// must be at least 24 hours away (it picks the weeks of an every-N-weeks slot). Default:
    /// the first such day at least 24 hours away.
    pub starts_on: Option<String>,
}

/// Changes to a slot; absent fields stay as they are. A change of zone, time, rule or
/// `starts_on` moves the series (it starts again at least 24 hours from now, and postmortems
/// waiting move with it); any change sends the series again with SEQUENCE + 1.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateReviewSlotRequest {
    /// Up to 100 characters.
    pub name: Option<String>,
    /// An IANA zone.
    pub zone: Option<String>,
    /// `HH:MM` (24-hour).
    pub start_time: Option<String>,
    /// 15 to 240, a multiple of 15.
    pub duration_minutes: Option<i64>,
    /// A weekly or every-N-weeks rule on named days.
    pub rrule: Option<String>,
    /// `YYYY-MM-DD`: start the series again from the first day the rule names on or after it.
    pub starts_on: Option<String>,
}

/// One postmortem on an agenda.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaPostmortemDto {
    /// `INC-42`.
    pub reference: String,
    /// The incident's title.
    pub title: String,
    /// When it was published (it joined the first meeting at least 24 hours later).
    #[schema(value_type = String, format = DateTime)]
    pub published_at: Timestamp,
}

/// One coming meeting of the slot.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaInstanceDto {
    /// When it starts (its RECURRENCE-ID).
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// When it ends.
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    /// The start on the slot's wall clock, like `2026-12-07T10:00:00+01:00[Europe/Berlin]`.
    pub local_start: String,
    /// `scheduled` (its agenda still open), `agenda_sent`, or `cancelled` (nothing to review).
    pub state: String,
    /// The postmortems you may open, by publication.
    pub postmortems: Vec<AgendaPostmortemDto>,
    /// How many more are on it, of private incidents you cannot see.
    pub hidden: usize,
}

/// The slot and its next meetings with their agendas.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewSlotAgendaDto {
    /// The slot.
    pub slot: ReviewSlotDto,
    /// Its next meetings not over yet, soonest first.
    pub instances: Vec<AgendaInstanceDto>,
}

impl ReviewSlotAgendaDto {
    pub(super) fn of(slot: &ReviewSlot, instances: Vec<AgendaInstance>) -> Self {
        let zone = slot.rule.zone();
        ReviewSlotAgendaDto {
            slot: ReviewSlotDto::from(slot),
            instances: instances
                .into_iter()
                .map(|i| AgendaInstanceDto {
                    start: i.start,
                    end: i.end,
                    local_start: i.start.to_zoned(zone.clone()).to_string(),
                    state: i.state,
                    postmortems: i
                        .postmortems
                        .into_iter()
                        .map(|p| AgendaPostmortemDto {
                            reference: p.reference,
                            title: p.title,
                            published_at: p.published_at,
                        })
                        .collect(),
                    hidden: i.hidden,
                })
                .collect(),
        }
    }
}

/// Checks every field at once: the slot's rule, and `starts_on` when given.
pub(super) fn parse(
    input: &SlotInput<'_>,
    starts_on: Option<&str>,
) -> Result<(SlotRule, Option<Date>), Vec<DomainError>> {
    let mut errors = Vec::new();
    let rule = SlotRule::parse(input).map_err(|e| errors.extend(e)).ok();
    let starts_on = match starts_on.map(str::trim) {
        None => None,
        Some(raw) => {
            let date = (raw.len() == 10)
                .then(|| raw.parse::<Date>().ok())
                .flatten();
            if date.is_none() {
                errors.push(DomainError::invalid(
                    "starts_on",
                    format!(
                        "{:?} is not a date like 2026-12-07 (YYYY-MM-DD)",
                        raw.chars().take(20).collect::<String>()
                    ),
                ));
            }
            date
        }
    };
    match rule {
        Some(rule) if errors.is_empty() => Ok((rule, starts_on)),
        _ => Err(errors),
    }
}
