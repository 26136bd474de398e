//! Who is calling: a bearer API token or a session cookie. Cookie-authenticated writes must echo
//! the session's CSRF token in `X-CSRF-Token`; bearer tokens are not sent by browsers on their
//! own, so they need none.

pub mod cookies;
pub mod limiter;
pub mod routes;
pub mod token_cache;

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use goldseam_core::Actor;
use goldseam_store::recheck::Credential;
use goldseam_store::users::User;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "goldseam_session";
/// The header cookie-authenticated writes must carry.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Auth {
    /// The user.
    pub user: User,
    /// Whether they came with a session cookie (the web app) rather than a token.
    pub via_session: bool,
    /// What they came with, for checking it again while a live stream stays open.
    pub credential: Credential,
}

impl Auth {
    /// The actor for domain rules.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user.id,
            role: self.user.role,
        }
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Auth, ApiError> {
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let value = value.to_str().map_err(|_| {
                ApiError::unauthorized("the Authorization header is not readable text")
            })?;
            let token = value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
                .ok_or_else(|| ApiError::unauthorized("use Authorization: Bearer TOKEN"))?;
            let token = token.trim();
            let hash = goldseam_store::secrets::hash_token(token);
            let now = std::time::Instant::now();
            let user = match state.token_cache.get(&hash, now) {
                Some(user) => user,
                None => {
                    let user = state
                        .store
                        .authenticate_token(token)
                        .await?
                        .ok_or_else(|| {
                            ApiError::unauthorized("the API token is unknown or revoked")
                        })?;
                    state.token_cache.put(hash.clone(), user.clone(), now);
                    user
                }
            };
            return Ok(Auth {
                user,
                via_session: false,
                credential: Credential::Token(hash),
            });
        }
        let Some(cookie) = cookies::get(&parts.headers, SESSION_COOKIE) else {
            return Err(ApiError::unauthorized(
                "sign in, or send Authorization: Bearer TOKEN",
            ));
        };
        let session = state
            .store
            .session(&cookie)
            .await?
            .ok_or_else(|| ApiError::unauthorized("your session has expired; sign in again"))?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !constant_time_eq(sent.as_bytes(), session.csrf_token.as_bytes()) {
                return Err(ApiError::forbidden(
                    "missing or wrong X-CSRF-Token header; reload the page",
                ));
            }
        }
        Ok(Auth {
            user: session.user,
            via_session: true,
            credential: Credential::session(&cookie),
        })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
