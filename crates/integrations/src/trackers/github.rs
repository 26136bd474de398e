//! GitHub Issues through the REST API: `POST /repos/{owner}/{repo}/issues` with a bearer token
//! (a fine-grained token with "Issues: read and write" on the repository).
//!
//! GitHub takes no idempotency key for creating issues, so the body ends with a hidden marker,
//! `<!-- goldseam:MARKER -->`, and a retry first lists the repository's newest issues looking
//! for it. The list, not the search API: search is indexed asynchronously and can miss an issue
//! created a moment ago, which is exactly the one a retry is looking for.

use super::status::{classify, transport};
use super::{check_marker, FiledIssue, TrackerIssue};
use crate::{encode_key, http, Secret, SendError};
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use std::time::Duration;

/// Newest issues looked through on a retry, 100 a page. A retry comes minutes after the
/// attempt it repeats; more than 300 issues filed in between is not a repository we serve.
const MAX_PAGES: usize = 3;

/// GitHub settings.
#[derive(Debug, Clone, Default)]
pub struct GitHubConfig {
    /// `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server.
    pub base_url: String,
    /// The repository's owner (user or organisation).
    pub owner: String,
    /// The repository's name.
    pub repo: String,
    /// A token allowed to read and write the repository's issues.
    pub token: Secret,
    /// Labels put on every issue filed (they must exist in the repository, or GitHub drops them
    /// silently for tokens without push access).
    pub labels: Vec<String>,
    /// How long one request may take.
    pub timeout: Duration,
}

/// The GitHub Issues adapter.
#[derive(Debug, Clone)]
pub struct GitHub {
    config: GitHubConfig,
    client: reqwest::Client,
}

/// The hidden comment that ties an issue to its follow-up.
fn marker_comment(marker: &str) -> String {
    format!("<!-- goldseam:{marker} -->")
}

/// The URL of the `rel="next"` page in a `Link` header, if any.
fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get(reqwest::header::LINK)?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (url, params) = part.trim().split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| url.to_string())
    })
}

/// GitHub's explanation: its `message` and each entry of `errors`.
fn explain(text: &str) -> String {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return text.to_string();
    };
    let mut said = v["message"].as_str().unwrap_or_default().to_string();
    for e in v["errors"].as_array().into_iter().flatten() {
        let detail = match e["message"].as_str() {
            Some(m) => m.to_string(),
            None => format!(
                "{} {}",
                e["field"].as_str().unwrap_or_default(),
                e["code"].as_str().unwrap_or_default()
            ),
        };
        said.push_str(&format!("; {}", detail.trim()));
    }
    said
}

impl GitHub {
    /// An adapter with these settings.
    pub fn new(config: GitHubConfig) -> GitHub {
        let client = http::client(config.timeout);
        GitHub {
            config: GitHubConfig {
                base_url: config.base_url.trim_end_matches('/').to_string(),
                ..config
            },
            client,
        }
    }

    fn issues_url(&self) -> String {
        format!(
            "{}/repos/{}/{}/issues",
            self.config.base_url,
            encode_key(&self.config.owner),
            encode_key(&self.config.repo)
        )
    }

    fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, url)
            .bearer_auth(self.config.token.expose())
            .header("accept", "application/vnd.github+json")
            .header("x-github-api-version", "2022-11-28")
    }

    /// The issue's key as webhooks will name it: with the repository's own spelling from
    /// `repository_url` (GitHub's names are case-insensitive, webhooks carry the canonical
    /// `full_name`), falling back to the configured owner and name.
    fn filed(&self, issue: &Value) -> Option<FiledIssue> {
        let number = issue["number"].as_u64()?;
        let configured = format!("{}/{}", self.config.owner, self.config.repo);
        let repo = issue["repository_url"]
            .as_str()
            .and_then(|u| u.rsplit_once("/repos/"))
            .map(|(_, r)| r.to_string())
            .filter(|r| r.eq_ignore_ascii_case(&configured))
            .unwrap_or(configured);
        Some(FiledIssue {
            key: format!("{repo}#{number}"),
            url: issue["html_url"].as_str()?.to_string(),
        })
    }

    /// Files `issue`, or with `retry`, returns the issue an earlier attempt filed if there is one.
    pub async fn file(&self, issue: &TrackerIssue, retry: bool) -> Result<FiledIssue, SendError> {
        check_marker(&issue.marker)?;
        if retry {
            if let Some(found) = self.find(&issue.marker).await? {
                return Ok(found);
            }
        }
        let body = format!(
            "{}\n\nFollow-up in Goldseam: {}\n\n{}",
            issue.body.trim_end(),
            issue.link,
            marker_comment(&issue.marker)
        );
        let mut payload = json!({"title": issue.title, "body": body});
        if !self.config.labels.is_empty() {
            payload["labels"] = json!(self.config.labels);
        }
        let res = self
            .request(reqwest::Method::POST, &self.issues_url())
            .json(&payload)
            .send()
            .await
            .map_err(|e| transport("GitHub", e))?;
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.map_err(|e| transport("GitHub", e))?;
        if !status.is_success() {
            return Err(classify("GitHub", status, &headers, &explain(&text)));
        }
        // Created but unreadable: say retry, and the retry finds it by its marker.
        serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| self.filed(&v))
            .ok_or_else(|| SendError::Retry(format!("GitHub's answer had no issue number: {text}")))
    }

    /// The newest issue whose body carries `marker`, looking through at most [`MAX_PAGES`].
    async fn find(&self, marker: &str) -> Result<Option<FiledIssue>, SendError> {
        let needle = marker_comment(marker);
        let mut url = Some(format!(
            "{}?state=all&per_page=100&sort=created&direction=desc",
            self.issues_url()
        ));
        for _ in 0..MAX_PAGES {
            let Some(page) = url.take() else { break };
            let res = self
                .request(reqwest::Method::GET, &page)
                .send()
                .await
                .map_err(|e| transport("GitHub", e))?;
            let status = res.status();
            let headers = res.headers().clone();
            let text = res.text().await.map_err(|e| transport("GitHub", e))?;
            if !status.is_success() {
                return Err(classify("GitHub", status, &headers, &explain(&text)));
            }
            let issues: Vec<Value> = serde_json::from_str(&text).map_err(|e| {
                SendError::Retry(format!("GitHub's issue list was not a JSON array: {e}"))
            })?;
            let found = issues.iter().find(|i| {
                i.get("pull_request").is_none()
                    && i["body"].as_str().is_some_and(|b| b.contains(&needle))
            });
            if let Some(found) = found.and_then(|i| self.filed(i)) {
                return Ok(Some(found));
            }
            // The token goes with every page, so a next page elsewhere is not followed.
            url = next_link(&headers).filter(|u| u.starts_with(&self.config.base_url));
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_comes_from_the_link_header() {
        let mut h = HeaderMap::new();
        h.insert(
            "link",
            "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", \
             <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\""
                .parse()
                .unwrap(),
        );
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        h.insert("link", "<https://x/?page=1>; rel=\"prev\"".parse().unwrap());
        assert_eq!(next_link(&h), None);
    }

    #[test]
    fn githubs_validation_errors_are_spelled_out() {
        let said = explain(
            r#"{"message":"Validation Failed","errors":[{"resource":"Issue","code":"missing_field","field":"title"}]}"#,
        );
        assert_eq!(said, "Validation Failed; title missing_field");
    }
}
