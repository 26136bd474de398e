//! What goes over the wire and what comes back: arguments as form fields for the methods that
//! read only those, and what an HTTP answer means for the call.

use super::SlackError;
use crate::http;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

/// What one HTTP exchange came to, before the rate-limit loop decides what to do.
pub(super) enum Reply {
    /// `ok: true`.
    Answer(Value),
    /// A 429 (or `ratelimited`): wait this long.
    Limited(Duration),
}

/// A request that got no answer: refused, reset or timed out.
pub(super) fn transport(method: &str, e: reqwest::Error) -> SlackError {
    SlackError::Unavailable(format!("Slack unreachable ({method}): {e}"))
}

/// Arguments as form fields: strings as they are, anything else as its JSON text (Slack's
/// "JSON-encoded string" arguments), nulls left out.
pub(super) fn form_fields(args: &Value) -> Vec<(String, String)> {
    let Some(o) = args.as_object() else {
        return Vec::new();
    };
    o.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), v)
        })
        .collect()
}

/// What an answer means: 429 waits, 5xx and 408 are Slack being unavailable, `ok: false` is
/// Slack's error code, and a 4xx without one is named by its body when the body is a bare
/// code (`used_url`) or by its status.
pub(super) fn read_answer(
    method: &str,
    status: StatusCode,
    headers: &HeaderMap,
    text: &str,
) -> Result<Reply, SlackError> {
    let said = || text.chars().take(200).collect::<String>();
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Ok(Reply::Limited(http::retry_after(headers)));
    }
    if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
        return Err(SlackError::Unavailable(format!(
            "Slack answered {status} to {method}: {}",
            said()
        )));
    }
    let api = |error: String| SlackError::Api {
        method: method.to_string(),
        error,
    };
    match serde_json::from_str::<Value>(text) {
        Ok(v) if v["ok"] == true && status.is_success() => Ok(Reply::Answer(v)),
        Ok(v) if v["error"] == "ratelimited" => Ok(Reply::Limited(http::retry_after(headers))),
        Ok(v) if v["error"].is_string() => Err(api(v["error"].as_str().unwrap_or_default().into())),
        _ if status.is_success() => Err(SlackError::Unavailable(format!(
            "Slack answered something not JSON to {method}: {}",
            said()
        ))),
        _ => {
            let body = text.trim();
            let bare = !body.is_empty()
                && body.len() <= 64
                && body.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            Err(api(if bare {
                body.to_string()
            } else {
                format!("http_{}", status.as_u16())
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(status: u16, retry_after: Option<&str>, text: &str) -> Result<Reply, SlackError> {
        let mut h = HeaderMap::new();
        if let Some(r) = retry_after {
            h.insert(reqwest::header::RETRY_AFTER, r.parse().unwrap());
        }
        read_answer(
            "chat.update",
            StatusCode::from_u16(status).unwrap(),
            &h,
            text,
        )
    }

    fn api(error: &str) -> SlackError {
        SlackError::Api {
            method: "chat.update".into(),
            error: error.into(),
        }
    }

    #[test]
    fn answers_are_sorted_into_ok_waits_and_errors() {
        assert!(
            matches!(read(200, None, r#"{"ok":true,"ts":"1.2"}"#), Ok(Reply::Answer(v)) if v["ts"] == "1.2")
        );
        assert!(matches!(
            read(429, Some("7"), r#"{"ok":false,"error":"ratelimited"}"#),
            Ok(Reply::Limited(d)) if d == Duration::from_secs(7)
        ));
        assert!(matches!(
            read(200, Some("2"), r#"{"ok":false,"error":"ratelimited"}"#),
            Ok(Reply::Limited(d)) if d == Duration::from_secs(2)
        ));
        assert_eq!(
            read(200, None, r#"{"ok":false,"error":"cant_update_message"}"#).err(),
            Some(api("cant_update_message"))
        );
        assert!(matches!(
            read(503, None, "<html>503</html>"),
            Err(SlackError::Unavailable(_))
        ));
        assert!(matches!(
            read(200, None, "<html>hi</html>"),
            Err(SlackError::Unavailable(_))
        ));
        assert_eq!(read(404, None, "used_url").err(), Some(api("used_url")));
        assert_eq!(
            read(403, None, "<h1>Forbidden</h1>").err(),
            Some(api("http_403"))
        );
    }

    #[test]
    fn form_fields_keep_strings_and_encode_the_rest_as_json() {
        let f = form_fields(&json!({"channel": "C1", "limit": 5, "blocks": [1], "x": null}));
        assert_eq!(
            f,
            [
                ("blocks".to_string(), "[1]".to_string()),
                ("channel".to_string(), "C1".to_string()),
                ("limit".to_string(), "5".to_string()),
            ]
        );
    }
}
