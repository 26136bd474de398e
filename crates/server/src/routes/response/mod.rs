//! Escalation policies, response rules and the incident manager on call.

pub(crate) mod dto;
mod names;
mod pages;
mod policies;
mod rules;
mod settings;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This feature's routes, each registered with its part of the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(policies::list, policies::create))
        .routes(routes!(policies::show, policies::update, policies::delete))
        .routes(routes!(rules::list, rules::create))
        .routes(routes!(rules::preview))
        .routes(routes!(rules::update, rules::delete))
        .routes(routes!(settings::show, settings::set, settings::clear))
        .routes(routes!(pages::list, pages::page))
        .routes(routes!(pages::acknowledge))
        .routes(routes!(pages::acknowledge_all))
        .routes(routes!(pages::link, pages::ack_by_link))
}
