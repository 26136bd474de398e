//! The messages readers get: an email (text and HTML) for people and mailing lists, a short post
//! for Slack channels. The body is the rendering stored for the version; around it each message
//! says why it came (first publication, amendment, reminder), links to the reader's personal page
//! and says why they receive it.

use super::policy::Rendering;
use crate::text::escape_html;
use serde::{Deserialize, Serialize};

/// Why a reader gets a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The version is published and they had not read an earlier one.
    First,
    /// They read an earlier version; this one changed it.
    Amended,
    /// They must read it and have not said they did.
    Reminder,
}

/// What one reader's email is made of.
#[derive(Debug, Clone)]
pub struct ReaderMessage<'a> {
    /// `INC-7`.
    pub reference: &'a str,
    /// The incident's title.
    pub title: &'a str,
    /// The version sent.
    pub version: i64,
    /// What they read.
    pub rendering: Rendering,
    /// Why it comes.
    pub purpose: Purpose,
    /// The stored subject of the version's rendering.
    pub subject: &'a str,
    /// The rendering as Markdown.
    pub text_body: &'a str,
    /// The rendering as sanitized HTML.
    pub html_body: &'a str,
    /// What changed since the version before (for amendments).
    pub changes: &'a [String],
    /// Their personal link.
    pub link: &'a str,
    /// Why they receive it, as the readers list says it (`participant`, `team:Payments`).
    pub reasons: &'a [String],
}

/// A composed email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The reasons in words: "you took part in it", "you are in Payments".
fn because(reasons: &[String]) -> String {
    let words: Vec<String> = reasons
        .iter()
        .map(|r| match r.as_str() {
            "participant" => "you took part in the incident".to_string(),
            "subscriber" => "you subscribe to incidents like it".to_string(),
            "everyone" => "it is shared with the whole company".to_string(),
            "channel" => "this address is on its distribution list".to_string(),
            other => match other.strip_prefix("team:") {
                Some(team) => format!("you are in {team}"),
                None => other.to_string(),
            },
        })
        .collect();
    format!("You receive this because {}.", words.join(", and "))
}

/// One reader's email.
pub fn compose_email(m: &ReaderMessage) -> ComposedEmail {
    let what = match m.rendering {
        Rendering::Full => "postmortem",
        Rendering::Summary => "postmortem's executive summary",
    };
    let (subject, intro) = match m.purpose {
        Purpose::First => (
            m.subject.to_string(),
            format!("The {what} of {} {} is published.", m.reference, m.title),
        ),
        Purpose::Amended => (
            format!("Amended: {}", m.subject),
            format!(
                "The postmortem of {} {} that you read was amended (version {}). What changed:",
                m.reference, m.title, m.version
            ),
        ),
        Purpose::Reminder => (
            format!("Reminder: {}", m.subject),
            format!(
                "You are asked to read the {what} of {} {}. When you have, say so with the button on its page.",
                m.reference, m.title
            ),
        ),
    };
    let changes = if m.purpose == Purpose::Amended {
        m.changes.to_vec()
    } else {
        Vec::new()
    };
    let mut text = intro.clone();
    text.push('\n');
    for c in &changes {
        text.push_str(&format!("- {c}\n"));
    }
    text.push_str(&format!(
        "\n{}\n\n---\nRead it online and say you have read it: {}\n{}\n",
        m.text_body.trim_end(),
        m.link,
        because(m.reasons)
    ));
    let mut html = format!("<p>{}</p>\n", escape_html(&intro));
    if !changes.is_empty() {
        html.push_str("<ul>\n");
        for c in &changes {
            html.push_str(&format!("<li>{}</li>\n", escape_html(c)));
        }
        html.push_str("</ul>\n");
    }
    html.push_str(&format!(
        "<hr>\n{}\n<hr>\n<p><a href=\"{}\">Read it online and say you have read it</a></p>\n<p><small>{}</small></p>\n",
        m.html_body,
        escape_html(m.link),
        escape_html(&because(m.reasons))
    ));
    ComposedEmail {
        subject,
        text,
        html,
    }
}

/// The post a Slack channel gets: the title, the summary's opening lines and the link.
pub fn slack_post(reference: &str, title: &str, version: i64, summary: &str, link: &str) -> String {
    const MAX: usize = 1_500;
    let mut excerpt: String = summary.chars().take(MAX).collect();
    if summary.chars().count() > MAX {
        excerpt.push('…');
    }
    let amended = if version > 1 {
        format!(" (amended, version {version})")
    } else {
        String::new()
    };
    format!(
        "*Postmortem published{amended}: {reference} {title}*\n{}\n<{link}|Read the postmortem>",
        excerpt.trim()
    )
}
