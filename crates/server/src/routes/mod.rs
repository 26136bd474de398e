//! The route table.

pub mod access;
pub mod annotations;
pub mod catalog;
mod change;
pub mod delivery;
pub mod incidents;
pub mod ops;
pub mod params;
pub mod people;
pub mod response;
pub mod schedules;
pub mod subscriptions;
pub mod timeline;
pub mod twilio;
pub mod users;

use crate::error::ApiError;
use crate::state::AppState;
use crate::{auth, metrics, openapi, stream};
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{delete, get, patch, post, put};
use axum::{middleware, Router};
use tower_http::trace::TraceLayer;

/// Every route, with body limits, metrics and request tracing.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/incidents", post(incidents::declare).get(incidents::list))
        .route(
            "/incidents/{ref}",
            get(incidents::show).patch(incidents::update),
        )
        .route("/incidents/{ref}/timeline", get(timeline::list))
        .route("/incidents/{ref}/access-log", get(access::list))
        .route("/incidents/{ref}/events", get(stream::incident))
        .route("/incidents/{ref}/comments", post(timeline::comment))
        .route(
            "/incidents/{ref}/comments/{comment_id}",
            patch(timeline::edit_comment).delete(timeline::delete_comment),
        )
        .route(
            "/incidents/{ref}/status-updates",
            post(timeline::status_update),
        )
        .route("/incidents/{ref}/pins", post(annotations::pin))
        .route(
            "/incidents/{ref}/pins/{event_id}",
            delete(annotations::unpin),
        )
        .route("/incidents/{ref}/tags", post(annotations::add_tag))
        .route(
            "/incidents/{ref}/tags/{tag}",
            delete(annotations::remove_tag),
        )
        .route("/incidents/{ref}/services", post(annotations::add_service))
        .route(
            "/incidents/{ref}/services/{service_id}",
            delete(annotations::remove_service),
        )
        .route("/incidents/{ref}/roles", post(annotations::assign_role))
        .route(
            "/incidents/{ref}/roles/{role}/{user_id}",
            delete(annotations::unassign_role),
        )
        .route(
            "/incidents/{ref}/subscription",
            get(subscriptions::show)
                .put(subscriptions::subscribe)
                .delete(subscriptions::unsubscribe),
        )
        .route(
            "/me/subscriptions",
            get(subscriptions::mine).post(subscriptions::add),
        )
        .route("/me/subscriptions/{id}", delete(subscriptions::remove))
        .route(
            "/teams/{id}/subscriptions",
            get(subscriptions::team_list).post(subscriptions::team_add),
        )
        .route(
            "/teams/{id}/subscriptions/{subscription_id}",
            delete(subscriptions::team_remove),
        )
        .route("/events", get(stream::all))
        .route("/severities", get(catalog::severities))
        .route("/severities/{key}", put(catalog::put_severity))
        .route("/incident-types", get(catalog::types))
        .route("/incident-types/{key}", put(catalog::put_type))
        .route("/roles", get(catalog::roles))
        .route("/roles/{key}", put(catalog::put_role))
        .route("/me", get(users::me))
        .route(
            "/me/tokens",
            get(users::list_tokens).post(users::create_token),
        )
        .route("/me/tokens/{id}", delete(users::revoke_token))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", patch(users::update))
        .route("/auth/login", post(auth::routes::login))
        .route("/auth/logout", post(auth::routes::logout))
        .route("/auth/session", get(auth::routes::session))
        // Features that keep their routes (and OpenAPI part) in their own module.
        .merge(people::routes())
        .merge(schedules::routes())
        .merge(response::routes())
        .merge(delivery::routes())
        .merge(twilio::routes());
    let metrics = state.metrics.clone();
    let metrics_here = if state.config.metrics_listen.is_some() {
        get(ops::metrics_elsewhere)
    } else {
        get(ops::metrics)
    };
    Router::new()
        .nest("/api/v1", api)
        .route("/api/openapi.json", get(openapi::serve))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", metrics_here)
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
        .route("/metrics", get(ops::metrics))
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
