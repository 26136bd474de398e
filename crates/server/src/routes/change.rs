//! The shared tail of every change endpoint: run the change, answer with the incident and the
//! events it appended.

use super::params;
use crate::auth::Auth;
use crate::dto::{ChangeResponse, EventDto, People};
use crate::error::ApiError;
use crate::state::AppState;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_store::incidents::Change;

/// How a change endpoint treats `Idempotency-Key`.
pub enum Idempotency<'a> {
    /// Not a creation; the header is ignored.
    None,
    /// A creation of this kind, fingerprinted by the request body.
    Scope(&'a str, &'a [u8]),
}

/// Applies `changes` to the incident at `raw_ref` and answers with `status`.
pub async fn run(
    state: &AppState,
    auth: &Auth,
    headers: &HeaderMap,
    raw_ref: &str,
    changes: Vec<Change>,
    idem: Idempotency<'_>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(raw_ref)?;
    let key = match idem {
        Idempotency::None => None,
        Idempotency::Scope(scope, body) => {
            params::idempotency_key(headers, auth.user.id, &format!("{scope}:{r}"), body)?
        }
    };
    let out = state
        .store
        .change(&auth.actor(), r, &changes, key.as_ref(), false)
        .await?;
    let people = People::for_incidents(&state.store, &auth.user, &[&out.incident]).await?;
    let events = out
        .events
        .iter()
        .map(|e| {
            let mut dto = EventDto::from(e);
            // Fresh events come back without the actor's name: it is the caller's.
            if let Some(actor) = dto
                .actor
                .as_mut()
                .filter(|a| a.id == auth.user.id && a.name.is_empty())
            {
                actor.name = auth.user.name.clone();
            }
            dto
        })
        .collect();
    let mut res = (
        status,
        Json(ChangeResponse {
            incident: people.incident(&out.incident),
            events,
        }),
    )
        .into_response();
    if out.replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}
