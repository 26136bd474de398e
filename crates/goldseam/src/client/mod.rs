//! The incident commands: a small HTTP client for a running server, configured by GOLDSEAM_URL
//! and GOLDSEAM_TOKEN. Responses are read tolerantly (missing fields default, unknown fields and
//! event kinds are ignored or shown generically) so a newer server does not break an older CLI.

mod ack;
mod commands;
mod describe;
mod format;
mod model;
mod show;

pub use ack::ack;
pub use commands::{comment, declare, list, resolve, status};
pub use show::show;

use anyhow::{anyhow, bail, Context, Result};
use goldseam_store::secrets::Secret;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;
use std::time::Duration;

/// The default server address, the same as `serve`'s default `listen`.
const DEFAULT_URL: &str = "http://127.0.0.1:8080";

/// A server's answer: the body as received (for `--json`) and parsed.
pub struct Reply {
    pub raw: String,
    pub json: Value,
}

/// An error the server explained in problem+json: printed as its `detail` and field errors.
#[derive(Debug)]
pub struct ApiError {
    pub detail: String,
    pub fields: Vec<(String, String)>,
    pub hint: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)?;
        for (field, message) in &self.fields {
            // A lone field error is often the detail itself; saying it twice is noise. Several
            // are listed even though the detail joins them, as a list reads better.
            let line = format!("{field}: {message}");
            if self.fields.len() > 1 || !self.detail.contains(&line) {
                write!(f, "\n  {line}")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n{hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Reads an error response; bodies that are not problem+json (a proxy's HTML page) still
    /// give the status line.
    pub fn from_response(status: StatusCode, body: &str) -> ApiError {
        let problem: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let text = |v: &Value, keys: &[&str]| {
            keys.iter()
                .find_map(|k| v.get(k).and_then(Value::as_str))
                .map(str::to_string)
        };
        let mut detail = text(&problem, &["detail", "title"]).unwrap_or_else(|| {
            format!(
                "the server answered {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
        });
        let fields = problem
            .get("errors")
            .and_then(Value::as_array)
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| {
                        (
                            text(e, &["field", "pointer", "name"]).unwrap_or_default(),
                            text(e, &["message", "detail"]).unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Unknown values come with the accepted ones; say them unless the detail already does.
        if let Some(valid) = problem.get("valid").and_then(Value::as_array) {
            let valid: Vec<&str> = valid.iter().filter_map(Value::as_str).collect();
            if !valid.is_empty() && !valid.iter().all(|v| detail.contains(v)) {
                detail.push_str(&format!(" (accepted: {})", valid.join(", ")));
            }
        }
        let hint = (status == StatusCode::UNAUTHORIZED).then(|| {
            "check GOLDSEAM_TOKEN; create a token with `goldseam token create --email YOU --name cli`"
                .to_string()
        });
        ApiError {
            detail,
            fields,
            hint,
        }
    }
}

/// A connection to one server with one token.
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Secret,
}

impl Client {
    /// Reads GOLDSEAM_URL and GOLDSEAM_TOKEN.
    pub fn from_env() -> Result<Client> {
        let base = std::env::var("GOLDSEAM_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_URL.into());
        let token = std::env::var("GOLDSEAM_TOKEN")
            .ok()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                anyhow!(
                    "GOLDSEAM_TOKEN is not set; create a token with \
                     `goldseam token create --email YOU --name cli` and export GOLDSEAM_TOKEN"
                )
            })?;
        Client::new(&base, Secret::new(token))
    }

    pub fn new(base: &str, token: Secret) -> Result<Client> {
        let base = base.trim().trim_end_matches('/').to_string();
        if base.starts_with("https://") {
            bail!(
                "GOLDSEAM_URL is {base}, but this build of the CLI speaks plain http only; \
                 use the server's http:// address"
            );
        }
        if !base.starts_with("http://") {
            bail!("GOLDSEAM_URL must look like http://127.0.0.1:8080, not {base:?}");
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("goldseam-cli/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .context("setting up the HTTP client")?;
        Ok(Client { http, base, token })
    }

    /// The web page of an incident.
    pub fn web_url(&self, reference: &str) -> String {
        format!("{}/incidents/{reference}", self.base)
    }

    pub async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Reply> {
        self.send(Method::GET, path, query, None, None).await
    }

    pub async fn post(
        &self,
        path: &str,
        body: &Value,
        idempotency_key: Option<&str>,
    ) -> Result<Reply> {
        self.send(Method::POST, path, &[], Some(body), idempotency_key)
            .await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Result<Reply> {
        self.send(Method::PATCH, path, &[], Some(body), None).await
    }

    /// Sends a request. With an idempotency key, a failure that may have happened after the
    /// server acted (a dropped connection, a gateway error) is retried with the same key, which
    /// the server answers with the first result instead of acting twice.
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        idempotency_key: Option<&str>,
    ) -> Result<Reply> {
        let attempts = if idempotency_key.is_some() { 3 } else { 1 };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req: RequestBuilder = self
                .http
                .request(method.clone(), format!("{}{path}", self.base))
                .bearer_auth(self.token.expose())
                .header("Accept", "application/json, application/problem+json")
                .query(query);
            if let Some(body) = body {
                req = req.json(body);
            }
            if let Some(key) = idempotency_key {
                req = req.header("Idempotency-Key", key);
            }
            let retry_left = attempt < attempts;
            let response = match req.send().await {
                Ok(r) => r,
                Err(e) if retry_left => {
                    tracing::debug!("retrying after {e}");
                    tokio::time::sleep(backoff(attempt)).await;
                    continue;
                }
                Err(e) => return Err(self.transport_error(e)),
            };
            let status = response.status();
            if retry_left
                && matches!(
                    status,
                    StatusCode::BAD_GATEWAY
                        | StatusCode::SERVICE_UNAVAILABLE
                        | StatusCode::GATEWAY_TIMEOUT
                )
            {
                tokio::time::sleep(backoff(attempt)).await;
                continue;
            }
            let raw = response.text().await.map_err(|e| self.transport_error(e))?;
            if !status.is_success() {
                return Err(ApiError::from_response(status, &raw).into());
            }
            let json = if raw.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&raw).with_context(|| {
                    format!("the server's answer to {method} {path} is not JSON")
                })?
            };
            return Ok(Reply { raw, json });
        }
    }

    /// Names the server and the underlying cause (reqwest's own message omits it).
    fn transport_error(&self, e: reqwest::Error) -> anyhow::Error {
        let mut cause = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            cause = format!("{cause}: {s}");
            source = s.source();
        }
        if e.is_connect() {
            anyhow!(
                "cannot reach Goldseam at {} ({cause}); is `goldseam serve` running there? \
                 Set GOLDSEAM_URL to its address",
                self.base
            )
        } else if e.is_timeout() {
            anyhow!("Goldseam at {} did not answer in time ({cause})", self.base)
        } else {
            anyhow!("talking to Goldseam at {} failed: {cause}", self.base)
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250 * 4u64.pow(attempt.saturating_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_print_their_detail_and_fields() {
        let body = r#"{"type":"about:blank","title":"Invalid request","status":422,
            "detail":"the incident is not valid","errors":[{"field":"severity","message":"unknown severity \"SEV9\""}]}"#;
        let e = ApiError::from_response(StatusCode::UNPROCESSABLE_ENTITY, body);
        assert_eq!(
            e.to_string(),
            "the incident is not valid\n  severity: unknown severity \"SEV9\""
        );
    }

    #[test]
    fn a_lone_field_error_is_not_repeated() {
        let body =
            r#"{"detail":"title: is empty","errors":[{"field":"title","message":"is empty"}]}"#;
        let e = ApiError::from_response(StatusCode::UNPROCESSABLE_ENTITY, body);
        assert_eq!(e.to_string(), "title: is empty");
        let body = r#"{"detail":"title: is empty; tags[0]: bad","errors":[
            {"field":"title","message":"is empty"},{"field":"tags[0]","message":"bad"}]}"#;
        let e = ApiError::from_response(StatusCode::UNPROCESSABLE_ENTITY, body);
        assert_eq!(
            e.to_string(),
            "title: is empty; tags[0]: bad\n  title: is empty\n  tags[0]: bad"
        );
    }

    #[test]
    fn accepted_values_are_listed_once() {
        let body = r#"{"detail":"unknown severity \"SEV9\"","valid":["SEV1","SEV2"]}"#;
        let e = ApiError::from_response(StatusCode::UNPROCESSABLE_ENTITY, body);
        assert_eq!(
            e.to_string(),
            "unknown severity \"SEV9\" (accepted: SEV1, SEV2)"
        );
    }

    #[test]
    fn non_json_errors_still_say_what_happened() {
        let e = ApiError::from_response(StatusCode::BAD_GATEWAY, "<html>nginx</html>");
        assert_eq!(e.to_string(), "the server answered 502 Bad Gateway");
        let e = ApiError::from_response(StatusCode::UNAUTHORIZED, "{}");
        assert!(e.to_string().contains("GOLDSEAM_TOKEN"));
    }

    #[test]
    fn only_plain_http_urls_are_accepted() {
        let t = || Secret::new("gs_x");
        assert!(Client::new("http://127.0.0.1:8080/", t()).is_ok());
        assert!(Client::new("https://gs.example.com", t()).is_err());
        assert!(Client::new("127.0.0.1:8080", t()).is_err());
        let c = Client::new("http://h:1/", t()).unwrap();
        assert_eq!(c.web_url("INC-4"), "http://h:1/incidents/INC-4");
    }
}
