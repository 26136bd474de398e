//! Parsing what arrives outside the body: path segments, query strings, Idempotency-Key.

use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use goldseam_core::{Id, IncidentId, UserId};
use goldseam_store::idempotency::IdempotencyKey;
use serde::de::DeserializeOwned;

/// axum's `Path`, refusing as problem+json (a segment that is not UTF-8 once percent-decoded is
/// a 400 naming it) instead of axum's plain text. Segments are taken as strings and parsed by
/// the functions below, so each refusal names its field and what is accepted.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

/// axum's `Query`, refusing as problem+json.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// An incident reference from the path (`INC-42` or `42`).
pub fn incident_ref(raw: &str) -> Result<IncidentId, ApiError> {
    IncidentId::parse_reference(raw).map_err(ApiError::from)
}

/// A numeric id from the path, as the id type of what it names.
pub fn id<I: Id>(field: &str, raw: &str) -> Result<I, ApiError> {
    number(field, raw).map(I::from_db)
}

/// A positive whole number from the path.
pub fn number(field: &str, raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::invalid(
            field,
            format!(
                "{:?} is not a positive whole number",
                raw.chars().take(40).collect::<String>()
            ),
        )
    })
}

/// The `Idempotency-Key` header, scoped to the caller and the kind of creation.
pub fn idempotency_key(
    headers: &HeaderMap,
    user_id: UserId,
    scope: &str,
    body: &[u8],
) -> Result<Option<IdempotencyKey>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()));
    let key = key.ok_or_else(|| {
        ApiError::invalid(
            "Idempotency-Key",
            "must be 1 to 255 visible ASCII characters",
        )
    })?;
    Ok(Some(IdempotencyKey::new(user_id, scope, key, body)))
}

/// Query parameters as (name, value) pairs, repeated names kept.
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// A page size: `default` when absent, 1 to `max` otherwise.
pub fn limit(raw: Option<&str>, default: i64, max: i64) -> Result<i64, ApiError> {
    match raw {
        None => Ok(default),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                ApiError::invalid("limit", format!("must be a whole number from 1 to {max}"))
            }),
    }
}

/// A cursor from a previous page.
pub fn cursor(field: &str, raw: Option<&str>) -> Result<Option<i64>, ApiError> {
    raw.filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| ApiError::invalid(field, "is not a cursor this server gave out"))
        })
        .transpose()
}

/// A forward page of a list: continue after `after`, return at most `limit`.
pub struct Page {
    /// The key of the last item of the previous page (0 for the first page).
    pub after: i64,
    /// How many items at most.
    pub limit: i64,
}

impl Page {
    /// Parses `cursor` (or its alias `after`) and `limit`; any other parameter is refused, so a
    /// misspelt one does not silently return the first page.
    pub fn parse(query: Option<&str>, default: i64, max: i64) -> Result<Page, ApiError> {
        let (mut after, mut limit) = (None, None);
        for (key, value) in query_pairs(query) {
            match key.as_str() {
                "cursor" | "after" => after = Some((key, value)),
                "limit" => limit = Some(value),
                other => {
                    return Err(ApiError::invalid(
                        other,
                        "is not a parameter here; use cursor and limit",
                    ))
                }
            }
        }
        let after = match after {
            Some((name, value)) => cursor(&name, Some(&value))?.unwrap_or(0),
            None => 0,
        };
        Ok(Page {
            after,
            limit: self::limit(limit.as_deref(), default, max)?,
        })
    }

    /// The cursor for the next page: the last item's key when this page came back full.
    pub fn next<T>(&self, items: &[T], key: impl Fn(&T) -> i64) -> Option<String> {
        (items.len() as i64 == self.limit)
            .then(|| items.last().map(|i| key(i).to_string()))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use proptest::prelude::*;

    /// Query strings and path segments as a client may send them: any Unicode, percent-escapes
    /// of anything (including invalid UTF-8), and the separators the parsers split on.
    fn raw_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-z=&%0-9A-Fß🔥+-]{0,40}",
            prop::collection::vec(any::<u8>(), 0..20).prop_map(|bytes| {
                bytes
                    .iter()
                    .map(|b| format!("%{b:02X}"))
                    .collect::<String>()
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        #[test]
        fn query_parsers_never_panic_and_keep_their_bounds(q in raw_text()) {
            let _ = query_pairs(Some(&q));
            if let Ok(page) = Page::parse(Some(&q), 50, 200) {
                prop_assert!((1..=200).contains(&page.limit));
                prop_assert!(page.after >= 0);
            }
            if let Ok(n) = limit(Some(&q), 50, 200) {
                prop_assert!((1..=200).contains(&n));
            }
            if let Ok(Some(c)) = cursor("cursor", Some(&q)) {
                prop_assert!(c >= 0);
            }
            if let Ok(n) = id::<UserId>("id", &q) {
                prop_assert!(n.get() > 0);
            }
            if let Ok(r) = incident_ref(&q) {
                prop_assert!(r.get() > 0);
            }
        }

        #[test]
        fn idempotency_keys_are_visible_ascii(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let mut headers = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_bytes(&bytes) {
                headers.insert("idempotency-key", v);
                if idempotency_key(&headers, UserId::from_db(1), "scope", b"{}").is_ok() {
                    prop_assert!(!bytes.is_empty() && bytes.len() <= 255);
                    prop_assert!(bytes.iter().all(u8::is_ascii_graphic));
                }
            }
        }
    }
}
