//! The route table.

pub mod access;
pub mod admin;
pub mod alerts;
pub mod annotations;
pub mod catalog;
mod change;
pub mod chat;
pub mod delivery;
pub mod distribution;
pub mod follow_ups;
pub mod incidents;
pub mod learning;
pub mod ops;
pub mod params;
pub mod people;
pub mod postmortems;
pub mod response;
pub mod reviews;
pub mod schedules;
pub mod subscriptions;
pub mod timeline;
pub mod trackers;
pub mod twilio;
pub mod users;
pub mod viewers;

use crate::error::ApiError;
use crate::state::AppState;
use crate::{auth, metrics, openapi, stream};
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{middleware, Router};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every API route with its OpenAPI description: each endpoint is registered once, here or in
/// its feature's `routes()`, through `routes!`, which takes the path and method from the
/// handler's `#[utoipa::path]`, so the router and the document cannot disagree.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(incidents::declare, incidents::list))
        .routes(routes!(incidents::show, incidents::update))
        .routes(routes!(timeline::list))
        .routes(routes!(access::list))
        .routes(routes!(viewers::list, viewers::grant))
        .routes(routes!(stream::incident))
        .routes(routes!(timeline::comment))
        .routes(routes!(timeline::edit_comment, timeline::delete_comment))
        .routes(routes!(timeline::status_update))
        .routes(routes!(annotations::pin))
        .routes(routes!(annotations::unpin))
        .routes(routes!(annotations::add_tag))
        .routes(routes!(annotations::remove_tag))
        .routes(routes!(annotations::add_service))
        .routes(routes!(annotations::remove_service))
        .routes(routes!(annotations::assign_role))
        .routes(routes!(annotations::unassign_role))
        .routes(routes!(
            subscriptions::show,
            subscriptions::subscribe,
            subscriptions::unsubscribe
        ))
        .routes(routes!(subscriptions::mine, subscriptions::add))
        .routes(routes!(subscriptions::remove))
        .routes(routes!(subscriptions::team_list, subscriptions::team_add))
        .routes(routes!(subscriptions::team_remove))
        .routes(routes!(stream::all))
        .routes(routes!(postmortems::settings::list))
        .routes(routes!(
            postmortems::document::show,
            postmortems::document::open
        ))
        .routes(routes!(postmortems::document::review))
        .routes(routes!(postmortems::document::export_markdown))
        .routes(routes!(postmortems::document::export_html))
        .routes(routes!(postmortems::document::versions))
        .routes(routes!(postmortems::document::version_export))
        .routes(routes!(postmortems::document::diff))
        .routes(routes!(
            postmortems::threads::list,
            postmortems::threads::start
        ))
        .routes(routes!(postmortems::threads::reply))
        .routes(routes!(postmortems::threads::resolve))
        .routes(routes!(postmortems::sync::sync))
        .routes(routes!(follow_ups::list))
        .routes(routes!(follow_ups::incident_list, follow_ups::add))
        .routes(routes!(follow_ups::show, follow_ups::update))
        .routes(routes!(follow_ups::file))
        .routes(routes!(follow_ups::trackers))
        .routes(routes!(
            postmortems::settings::show_template,
            postmortems::settings::put_template
        ))
        .routes(routes!(
            postmortems::settings::categories,
            postmortems::settings::put_categories
        ))
        .routes(routes!(catalog::severities))
        .routes(routes!(catalog::put_severity))
        .routes(routes!(catalog::types))
        .routes(routes!(catalog::put_type))
        .routes(routes!(catalog::roles))
        .routes(routes!(catalog::put_role))
        .routes(routes!(users::me))
        .routes(routes!(users::list_tokens, users::create_token))
        .routes(routes!(users::revoke_token))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::update))
        .routes(routes!(auth::routes::login))
        .routes(routes!(auth::routes::logout))
        .routes(routes!(auth::routes::session))
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
        // Features that keep their routes (and schemas) in their own module.
        .merge(people::routes())
        .merge(schedules::routes())
        .merge(response::routes())
        .merge(delivery::routes())
        .merge(admin::routes())
        .merge(twilio::routes())
        .merge(trackers::routes())
        .merge(distribution::routes())
        .merge(chat::routes())
        .merge(learning::routes())
        .merge(reviews::routes())
        .merge(alerts::routes())
}

/// Every route, with body limits, metrics and request tracing. Besides the API: the document
/// itself, /metrics (here or on its own listener) and the web app.
pub fn router(state: AppState) -> Router {
    let (api, _) = api().split_for_parts();
    let metrics = state.metrics.clone();
    api.route("/api/openapi.json", get(openapi::serve))
        .fallback(crate::web::serve)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.config.connections.body_timeout,
            crate::body_deadline::limit,
        ))
        // Inside the metrics layer, so a panic is counted as the 500 it answers.
        .layer(crate::panic::layer())
        .layer(middleware::from_fn_with_state(metrics, metrics::track))
        .layer(middleware::from_fn_with_state(
            state.config.secure_cookies(),
            crate::security_headers::add,
        ))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        // gzip/brotli for JSON and the web app; the default predicate leaves SSE streams alone.
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// `/metrics` alone, for the separate metrics listener (`metrics_listen`).
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(ops::private_metrics))
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not-found",
                "this listener serves /metrics only",
            )
        })
        .with_state(state)
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "this endpoint does not accept that method; see /api/openapi.json",
    )
}
