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
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This feature's schemas and tags; its paths come with its routes.
#[derive(OpenApi)]
#[openapi(
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

/// This feature's routes, each registered with its part of the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(Doc::openapi())
        .routes(routes!(crud::list, crud::create))
        .routes(routes!(crud::show, crud::update, crud::delete))
        .routes(routes!(overrides::add))
        .routes(routes!(overrides::delete))
        .routes(routes!(oncall::on_call))
        .routes(routes!(oncall::shifts))
        .routes(routes!(feeds::schedule_feed))
        .routes(routes!(feeds::user_feed))
        .routes(routes!(oncall::mine))
        .routes(routes!(feeds::token_status, feeds::create_token))
}
