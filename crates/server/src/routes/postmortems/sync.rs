//! The live document's WebSocket: `GET /api/v1/incidents/{ref}/postmortem/sync` upgrades to the
//! Yjs sync and awareness protocol (y-websocket framing). With y-websocket:
//! `new WebsocketProvider("wss://HOST/api/v1/incidents/INC-42/postmortem", "sync", doc)`.

use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::routes::params::{self, Path};
use crate::state::AppState;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use goldseam_core::postmortem::document::MAX_UPDATE_BYTES;

/// A browser opens sockets to any site with the user's cookies, so a cookie-authenticated
/// socket must come from a page of this server (cross-site WebSocket hijacking).
fn same_origin(headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host),
        _ => false,
    }
}

/// Opens the live document (the Yjs sync protocol over a WebSocket). Everyone who can see the
/// incident may read; editing needs the right to write, and is checked on every message.
#[utoipa::path(get, operation_id = "sync_postmortem", path = "/api/v1/incidents/{ref}/postmortem/sync", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 101, description = "Switching to the Yjs sync protocol (binary y-websocket messages)"),
        (status = 403, body = Problem, description = "A session cookie from another site's page"),
        (status = 404, body = Problem),
        (status = 426, body = Problem, description = "Not a WebSocket upgrade")))]
pub async fn sync(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(&r)?;
    if auth.via_session && !same_origin(&headers) {
        return Err(ApiError::forbidden(
            "open the document from Goldseam's own pages",
        ));
    }
    if state.store.postmortem(&auth.actor(), r).await?.is_none() {
        return Err(ApiError::not_found(format!(
            "the postmortem of {}",
            r.reference()
        )));
    }
    let upgrade = upgrade.map_err(|e| {
        ApiError::new(
            StatusCode::UPGRADE_REQUIRED,
            "upgrade-required",
            format!("connect with a WebSocket speaking the Yjs sync protocol ({e})"),
        )
    })?;
    let hub = state.postmortems.clone();
    let shutdown = state.shutdown_signal();
    Ok(upgrade
        // Twice the update limit, so a message just over it is answered with the reason.
        .max_message_size(2 * MAX_UPDATE_BYTES)
        .on_upgrade(move |socket| crate::postmortem_sync::serve(hub, socket, auth, r, shutdown)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_this_server_may_open_a_cookie_socket() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "goldseam.example:8080".parse().unwrap());
        assert!(!same_origin(&h), "no Origin");
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(!same_origin(&h));
        h.insert(
            header::ORIGIN,
            "https://goldseam.example:8080".parse().unwrap(),
        );
        assert!(same_origin(&h));
    }
}
