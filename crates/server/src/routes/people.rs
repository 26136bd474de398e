//! Teams, services, contact methods, notification rules and profiles (docs/people.md).

mod contacts;
mod me;
mod services;
mod teams;
pub(crate) mod wire;

use crate::state::AppState;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This feature's schemas and tags; its paths come with its routes.
#[derive(OpenApi)]
#[openapi(components(schemas(
    teams::TeamDto,
    teams::TeamMemberDto,
    teams::MemberInput,
    teams::CreateTeamRequest,
    teams::UpdateTeamRequest,
    teams::SetMemberRequest,
    teams::TeamList,
    services::ServiceDto,
    services::CreateServiceRequest,
    services::UpdateServiceRequest,
    services::ServiceList,
    contacts::ContactMethodDto,
    contacts::PendingCodeDto,
    contacts::CreateContactMethodRequest,
    contacts::UpdateContactMethodRequest,
    contacts::CodeSentDto,
    contacts::ConfirmRequest,
    me::RuleDto,
    me::RulesDto,
    me::WindowDto,
    me::ProfileDto,
    me::UpdateProfileRequest,
)))]
pub struct Doc;

/// This feature's routes, each registered with its part of the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(Doc::openapi())
        .routes(routes!(teams::list, teams::create))
        .routes(routes!(teams::show, teams::update, teams::delete))
        .routes(routes!(teams::set_member, teams::remove_member))
        .routes(routes!(services::list, services::create))
        .routes(routes!(services::show, services::update, services::delete))
        .routes(routes!(contacts::list, contacts::create))
        .routes(routes!(contacts::update, contacts::delete))
        .routes(routes!(contacts::request_code))
        .routes(routes!(contacts::confirm))
        .routes(routes!(contacts::list_for_user))
        .routes(routes!(me::rules, me::replace_rules))
        .routes(routes!(me::profile, me::update_profile))
}
