//! Jira Cloud through REST API v3: `POST {site}/rest/api/3/issue` with basic auth (an Atlassian
//! account's email and an API token). The description is an Atlassian Document Format (ADF)
//! document, which v3 requires instead of wiki text.
//!
//! Jira takes no idempotency key either; the follow-up's marker goes on the issue as a label,
//! and a retry first searches `labels = "MARKER"` (`POST /rest/api/3/search/jql`).

use super::status::{classify, transport};
use super::{check_marker, FiledIssue, TrackerIssue};
use crate::{http, Secret, SendError};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

/// Jira settings.
#[derive(Debug, Clone, Default)]
pub struct JiraConfig {
    /// The site, `https://YOURSITE.atlassian.net`.
    pub base_url: String,
    /// The Atlassian account the API token belongs to.
    pub email: String,
    /// Its API token.
    pub api_token: Secret,
    /// The project issues are filed in, e.g. `OPS`.
    pub project_key: String,
    /// The issue type, e.g. `Task`.
    pub issue_type: String,
    /// How long one request may take.
    pub timeout: Duration,
}

/// The Jira Cloud adapter.
#[derive(Debug, Clone)]
pub struct Jira {
    config: JiraConfig,
    client: reqwest::Client,
}

fn text(s: &str) -> Value {
    json!({"type": "text", "text": s})
}

/// An ADF document: one paragraph per block of `body` (blocks are separated by blank lines,
/// lines within a block by hard breaks), then a paragraph linking to `link`. The Markdown is
/// kept as text: ADF has no Markdown node, and a wrong conversion is worse than none. ADF
/// refuses empty text nodes, so blank lines never become one.
pub fn adf_description(body: &str, link: &str) -> Value {
    let mut content: Vec<Value> = Vec::new();
    for block in body.replace("\r\n", "\n").split("\n\n") {
        let mut nodes = Vec::new();
        for line in block.lines().filter(|l| !l.trim().is_empty()) {
            if !nodes.is_empty() {
                nodes.push(json!({"type": "hardBreak"}));
            }
            nodes.push(text(line));
        }
        if !nodes.is_empty() {
            content.push(json!({"type": "paragraph", "content": nodes}));
        }
    }
    content.push(json!({"type": "paragraph", "content": [
        text("Follow-up in Goldseam: "),
        {"type": "text", "text": link, "marks": [{"type": "link", "attrs": {"href": link}}]},
    ]}));
    json!({"type": "doc", "version": 1, "content": content})
}

/// Jira's explanation: `errorMessages` and each field of `errors`, and whether the fields at
/// fault are ours to configure (the project or the issue type) rather than the follow-up's.
fn explain(text: &str) -> (String, bool) {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return (text.to_string(), false);
    };
    let mut parts: Vec<String> = v["errorMessages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str().map(String::from))
        .collect();
    let mut settings = false;
    if let Some(errors) = v["errors"].as_object() {
        for (field, message) in errors {
            settings |= matches!(field.as_str(), "project" | "issuetype");
            parts.push(format!("{field}: {}", message.as_str().unwrap_or_default()));
        }
    }
    (parts.join("; "), settings)
}

impl Jira {
    /// An adapter with these settings.
    pub fn new(config: JiraConfig) -> Jira {
        let client = http::client(config.timeout);
        Jira {
            config: JiraConfig {
                base_url: config.base_url.trim_end_matches('/').to_string(),
                ..config
            },
            client,
        }
    }

    fn filed(&self, key: &str) -> FiledIssue {
        FiledIssue {
            key: key.to_string(),
            url: format!("{}/browse/{key}", self.config.base_url),
        }
    }

    /// POSTs `payload` to `path`; the JSON answer, or the error it means.
    async fn post(&self, path: &str, payload: &Value) -> Result<Value, SendError> {
        let res = self
            .client
            .post(format!("{}{path}", self.config.base_url))
            .basic_auth(&self.config.email, Some(self.config.api_token.expose()))
            .header("accept", "application/json")
            .json(payload)
            .send()
            .await
            .map_err(|e| transport("Jira", e))?;
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.text().await.map_err(|e| transport("Jira", e))?;
        if !status.is_success() {
            let (said, settings) = explain(&body);
            if status == StatusCode::BAD_REQUEST && settings {
                return Err(SendError::Configuration(format!(
                    "Jira refused the project or issue type: {said}"
                )));
            }
            return Err(classify("Jira", status, &headers, &said));
        }
        // Accepted but unreadable: say retry, and the retry finds the issue by its label.
        serde_json::from_str(&body)
            .map_err(|e| SendError::Retry(format!("Jira's answer was not JSON ({e}): {body}")))
    }

    /// Files `issue`, or with `retry`, returns the issue an earlier attempt filed if there is one.
    pub async fn file(&self, issue: &TrackerIssue, retry: bool) -> Result<FiledIssue, SendError> {
        check_marker(&issue.marker)?;
        if retry {
            let query = json!({
                "jql": format!("labels = \"{}\"", issue.marker),
                "fields": ["key"],
                "maxResults": 1,
            });
            let found = self.post("/rest/api/3/search/jql", &query).await?;
            if let Some(key) = found["issues"][0]["key"].as_str() {
                return Ok(self.filed(key));
            }
        }
        let payload = json!({"fields": {
            "project": {"key": self.config.project_key},
            "issuetype": {"name": self.config.issue_type},
            "summary": issue.title,
            "description": adf_description(&issue.body, &issue.link),
            "labels": [issue.marker],
        }});
        let created = self.post("/rest/api/3/issue", &payload).await?;
        match created["key"].as_str() {
            Some(key) => Ok(self.filed(key)),
            None => Err(SendError::Retry(format!(
                "Jira's answer had no issue key: {created}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_adf_paragraphs_without_empty_text_and_end_with_the_link() {
        let doc = adf_description("First line\nsecond\n\n\n\nNext block\n", "https://g/f/57");
        assert_eq!(doc["type"], "doc");
        assert_eq!(doc["version"], 1);
        let paras = doc["content"].as_array().unwrap();
        assert_eq!(paras.len(), 3, "{doc}");
        assert_eq!(paras[0]["content"][1]["type"], "hardBreak");
        assert_eq!(paras[1]["content"][0]["text"], "Next block");
        assert_eq!(
            paras[2]["content"][1]["marks"][0]["attrs"]["href"],
            "https://g/f/57"
        );
        assert!(!doc.to_string().contains("\"text\":\"\""));
    }

    #[test]
    fn field_errors_are_named_and_project_errors_are_settings() {
        let (said, settings) = explain(
            r#"{"errorMessages":[],"errors":{"summary":"You must specify a summary of the issue."}}"#,
        );
        assert_eq!(said, "summary: You must specify a summary of the issue.");
        assert!(!settings);
        assert!(explain(r#"{"errors":{"project":"valid project is required"}}"#).1);
    }
}
