//! The REST API v4 client: the bot token as `Authorization: Bearer`, JSON both ways, and
//! Mattermost's error body read into [`MattermostError`]. Clones share one [`Pace`], so every
//! caller draws on the same view of the server's rate limit. A call waits for its lane (and
//! its route, if a proxy refused that route), and on a 429 waits out `Retry-After` and tries
//! again within its patience; past that it gives up with [`MattermostError::RateLimited`].
//! Nothing else is retried here.

mod error;

pub use error::MattermostError;

use super::pace::Pace;
use crate::chat::api::Lane;
use crate::{http, Secret};
use error::{limited_for, refused};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a call may wait on the rate limit unless told otherwise.
pub const DEFAULT_PATIENCE: Duration = Duration::from_secs(30);

/// Who the bot is (`GET /users/me`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotIdentity {
    /// Its user id.
    pub user_id: String,
    /// Its username.
    pub username: String,
}

/// A client for one Mattermost server's bot. Cheap to clone; clones share the pace.
#[derive(Debug, Clone)]
pub struct MattermostClient {
    site: String,
    token: Secret,
    http: reqwest::Client,
    pace: Arc<Mutex<Pace>>,
    patience: Duration,
}

impl MattermostClient {
    /// A client for the site at `site_url` with the bot's token; each request gives up after
    /// `timeout`.
    pub fn new(site_url: &str, token: Secret, timeout: Duration) -> MattermostClient {
        MattermostClient {
            site: site_url.trim_end_matches('/').to_string(),
            token,
            http: http::client(timeout),
            pace: Arc::default(),
            patience: DEFAULT_PATIENCE,
        }
    }

    /// How long a call may wait on the rate limit; the clone still shares the pace.
    pub fn with_patience(mut self, patience: Duration) -> MattermostClient {
        self.patience = patience;
        self
    }

    /// The site URL, without a trailing slash.
    pub fn site_url(&self) -> &str {
        &self.site
    }

    /// The bot's token (the WebSocket authenticates with it too).
    pub fn token(&self) -> &Secret {
        &self.token
    }

