//! Schedules' wire types, and the shared steps that build them (names looked up once per
//! response, times given in UTC and in the schedule's zone).

use crate::dto::UserRef;
use crate::error::ApiError;
use goldseam_core::schedule::{LayerSpec, Shift, ShiftSource};
use goldseam_core::UserId;
use goldseam_store::schedules::{StoredOverride, StoredSchedule};
use goldseam_store::Store;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// A schedule as written: the body of POST and PUT (PUT replaces it whole; overrides stay).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    /// Unique, one line, up to 100 characters.
    pub name: String,
    /// Up to 2,000 characters.
    pub description: Option<String>,
    /// IANA time zone handoffs and restrictions are read in, such as America/New_York.
    pub time_zone: String,
    /// Bottom to top: where a later layer has someone, they are on call.
    pub layers: Vec<LayerSpec>,
}

/// A schedule's settings and its overrides that have not ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleDto {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Description; may be empty.
    pub description: String,
    /// IANA time zone.
    pub time_zone: String,
    /// Layers, bottom to top, in their written form.
    pub layers: Vec<LayerSpec>,
    /// Overrides that have not ended, in time order.
    pub overrides: Vec<OverrideDto>,
    /// Created at.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Last changed at.
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

/// A schedule in a list, with who is on call now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleSummary {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// IANA time zone.
    pub time_zone: String,
    /// The shift on call now, whole (its end is "until when"); null when nobody is.
    pub on_call: Option<ShiftDto>,
}

/// A page of schedules.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleList {
    /// In id order.
    pub items: Vec<ScheduleSummary>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// Someone on call instead of the rotation: the body of POST .../overrides.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideRequest {
    /// RFC 3339 with an offset.
    pub start: String,
    /// RFC 3339 with an offset; after `start`, at most 366 days later.
    pub end: String,
    /// Who is on call instead; yourself when absent. Only admins may name someone else.
    #[schema(value_type = Option<i64>)]
    pub user_id: Option<UserId>,
}

/// An override.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverrideDto {
    /// Id, for deleting.
    pub id: i64,
    /// From.
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// Until (exclusive).
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    /// `start` in the schedule's time zone, RFC 3339 with that zone's offset.
    pub start_local: String,
    /// `end` in the schedule's time zone.
    pub end_local: String,
    /// Who is on call instead.
    pub user: UserRef,
    /// Who added it.
    #[schema(value_type = i64)]
    pub created_by: UserId,
}

/// Someone on call from `start` until `end`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShiftDto {
    /// From (UTC).
    #[schema(value_type = String, format = DateTime)]
    pub start: Timestamp,
    /// Until, exclusive (UTC).
    #[schema(value_type = String, format = DateTime)]
    pub end: Timestamp,
    /// `start` in the schedule's time zone, RFC 3339 with that zone's offset, for display.
    pub start_local: String,
    /// `end` in the schedule's time zone.
    pub end_local: String,
    /// Who.
    pub user: UserRef,
    /// `layer` or `override`.
    pub source: String,
    /// The layer's name, for shifts from a layer.
    pub layer: Option<String>,
}

/// A schedule's final shifts over a range.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftList {
    /// The schedule's id.
    pub schedule_id: i64,
    /// Its name.
    pub schedule_name: String,
    /// Its time zone.
    pub time_zone: String,
    /// The range asked for.
    #[schema(value_type = String, format = DateTime)]
    pub from: Timestamp,
    /// Its end (exclusive).
    #[schema(value_type = String, format = DateTime)]
    pub to: Timestamp,
    /// Shifts in time order, cut to the range; gaps mean nobody is on call.
    pub shifts: Vec<ShiftDto>,
}

/// Who is on call at an instant.
#[derive(Debug, Serialize, ToSchema)]
pub struct OnCallDto {
    /// The schedule's id.
    pub schedule_id: i64,
    /// Its name.
    pub schedule_name: String,
    /// Its time zone.
    pub time_zone: String,
    /// The instant asked about.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// The whole shift covering it; null when nobody is on call.
    pub shift: Option<ShiftDto>,
}

/// One of your shifts.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyShiftDto {
    /// The schedule's id.
    pub schedule_id: i64,
    /// Its name.
    pub schedule_name: String,
    /// Its time zone.
    pub time_zone: String,
    /// The shift, whole.
    #[serde(flatten)]
    pub shift: ShiftDto,
}

/// Your shifts from now on, across every schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyOnCall {
    /// From.
    #[schema(value_type = String, format = DateTime)]
    pub from: Timestamp,
    /// Until.
    #[schema(value_type = String, format = DateTime)]
    pub to: Timestamp,
    /// In time order; the first may have started already.
    pub shifts: Vec<MyShiftDto>,
}

/// `t` in `tz` as RFC 3339 with the zone's offset: `2026-03-08T09:00:00-04:00`.
pub fn local(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Names for the users a response mentions, looked up in one query.
pub struct Names(HashMap<UserId, UserRef>);

impl Names {
    /// Looks up `ids`.
    pub async fn load(
        store: &Store,
        ids: impl IntoIterator<Item = UserId>,
    ) -> Result<Names, ApiError> {
        let mut ids: Vec<UserId> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let users = store.users_by_ids(&ids).await?;
        Ok(Names(
            users
                .into_iter()
                .map(|u| {
                    (
                        u.id,
                        UserRef {
                            id: u.id,
                            name: u.name,
                            email: u.email,
                        },
                    )
                })
                .collect(),
        ))
    }

    /// A user's reference; an id without a user shows as `user N`.
    pub fn get(&self, id: UserId) -> UserRef {
        self.0.get(&id).cloned().unwrap_or(UserRef {
            id,
            name: format!("user {id}"),
            email: String::new(),
        })
    }

    /// A shift's wire form.
    pub fn shift(&self, s: &Shift, schedule: &StoredSchedule, tz: &TimeZone) -> ShiftDto {
        let (source, layer) = match s.source {
            ShiftSource::Layer(i) => ("layer", schedule.layers.get(i).map(|l| l.name.clone())),
            ShiftSource::Override => ("override", None),
        };
        ShiftDto {
            start: s.start,
            end: s.end,
            start_local: local(s.start, tz),
            end_local: local(s.end, tz),
            user: self.get(s.user),
            source: source.into(),
            layer,
        }
    }

    /// An override's wire form.
    pub fn override_dto(&self, o: &StoredOverride, tz: &TimeZone) -> OverrideDto {
        OverrideDto {
            id: o.id.get(),
            start: o.start,
            end: o.end,
            start_local: local(o.start, tz),
            end_local: local(o.end, tz),
            user: self.get(o.user_id),
            created_by: o.created_by,
        }
    }
}
