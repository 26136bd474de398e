//! Teams, services, contact methods and notification rules.

use crate::state::AppState;
use axum::Router;
use utoipa::OpenApi;

/// This feature's part of the OpenAPI document (merged in crate::openapi).
#[derive(OpenApi)]
#[openapi()]
pub struct Doc;

/// This feature's routes, under /api/v1.
pub fn routes() -> Router<AppState> {
    Router::new()
}