    fn pace(&self) -> std::sync::MutexGuard<'_, Pace> {
        self.pace.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `method /api/v4{path}` with a JSON body, in `lane`. The answer's JSON (null for an
    /// empty body).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        lane: Lane,
        body: Option<&Value>,
    ) -> Result<Value, MattermostError> {
        let endpoint = format!("{method} {path}");
        let route = route(&method, path);
        let started = Instant::now();
        loop {
            loop {
                let wait = self.pace().try_take(lane, &route, Instant::now());
                if wait.is_zero() {
                    break;
                }
                if started.elapsed() + wait > self.patience {
                    return Err(MattermostError::RateLimited {
                        endpoint,
                        after: wait,
                    });
                }
                tokio::time::sleep(wait).await;
            }
            let mut req = self
                .http
                .request(method.clone(), format!("{}/api/v4{path}", self.site))
                .bearer_auth(self.token.expose());
            if let Some(b) = body {
                req = req.json(b);
            }
            let unreachable = |e: reqwest::Error| {
                MattermostError::Unavailable(format!("Mattermost unreachable ({endpoint}): {e}"))
            };
            let res = req.send().await.map_err(unreachable)?;
            let status = res.status();
            let headers = res.headers().clone();
            let text = res.text().await.map_err(unreachable)?;
            // Mattermost's limiter speaks for its bucket on every answer, a 429 included;
            // a 429 without its headers is a proxy's, about this route alone.
            let from_mattermost = headers.contains_key("x-ratelimit-limit");
            if status == StatusCode::TOO_MANY_REQUESTS {
                let after = limited_for(&headers);
                if from_mattermost {
                    self.learn(&headers);
                    self.pace().pause(after, Instant::now());
                } else {
                    self.pace().pause_route(&route, after, Instant::now());
                }
                if started.elapsed() + after > self.patience {
                    return Err(MattermostError::RateLimited { endpoint, after });
                }
                continue;
            }
            self.learn(&headers);
            if !status.is_success() {
                return Err(refused(&endpoint, status, &text));
            }
            if text.trim().is_empty() {
                return Ok(Value::Null);
            }
            return serde_json::from_str(&text).map_err(|_| {
                MattermostError::Unavailable(format!(
                    "Mattermost answered something not JSON to {endpoint}: {}",
                    text.chars().take(200).collect::<String>()
                ))
            });
        }
    }

    fn learn(&self, headers: &HeaderMap) {
        let num = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let limit = num("x-ratelimit-limit").map(|n| n.min(u64::from(u32::MAX)) as u32);
        let remaining = num("x-ratelimit-remaining").map(|n| n.min(u64::from(u32::MAX)) as u32);
        self.pace()
            .learn(limit, remaining, num("x-ratelimit-reset"), Instant::now());
    }

    /// POSTs `body` to a slash command's `response_url` (no token: the URL is the
    /// credential; Mattermost allows five uses in 30 minutes).
    pub async fn respond(&self, response_url: &str, body: &Value) -> Result<(), MattermostError> {
        const WHAT: &str = "POST response_url";
        let res = self
            .http
            .post(response_url)
            .json(body)
            .send()
            .await
            .map_err(|e| {
                MattermostError::Unavailable(format!("Mattermost unreachable ({WHAT}): {e}"))
            })?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(MattermostError::RateLimited {
                endpoint: WHAT.into(),
                after: limited_for(res.headers()),
            });
        }
        let text = res.text().await.unwrap_or_default();
        Err(refused(WHAT, status, &text))
    }

    /// Who the token belongs to.
    pub async fn me(&self) -> Result<BotIdentity, MattermostError> {
        let u = self
            .call(Method::GET, "/users/me", Lane::Urgent, None)
            .await?;
        Ok(BotIdentity {
            user_id: u["id"].as_str().unwrap_or_default().to_string(),
            username: u["username"].as_str().unwrap_or_default().to_string(),
        })
    }

    /// The team's URL name (`acme`), which proves the team id right and makes links.
    pub async fn team_name(&self, team_id: &str) -> Result<String, MattermostError> {
        let path = format!("/teams/{}", segment(team_id));
        let t = self.call(Method::GET, &path, Lane::Urgent, None).await?;
        Ok(t["name"].as_str().unwrap_or_default().to_string())
    }

    /// Every post of a channel created, edited or deleted after `since` (Unix ms): the
    /// server's `PostList`, for catching up after the WebSocket was away.
    pub async fn posts_since(&self, channel: &str, since: i64) -> Result<Value, MattermostError> {
        let path = format!("/channels/{}/posts?since={since}", segment(channel));
        self.call(Method::GET, &path, Lane::Bulk, None).await
    }

    /// A post (`POST /posts`); its id.
    pub async fn create_post(&self, lane: Lane, post: &Value) -> Result<String, MattermostError> {
        let p = self.call(Method::POST, "/posts", lane, Some(post)).await?;
        Ok(p["id"].as_str().unwrap_or_default().to_string())
    }

    /// The direct-message channel between the bot (`bot`, its user id) and `user`, made if it
    /// is not there yet (`POST /channels/direct`); its id. Urgent: pages wait on it.
    pub async fn direct_channel(&self, bot: &str, user: &str) -> Result<String, MattermostError> {
        let body = json!([bot, user]);
        let c = self
            .call(Method::POST, "/channels/direct", Lane::Urgent, Some(&body))
            .await?;
        match c["id"].as_str() {
            Some(id) if !id.is_empty() => Ok(id.to_string()),
            _ => Err(MattermostError::Unavailable(
                "Mattermost answered POST /channels/direct without a channel id".into(),
            )),
        }
    }

    /// An ephemeral post that only `user` sees.
    pub async fn ephemeral(
        &self,
        channel: &str,
        user: &str,
        message: &str,
    ) -> Result<(), MattermostError> {
        let body = json!({"user_id": user, "post": {"channel_id": channel, "message": message}});
        self.call(Method::POST, "/posts/ephemeral", Lane::Urgent, Some(&body))
            .await
            .map(|_| ())
    }
}

/// What a proxy limits by: the method and the path without its query, ids (26 letters and
/// digits) and addresses replaced by placeholders, so `PUT /posts/{id}/patch` is one route
/// whichever post it edits.
fn route(method: &Method, path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path
        .split('/')
        .map(|s| {
            let id = s.len() == 26 && s.bytes().all(|b| b.is_ascii_alphanumeric());
            if id {
                "{id}"
            } else if s.contains('@') || s.contains('%') {
                "{name}"
            } else {
                s
            }
        })
        .collect();
    format!("{method} {}", segments.join("/"))
}

/// A path segment, percent-encoded (an email's `+`, anything else unusual).
pub(crate) fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn routes_name_the_endpoint_not_the_post() {
        use reqwest::Method;
        assert_eq!(
            super::route(&Method::PUT, "/posts/8sd7hwgz9jfqtfpg8n3i5w7hbo/patch"),
            "PUT /posts/{id}/patch"
        );
        assert_eq!(
            super::route(
                &Method::GET,
                "/channels/8sd7hwgz9jfqtfpg8n3i5w7hbo/posts?since=5"
            ),
            "GET /channels/{id}/posts"
        );
        assert_eq!(
            super::route(&Method::GET, "/users/email/bo%2Bops@example.com"),
            "GET /users/email/{name}"
        );
        assert_eq!(super::route(&Method::POST, "/posts"), "POST /posts");
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(super::segment("bo+ops@example.com"), "bo%2Bops@example.com");
        assert_eq!(super::segment("a/b c"), "a%2Fb%20c");
    }
}
