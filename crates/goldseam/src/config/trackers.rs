//! The issue trackers follow-ups are filed in (`delivery.github_*`, `delivery.jira_*`): each is
//! set up when its credentials and target are all given, and refused when only some are. Any
//! other tracker can follow them through `delivery.follow_up_webhook_url`.

use anyhow::{bail, Error, Result};
use goldseam_integrations::trackers::{GitHub, GitHubConfig, Jira, JiraConfig};
use goldseam_integrations::{Secret, Trackers};
use std::time::Duration;

/// The keys, as `delivery.KEY`, and their variables.
pub const KEYS: &[(&str, &str)] = &[
    ("delivery.github_base_url", "GOLDSEAM_GITHUB_BASE_URL"),
    ("delivery.github_token", "GOLDSEAM_GITHUB_TOKEN"),
    ("delivery.github_repo", "GOLDSEAM_GITHUB_REPO"),
    (
        "delivery.github_webhook_secret",
        "GOLDSEAM_GITHUB_WEBHOOK_SECRET",
    ),
    ("delivery.jira_url", "GOLDSEAM_JIRA_URL"),
    ("delivery.jira_email", "GOLDSEAM_JIRA_EMAIL"),
    ("delivery.jira_api_token", "GOLDSEAM_JIRA_API_TOKEN"),
    ("delivery.jira_project", "GOLDSEAM_JIRA_PROJECT"),
    ("delivery.jira_issue_type", "GOLDSEAM_JIRA_ISSUE_TYPE"),
    (
        "delivery.jira_webhook_secret",
        "GOLDSEAM_JIRA_WEBHOOK_SECRET",
    ),
    (
        "delivery.follow_up_webhook_url",
        "GOLDSEAM_FOLLOW_UP_WEBHOOK_URL",
    ),
];

/// The keys whose values are credentials.
pub const SECRETS: &[&str] = &[
    "github_token",
    "github_webhook_secret",
    "jira_api_token",
    "jira_webhook_secret",
    // A receiver's URL often carries its token in the query string.
    "follow_up_webhook_url",
];

fn http_url(key: &str, u: &str, invalid: &dyn Fn(&str, String) -> Error) -> Result<String> {
    let u = u.trim_end_matches('/').to_string();
    if !(u.starts_with("http://") || u.starts_with("https://")) {
        bail!(invalid(
            key,
            format!("{u:?} is not an http:// or https:// URL")
        ));
    }
    Ok(u)
}

/// The trackers the settings set up.
pub(super) fn load(
    get: &dyn Fn(&str) -> Option<String>,
    invalid: &dyn Fn(&str, String) -> Error,
    timeout: Duration,
) -> Result<Trackers> {
    let mut trackers = Trackers {
        github_webhook_secret: get("github_webhook_secret").map(Secret::new),
        jira_webhook_secret: get("jira_webhook_secret").map(Secret::new),
        ..Trackers::default()
    };
    if let Some(url) = get("follow_up_webhook_url") {
        let checked =
            goldseam_core::people::contact::parse_webhook_url("follow_up_webhook_url", &url)
                .map_err(|e| invalid("follow_up_webhook_url", e.to_string()))?;
        trackers.follow_up_webhook = Some(checked);
    }
    let github_base = http_url(
        "github_base_url",
        &get("github_base_url").unwrap_or_else(|| "https://api.github.com".into()),
        invalid,
    )?;
    match (get("github_token"), get("github_repo")) {
        (None, None) => {}
        (Some(token), Some(repo)) => {
            let Some((owner, name)) = repo
                .split_once('/')
                .filter(|(o, n)| !o.is_empty() && !n.is_empty() && !n.contains('/'))
            else {
                bail!(invalid(
                    "github_repo",
                    format!("{repo:?} is not owner/name, such as acme/api")
                ));
            };
            trackers.github = Some(GitHub::new(GitHubConfig {
                base_url: github_base,
                owner: owner.into(),
                repo: name.into(),
                token: Secret::new(token),
                labels: vec!["follow-up".into()],
                timeout,
            }));
        }
        _ => bail!(invalid(
            "github_token",
            "set github_token and github_repo together, or neither".into()
        )),
    }
    match (
        get("jira_url"),
        get("jira_email"),
        get("jira_api_token"),
        get("jira_project"),
    ) {
        (None, None, None, None) => {}
        (Some(url), Some(email), Some(token), Some(project)) => {
            trackers.jira = Some(Jira::new(JiraConfig {
                base_url: http_url("jira_url", &url, invalid)?,
                email,
                api_token: Secret::new(token),
                project_key: project,
                issue_type: get("jira_issue_type").unwrap_or_else(|| "Task".into()),
                timeout,
            }));
        }
        _ => bail!(invalid(
            "jira_url",
            "set jira_url, jira_email, jira_api_token and jira_project together, or none".into()
        )),
    }
    Ok(trackers)
}
