//! On-call schedules: layers, overrides, who is on call, calendar feeds. Everyone signed in
//! reads schedules; admins create, change and delete them; members add overrides for
//! themselves. The rules (rotations, restrictions, daylight saving) are in
//! `goldseam_core::schedule`; docs/schedules.md explains them to users.

mod crud;
mod dto;
mod feeds;
mod oncall;
mod overrides;

use crate::state::AppState;
use axum::routing::{delete, get, post};
use axum::Router;
use utoipa::OpenApi;

/// This feature's part of the OpenAPI document (merged in crate::openapi).
#[derive(OpenApi)]
#[openapi(
    paths(
        crud::list, crud::create, crud::show, crud::update, crud::delete,
        overrides::add, overrides::delete,
        oncall::on_call, oncall::shifts, oncall::mine,
        feeds::create_token, feeds::token_status, feeds::schedule_feed, feeds::user_feed,
    ),
    components(schemas(
        dto::ScheduleRequest, dto::ScheduleDto, dto::ScheduleSummary, dto::ScheduleList,
        dto::OverrideRequest, dto::OverrideDto, dto::ShiftDto, dto::ShiftList, dto::OnCallDto,
        dto::MyShiftDto, dto::MyOnCall, feeds::FeedToken, feeds::FeedTokenStatus,
        goldseam_core::schedule::LayerSpec, goldseam_core::schedule::ShiftSpec,
        goldseam_core::schedule::ShiftUnit, goldseam_core::schedule::RestrictionSpec,
    )),
    tags((name = "schedules", description = "On-call schedules, overrides, who is on call, calendar feeds (docs/schedules.md)"))
)]
pub struct Doc;

/// This feature's routes, under /api/v1.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/schedules", get(crud::list).post(crud::create))
        .route(
            "/schedules/{id}",
            get(crud::show).put(crud::update).delete(crud::delete),
        )
        .route("/schedules/{id}/overrides", post(overrides::add))
        .route(
            "/schedules/{id}/overrides/{override_id}",
            delete(overrides::delete),
        )
        .route("/schedules/{id}/on-call", get(oncall::on_call))
        .route("/schedules/{id}/shifts", get(oncall::shifts))
        .route("/schedules/{id}/calendar.ics", get(feeds::schedule_feed))
        .route("/users/{id}/calendar.ics", get(feeds::user_feed))
        .route("/me/on-call", get(oncall::mine))
        .route(
            "/me/calendar-feed",
            get(feeds::token_status).post(feeds::create_token),
        )
}
