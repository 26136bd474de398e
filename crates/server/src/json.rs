//! JSON request bodies, with refusals a person can act on: 415 without a JSON content type, 413
//! over the size limit, 400 for malformed JSON (with line and column), 422 naming the field
//! whose type or value is wrong.

use crate::error::{too_large, ApiError};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;

/// A parsed JSON body, with its raw bytes kept for idempotency fingerprints.
pub struct ApiJson<T> {
    /// The parsed value.
    pub value: T,
    /// The body as received.
    pub raw: Bytes,
}

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        // Refuse from the announced length before reading a byte, so a client uploading 10 MB
        // gets its answer at once instead of after the upload.
        let announced = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if announced.is_some_and(|n| n > state.config.max_body_bytes as u64) {
            return Err(too_large());
        }
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if mime != "application/json" && !mime.ends_with("+json") {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let raw = Bytes::from_request(req, state).await?;
        let value = parse(&raw)?;
        Ok(ApiJson { value, raw })
    }
}

/// Parses a JSON object into `T`, mapping errors as described above. Every request body is an
/// object; serde would otherwise accept an array as a struct's fields by position.
pub fn parse<T: DeserializeOwned>(raw: &[u8]) -> Result<T, ApiError> {
    let first = raw.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return match serde_json::from_slice::<serde::de::IgnoredAny>(raw) {
            Ok(_) => Err(ApiError::invalid("body", "must be a JSON object")),
            Err(e) => Err(ApiError::bad_request(format!(
                "the body is not valid JSON: {e}"
            ))),
        };
    }
    let de = &mut serde_json::Deserializer::from_slice(raw);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let field = if path == "." {
                    "body".to_string()
                } else {
                    path
                };
                ApiError::invalid(field, strip_position(&inner.to_string()))
            }
            _ => ApiError::bad_request(format!("the body is not valid JSON: {inner}")),
        }
    })
}

/// serde's data errors end in " at line 1 column 9", which means nothing next to a field path.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        title: String,
        tags: Option<Vec<String>>,
    }

    #[test]
    fn malformed_json_is_a_400() {
        let e = parse::<Body>(b"{\"title\": ").unwrap_err();
        assert_eq!(e.0.status, 400);
        let e = parse::<Body>(b"{\"title\": \"\xff\"}").unwrap_err();
        assert_eq!(e.0.status, 400, "{:?}", e.0);
    }

    #[test]
    fn wrong_types_name_the_field() {
        let e = parse::<Body>(br#"{"title": "x", "tags": ["a", 3]}"#).unwrap_err();
        assert_eq!(e.0.status, 422);
        assert_eq!(e.0.errors[0].field, "tags[1]");
        let e = parse::<Body>(br#"{"title": 5}"#).unwrap_err();
        assert_eq!(e.0.errors[0].field, "title");
        let e = parse::<Body>(br#"{"title": "x", "sevrity": "SEV1"}"#).unwrap_err();
        assert!(
            e.0.detail.contains("unknown field `sevrity`"),
            "{}",
            e.0.detail
        );
        let e = parse::<Body>(br#"[1]"#).unwrap_err();
        assert_eq!(e.0.errors[0].field, "body");
    }
}
