//! Signing in and out of the web app.

use super::{cookies, Auth, SESSION_COOKIE};
use crate::client_addr::client_ip;
use crate::dto::UserDto;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::time::Instant;
use utoipa::ToSchema;

/// Email and password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's email.
    pub email: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("email", &self.email)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// The signed-in user and the CSRF token their writes must send in `X-CSRF-Token`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    /// Who is signed in.
    pub user: UserDto,
    /// Send in `X-CSRF-Token` on every write.
    pub csrf_token: String,
}

/// Sign in; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest, security(()),
    responses((status = 200, body = SessionDto),
        (status = 401, body = Problem, description = "Wrong email or password."),
        (status = 429, body = Problem, description = "Too many failed sign-ins for this email or from this address."),
        (status = 503, body = Problem, description = "Too many password checks are waiting, or the database is unavailable.")))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    req: ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    // Behind a reverse proxy every peer is the proxy: count by the client it forwards for.
    let ip = client_ip(addr.ip(), &headers, &state.config.trusted_proxies).to_string();
    let email = req.value.email.clone();
    // Counted before the password is checked, so parallel guesses cannot outrun the count.
    let attempt = match state.login_limiter.begin(&email, &ip, Instant::now()) {
        Ok(attempt) => attempt,
        Err(wait) => {
            return Err(ApiError::too_many(
                format!("too many failed sign-ins; try again in {wait} seconds"),
                wait,
            ))
        }
    };
    let Some(user) = state
        .store
        .check_password(&email, &req.value.password)
        .await?
    else {
        attempt.failed();
        return Err(ApiError::unauthorized("wrong email or password"));
    };
    attempt.succeeded(Instant::now());
    let lifetime = jiff::SignedDuration::try_from(state.config.session_lifetime)
        .unwrap_or(jiff::SignedDuration::from_hours(12));
    let (cookie, session) = state.store.create_session(&user, lifetime).await?;
    let set = cookies::session(
        SESSION_COOKIE,
        cookie.expose(),
        state.config.session_lifetime.as_secs(),
        state.config.secure_cookies(),
    );
    let body = SessionDto {
        user: UserDto::from(&session.user),
        csrf_token: session.csrf_token,
    };
    Ok(([(header::SET_COOKIE, set)], Json(body)).into_response())
}

/// Sign out; ends the session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(()), responses((status = 204)))]
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(cookie) = cookies::get(&headers, SESSION_COOKIE) {
        state.store.delete_session(&cookie).await?;
    }
    let clear = cookies::session(SESSION_COOKIE, "", 0, state.config.secure_cookies());
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// The current session (the web app calls this on load).
#[utoipa::path(get, path = "/api/v1/auth/session", tag = "auth",
    responses((status = 200, body = SessionDto), (status = 401, body = Problem),
        (status = 422, body = Problem, description = "Called with an API token, which has no session.")))]
pub async fn session(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth: Auth,
) -> Result<Json<SessionDto>, ApiError> {
    if !auth.via_session {
        return Err(ApiError::invalid(
            "Authorization",
            "token callers have no session; this is for the web app",
        ));
    }
    let cookie = cookies::get(&headers, SESSION_COOKIE).unwrap_or_default();
    let session = state
        .store
        .session(&cookie)
        .await?
        .ok_or_else(|| ApiError::unauthorized("your session has expired; sign in again"))?;
    Ok(Json(SessionDto {
        user: UserDto::from(&session.user),
        csrf_token: session.csrf_token,
    }))
}
