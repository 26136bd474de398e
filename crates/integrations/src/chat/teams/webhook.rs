//! The webhook URL (checked when configured) and the one call it takes: POST a message
//! envelope, `202 Accepted` when the flow started. What an answer means for the engine: `429`
//! waits its `Retry-After`, `408` and `5xx` are tried again later, `401`/`403`/`404` mean the
//! URL is wrong or its workflow gone (an admin must paste the current one), any other `4xx`
//! refuses that card.

use crate::chat::api::ChatError;
use crate::{http, Secret};
use reqwest::{StatusCode, Url};
use serde_json::Value;
use std::time::Duration;

/// A Teams Workflows webhook, as configured (`delivery.teams_webhook_url`).
#[derive(Clone)]
pub struct TeamsWebhook {
    url: Secret,
    host: String,
    timeout: Duration,
}

impl std::fmt::Debug for TeamsWebhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamsWebhook")
            .field("host", &self.host)
            .field("url", &"[redacted]")
            .finish()
    }
}

impl TeamsWebhook {
    /// Checks the URL an admin pasted; the reason it cannot be used, without the URL itself
    /// (it is a secret).
    pub fn new(url: &str, timeout: Duration) -> Result<TeamsWebhook, String> {
        let parsed = Url::parse(url.trim()).map_err(|e| format!("not a URL ({e})"))?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err("not an https:// URL".into());
        }
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        if host.ends_with("webhook.office.com") || host == "outlook.office.com" {
            return Err(format!(
                "{host} is an Office 365 connector webhook, which Microsoft retired; make a Workflows webhook instead (docs/teams.md)"
            ));
        }
        let signed = parsed
            .query_pairs()
            .any(|(k, v)| k == "sig" && !v.is_empty());
        if !signed {
            return Err(format!(
                "the URL for {host} has no sig= parameter: copy the whole URL the workflow shows, and let anyone trigger the flow (docs/teams.md)"
            ));
        }
        Ok(TeamsWebhook {
            url: Secret::new(url.trim()),
            host,
            timeout,
        })
    }

    /// The host the URL points at (safe to show).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// A client for it.
    pub fn client(&self) -> TeamsClient {
        TeamsClient {
            webhook: self.clone(),
            http: http::client(self.timeout),
        }
    }
}

/// POSTs to the webhook. Cheap to clone.
#[derive(Debug, Clone)]
pub struct TeamsClient {
    webhook: TeamsWebhook,
    http: reqwest::Client,
}

impl TeamsClient {
    /// Sends one message envelope; `Ok` once the workflow took it.
    pub async fn send(&self, message: &Value) -> Result<(), ChatError> {
        let host = &self.webhook.host;
        // `without_url`: reqwest's errors print the URL, and this one carries its signature.
        let unreachable = |e: reqwest::Error| {
            ChatError::Unavailable(format!("Teams ({host}) unreachable: {}", e.without_url()))
        };
        let res = self
            .http
            .post(self.webhook.url.expose())
            .json(message)
            .send()
            .await
            .map_err(unreachable)?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        let after = http::retry_after(res.headers());
        let text = res.text().await.unwrap_or_default();
        Err(answer(host, status, after, &text))
    }
}

/// What a refusal means, from Logic Apps' error body `{"error": {"code", "message"}}`.
fn answer(host: &str, status: StatusCode, retry_after: Duration, body: &str) -> ChatError {
    if status == StatusCode::TOO_MANY_REQUESTS {
        return ChatError::Limited(retry_after);
    }
    let parsed: Value = serde_json::from_str(body).unwrap_or_default();
    let said = match (
        parsed["error"]["code"].as_str(),
        parsed["error"]["message"].as_str(),
    ) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        _ => body.chars().take(200).collect(),
    };
    let said: String = said.chars().take(400).collect();
    if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
        return ChatError::Unavailable(format!("Teams ({host}) answered {status}: {said}"));
    }
    if matches!(status.as_u16(), 401 | 403 | 404) {
        return ChatError::Credentials(format!(
            "Teams ({host}) refused the webhook URL ({status}, {said}): the workflow was turned off or deleted, or its URL changed; set delivery.teams_webhook_url to its current URL"
        ));
    }
    ChatError::Refused(format!(
        "Teams ({host}) refused the card ({status}): {said}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://prod-42.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=S3cr3tSig";

    #[test]
    fn workflows_urls_are_taken_and_never_shown() {
        let w = TeamsWebhook::new(URL, Duration::from_secs(5)).unwrap();
        assert_eq!(w.host(), "prod-42.westeurope.logic.azure.com");
        let shown = format!("{w:?} {:?}", w.client());
        assert!(!shown.contains("S3cr3tSig"), "{shown}");
        let unsigned = URL.replace("&sig=S3cr3tSig", "");
        let e = TeamsWebhook::new(&unsigned, Duration::from_secs(5)).unwrap_err();
        assert!(e.contains("no sig="), "{e}");
        let retired = "https://contoso.webhook.office.com/webhookb2/1/IncomingWebhook/2/3";
        let e = TeamsWebhook::new(retired, Duration::from_secs(5)).unwrap_err();
        assert!(
            e.contains("retired") && !e.contains("IncomingWebhook"),
            "{e}"
        );
        assert!(TeamsWebhook::new("ftp://x/y?sig=1", Duration::from_secs(5)).is_err());
    }

    #[test]
    fn answers_are_sorted_for_the_engine() {
        let wait = Duration::from_secs(9);
        let h = "h";
        assert_eq!(
            answer(h, StatusCode::TOO_MANY_REQUESTS, wait, ""),
            ChatError::Limited(wait)
        );
        assert!(answer(h, StatusCode::BAD_GATEWAY, wait, "<html>").is_transient());
        let e = answer(
            h,
            StatusCode::UNAUTHORIZED,
            wait,
            r#"{"error":{"code":"DirectApiInvalidAuthorizationSignature","message":"The provided authorization signature is not valid."}}"#,
        );
        assert!(
            matches!(&e, ChatError::Credentials(m) if m.contains("DirectApiInvalidAuthorizationSignature")),
            "{e:?}"
        );
        let e = answer(
            h,
            StatusCode::BAD_REQUEST,
            wait,
            r#"{"error":{"code":"InvalidAdaptiveCard","message":"body[0]: `text` is required"}}"#,
        );
        assert!(matches!(&e, ChatError::Refused(m) if m.contains("`text` is required")));
    }
}
