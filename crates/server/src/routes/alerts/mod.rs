//! Alerts in (docs/alerts.md): the endpoints monitoring tools send to, each answering as the
//! sender's own service would (`pagerduty.rs`, `opsgenie.rs`, `webhooks.rs`, all through
//! `ingest.rs`: checked, read, stored, then answered), integrations for admins, and the alerts
//! and groups for everyone.

mod dto;
mod ingest;
mod integrations;
mod opsgenie;
mod pagerduty;
mod views;
mod webhooks;

pub use dto::*;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The alert routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pagerduty::enqueue))
        .routes(routes!(pagerduty::change_enqueue))
        .routes(routes!(webhooks::receive))
        .routes(routes!(opsgenie::create))
        .routes(routes!(opsgenie::close))
        .routes(routes!(opsgenie::acknowledge))
        .routes(routes!(opsgenie::message))
        .routes(routes!(opsgenie::description))
        .routes(routes!(integrations::list, integrations::create))
        .routes(routes!(
            integrations::show,
            integrations::update,
            integrations::delete
        ))
        .routes(routes!(integrations::test))
        .routes(routes!(integrations::requests))
        .routes(routes!(integrations::preview))
        .routes(routes!(views::alerts))
        .routes(routes!(views::groups))
        .routes(routes!(views::group))
        .routes(routes!(views::incident_groups))
}

/// A serde enum's wire word.
pub(crate) fn word<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
