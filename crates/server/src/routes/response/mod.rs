//! Escalation policies, response rules and the incident manager on call.

mod dto;
mod names;
mod pages;
mod policies;
mod rules;
mod settings;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa::OpenApi;

/// This feature's part of the OpenAPI document (merged in crate::openapi).
#[derive(OpenApi)]
#[openapi(paths(
    policies::list,
    policies::show,
    policies::create,
    policies::update,
    policies::delete,
    rules::list,
    rules::create,
    rules::update,
    rules::delete,
    rules::preview,
    settings::show,
    settings::set,
    settings::clear,
    pages::list,
    pages::page,
    pages::acknowledge,
    pages::acknowledge_all,
    pages::link,
    pages::ack_by_link,
))]
pub struct Doc;

/// This feature's routes, under /api/v1.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/escalation-policies",
            get(policies::list).post(policies::create),
        )
        .route(
            "/escalation-policies/{id}",
            get(policies::show)
                .put(policies::update)
                .delete(policies::delete),
        )
        .route("/response-rules", get(rules::list).post(rules::create))
        .route("/response-rules/preview", post(rules::preview))
        .route(
            "/response-rules/{id}",
            axum::routing::put(rules::update).delete(rules::delete),
        )
        .route(
            "/settings/incident-manager",
            get(settings::show)
                .put(settings::set)
                .delete(settings::clear),
        )
        .route("/incidents/{ref}/pages", get(pages::list).post(pages::page))
        .route(
            "/incidents/{ref}/pages/{page_id}/acknowledge",
            post(pages::acknowledge),
        )
        .route("/incidents/{ref}/acknowledge", post(pages::acknowledge_all))
        .route("/ack/{token}", get(pages::link).post(pages::ack_by_link))
}
