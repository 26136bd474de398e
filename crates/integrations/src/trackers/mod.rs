//! Issue trackers for follow-ups (GitHub Issues, Jira Cloud): filing an issue for a follow-up,
//! and the signed webhooks that tell us when someone closes or reopens it.
//!
//! Neither tracker takes an idempotency key when an issue is created. Every issue filed carries
//! the follow-up's marker instead (a hidden comment in a GitHub body, a label in Jira), and a
//! retry (`retry == true`: an earlier attempt may have been accepted before it failed or timed
//! out) first looks for an issue with the marker and returns it. One issue per follow-up.
//!
//! Inbound webhooks are verified before anything in them is parsed ([`verify_github`],
//! [`verify_jira`]); a refusal says what was wrong and which HTTP status to answer.

mod github;
mod inbound;
mod jira;
pub mod signature;
mod status;

pub use github::{GitHub, GitHubConfig};
pub use inbound::{verify_github, verify_jira, Inbound, WebhookRefusal, MAX_WEBHOOK_BODY};
pub use jira::{adf_description, Jira, JiraConfig};

use crate::SendError;

/// What to file: a follow-up as a tracker issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerIssue {
    /// The issue's title (GitHub) or summary (Jira).
    pub title: String,
    /// Markdown text; paragraphs are separated by blank lines. The adapter adds the link and
    /// the marker.
    pub body: String,
    /// Unique per follow-up, e.g. `goldseam-follow-up-57`: `[a-z0-9-]`, at most 64 characters.
    pub marker: String,
    /// The follow-up's page in Goldseam.
    pub link: String,
}

/// An issue the tracker holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledIssue {
    /// `owner/repo#12` on GitHub, `OPS-12` on Jira: what inbound webhooks name it by.
    pub key: String,
    /// Its page, for people.
    pub url: String,
}

/// A verified webhook saying an issue was closed or reopened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerEvent {
    /// The sender's id for this delivery, to deduplicate redeliveries by.
    pub delivery_id: String,
    /// The issue, as [`FiledIssue::key`] names it.
    pub key: String,
    /// Closed (GitHub `closed`, Jira status category `done`), or reopened when false.
    pub closed: bool,
}

/// Markers go into a JQL string and an HTML comment, so only a harmless alphabet is allowed:
/// a marker that could close the comment or the quoted string would be an injection.
pub(crate) fn check_marker(marker: &str) -> Result<(), SendError> {
    let ok = !marker.is_empty()
        && marker.len() <= 64
        && marker
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(SendError::Permanent(format!(
            "the tracker marker {marker:?} must be 1 to 64 characters of a-z, 0-9 and -"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_that_could_escape_a_comment_or_a_jql_string_are_refused() {
        assert!(check_marker("goldseam-follow-up-57").is_ok());
        for bad in ["", "a\"b", "x -->", "UPPER", &"a".repeat(65)] {
            assert!(
                matches!(check_marker(bad), Err(SendError::Permanent(_))),
                "{bad}"
            );
        }
    }
}
