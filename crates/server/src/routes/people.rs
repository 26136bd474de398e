//! Teams, services, contact methods, notification rules and profiles (docs/people.md).

mod contacts;
mod me;
mod services;
mod teams;
mod wire;

use crate::state::AppState;
use axum::routing::{get, post, put};
use axum::Router;
use utoipa::OpenApi;

/// This feature's part of the OpenAPI document (merged in crate::openapi).
#[derive(OpenApi)]
#[openapi(
    paths(
        teams::list,
        teams::create,
        teams::show,
        teams::update,
        teams::delete,
        teams::set_member,
        teams::remove_member,
        services::list,
        services::create,
        services::show,
        services::update,
        services::delete,
        contacts::list,
        contacts::create,
        contacts::update,
        contacts::delete,
        contacts::request_code,
        contacts::confirm,
        contacts::list_for_user,
        me::rules,
        me::replace_rules,
        me::profile,
        me::update_profile,
    ),
    components(schemas(
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
    ))
)]
pub struct Doc;

/// This feature's routes, under /api/v1.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/teams", get(teams::list).post(teams::create))
        .route(
            "/teams/{id}",
            get(teams::show).patch(teams::update).delete(teams::delete),
        )
        .route(
            "/teams/{id}/members/{user_id}",
            put(teams::set_member).delete(teams::remove_member),
        )
        .route("/services", get(services::list).post(services::create))
        .route(
            "/services/{id}",
            get(services::show)
                .patch(services::update)
                .delete(services::delete),
        )
        .route(
            "/me/contact-methods",
            get(contacts::list).post(contacts::create),
        )
        .route(
            "/me/contact-methods/{id}",
            axum::routing::patch(contacts::update).delete(contacts::delete),
        )
        .route(
            "/me/contact-methods/{id}/verification",
            post(contacts::request_code),
        )
        .route(
            "/me/contact-methods/{id}/verification/confirm",
            post(contacts::confirm),
        )
        .route("/users/{id}/contact-methods", get(contacts::list_for_user))
        .route(
            "/me/notification-rules",
            get(me::rules).put(me::replace_rules),
        )
        .route("/me/profile", get(me::profile).patch(me::update_profile))
}
