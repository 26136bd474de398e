//! The caller's notification rules, time zone and working hours.

use super::wire::{self, push_all};
use crate::auth::Auth;
use crate::error::{ApiError, Fields, Problem};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::people::profile::{format_hhmm, weekday_name};
use goldseam_core::people::rules::{check_rules, RuleInput};
use goldseam_core::people::{NotificationRule, TimeZoneName, WorkingHours};
use goldseam_core::ContactMethodId;
use goldseam_store::people::{Profile, ProfileChange};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One notification rule: reach me by this method, this long after a page starts, unless it
/// was acknowledged.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDto {
    /// One of your verified contact methods.
    #[schema(value_type = i64)]
    pub contact_method_id: ContactMethodId,
    /// Minutes after the page starts, 0 (at once) to 1440.
    pub delay_minutes: i64,
    /// `high` or `low` for pages of that urgency only; absent or `null` for every page.
    pub urgency: Option<String>,
}

/// Your notification rules, in order.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesDto {
    /// At most 10.
    pub rules: Vec<RuleDto>,
}

fn rules_dto(rules: &[NotificationRule]) -> RulesDto {
    RulesDto {
        rules: rules
            .iter()
            .map(|r| RuleDto {
                contact_method_id: r.contact_method_id,
                delay_minutes: i64::from(r.delay_minutes),
                urgency: r.urgency.map(|u| u.as_str().to_string()),
            })
            .collect(),
    }
}

/// Your notification rules.
#[utoipa::path(get, operation_id = "my_notification_rules", path = "/api/v1/me/notification-rules", tag = "notification rules",
    responses((status = 200, body = RulesDto)))]
pub async fn rules(State(state): State<AppState>, auth: Auth) -> Result<Json<RulesDto>, ApiError> {
    Ok(Json(rules_dto(
        &state.store.notification_rules(auth.user.id).await?,
    )))
}

/// Replace your notification rules with this list (at most 10; each on a verified method of
/// yours; every bad field is named).
#[utoipa::path(put, operation_id = "replace_notification_rules", path = "/api/v1/me/notification-rules", tag = "notification rules",
    request_body = RulesDto, responses((status = 200, body = RulesDto), (status = 422, body = Problem)))]
pub async fn replace_rules(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<RulesDto>,
) -> Result<Json<RulesDto>, ApiError> {
    let inputs: Vec<RuleInput> = req
        .value
        .rules
        .iter()
        .map(|r| RuleInput {
            contact_method_id: r.contact_method_id,
            delay_minutes: r.delay_minutes,
            urgency: r.urgency.clone(),
        })
        .collect();
    // Checked here to report every bad field; the store checks again in its transaction.
    let methods = state.store.contact_method_statuses(auth.user.id).await?;
    if let Err(errors) = check_rules(&inputs, &methods) {
        let mut f = Fields::default();
        push_all(&mut f, errors);
        f.finish()?;
    }
    let saved = state
        .store
        .replace_notification_rules(auth.user.id, &inputs)
        .await?;
    Ok(Json(rules_dto(&saved)))
}

/// A working window.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowDto {
    /// monday to sunday.
    pub day: String,
    /// `HH:MM`, 00:00 to 23:59.
    pub start: String,
    /// `HH:MM` after start, up to 24:00.
    pub end: String,
}

/// Your time zone and working hours.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileDto {
    /// An IANA time zone such as `Europe/Paris`; `null` until set.
    pub time_zone: Option<String>,
    /// When you work, in your time zone; Monday first.
    pub working_hours: Vec<WindowDto>,
}

impl From<Profile> for ProfileDto {
    fn from(p: Profile) -> Self {
        ProfileDto {
            time_zone: p.time_zone.map(|z| z.as_str().to_string()),
            working_hours: p
                .working_hours
                .windows()
                .iter()
                .map(|w| WindowDto {
                    day: weekday_name(w.day).into(),
                    start: format_hhmm(w.start),
                    end: format_hhmm(w.end),
                })
                .collect(),
        }
    }
}

/// Changes to your profile; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    /// An IANA time zone such as `Europe/Paris`, or `null` to clear it.
    #[serde(default, deserialize_with = "wire::nullable")]
    #[schema(value_type = Option<String>)]
    pub time_zone: Option<Option<String>>,
    /// Your working hours, replacing the old ones; `[]` clears them.
    pub working_hours: Option<Vec<WindowDto>>,
}

/// Your time zone and working hours.
#[utoipa::path(get, operation_id = "my_profile", path = "/api/v1/me/profile", tag = "users",
    responses((status = 200, body = ProfileDto)))]
pub async fn profile(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<ProfileDto>, ApiError> {
    Ok(Json(state.store.profile(auth.user.id).await?.into()))
}

/// Set your time zone or working hours.
#[utoipa::path(patch, operation_id = "update_my_profile", path = "/api/v1/me/profile", tag = "users",
    request_body = UpdateProfileRequest, responses((status = 200, body = ProfileDto), (status = 422, body = Problem)))]
pub async fn update_profile(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<UpdateProfileRequest>,
) -> Result<Json<ProfileDto>, ApiError> {
    let r = &req.value;
    let mut f = Fields::default();
    let time_zone = match &r.time_zone {
        None => None,
        Some(None) => Some(None),
        Some(Some(z)) => f.check(TimeZoneName::parse("time_zone", z)).map(Some),
    };
    let working_hours = r.working_hours.as_ref().and_then(|windows| {
        let raw: Vec<(String, String, String)> = windows
            .iter()
            .map(|w| (w.day.clone(), w.start.clone(), w.end.clone()))
            .collect();
        WorkingHours::parse(&raw)
            .map_err(|errors| push_all(&mut f, errors))
            .ok()
    });
    if r.time_zone.is_none() && r.working_hours.is_none() {
        f.push("body", "nothing to change; send time_zone or working_hours");
    }
    f.finish()?;
    let change = ProfileChange {
        time_zone,
        working_hours,
    };
    Ok(Json(
        state
            .store
            .update_profile(auth.user.id, &change)
            .await?
            .into(),
    ))
}
