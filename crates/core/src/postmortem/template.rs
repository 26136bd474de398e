//! Postmortem templates: an ordered list of sections, each with the help text the editor shows
//! as its placeholder. Admins edit one per incident type; every type starts with the default,
//! which asks what a team needs to learn from an incident, in the order people write it.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

/// The most sections a template may have: a postmortem is read, not filed.
pub const MAX_SECTIONS: usize = 30;
const MAX_TITLE: usize = 120;
const MAX_HELP: usize = 1_000;

/// One section of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateSection {
    /// Stable key (`summary`, `impact`...): seeding and exports find sections by it.
    pub key: String,
    /// The heading.
    pub title: String,
    /// What to write there, shown as the empty section's placeholder.
    pub help: String,
}

fn section(key: &str, title: &str, help: &str) -> TemplateSection {
    TemplateSection {
        key: key.into(),
        title: title.into(),
        help: help.into(),
    }
}

/// The template every incident type starts with. `timeline` is filled from the incident's pinned
/// events and key transitions when the postmortem opens; the others start empty.
pub fn default_template() -> Vec<TemplateSection> {
    vec![
        section("summary", "Summary", "Two or three sentences anyone in the company can read: what happened, to whom, and that it is over."),
        section("impact", "Impact", "Who was affected, for how long, and how badly: customers, requests, money, data."),
        section("timeline", "Timeline", "What happened when, from the first signal to the all-clear."),
        section("what_went_wrong", "What went wrong", "The failure as the customers and the responders saw it."),
        section("contributing_factors", "Why it went wrong", "The contributing factors, one per line, each with its category: there is rarely a single root cause."),
        section("what_we_tried", "What we tried", "What the responders did, including what did not work, and why it seemed right at the time."),
        section("what_worked", "What worked", "What helped: tools, people, runbooks, luck excluded."),
        section("where_we_got_lucky", "Where we got lucky", "What could have made it worse and did not, this time."),
        section("follow_ups", "How we safeguard the future", "The follow-ups, each with an owner and a due date."),
    ]
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// Every problem with a template an admin sends, each named by its path (`sections[2].key`).
pub fn validate_template(sections: &[TemplateSection]) -> Vec<DomainError> {
    let mut errors = Vec::new();
    if sections.is_empty() {
        errors.push(DomainError::invalid(
            "sections",
            "a template needs at least one section",
        ));
    }
    if sections.len() > MAX_SECTIONS {
        errors.push(DomainError::invalid(
            "sections",
            format!("at most {MAX_SECTIONS} sections"),
        ));
    }
    for (i, s) in sections.iter().enumerate() {
        let at = |field: &str| format!("sections[{i}].{field}");
        if s.key.is_empty() || s.key.len() > 40 || !s.key.chars().all(is_key_char) {
            errors.push(DomainError::invalid(
                at("key"),
                "1 to 40 lowercase letters, digits or underscores, such as what_went_wrong",
            ));
        } else if sections[..i].iter().any(|o| o.key == s.key) {
            errors.push(DomainError::invalid(
                at("key"),
                format!("{:?} is already the key of an earlier section", s.key),
            ));
        }
        let title = s.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE {
            errors.push(DomainError::invalid(
                at("title"),
                format!("1 to {MAX_TITLE} characters"),
            ));
        }
        if s.help.chars().count() > MAX_HELP {
            errors.push(DomainError::invalid(
                at("help"),
                format!("at most {MAX_HELP} characters"),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_asks_what_teams_were_promised_in_order() {
        let titles: Vec<String> = default_template().into_iter().map(|s| s.title).collect();
        assert_eq!(
            titles,
            [
                "Summary",
                "Impact",
                "Timeline",
                "What went wrong",
                "Why it went wrong",
                "What we tried",
                "What worked",
                "Where we got lucky",
                "How we safeguard the future"
            ]
        );
        assert!(validate_template(&default_template()).is_empty());
    }

    #[test]
    fn each_problem_is_named_by_its_path() {
        let mut sections = default_template();
        sections[1].key = "summary".into();
        sections[2].key = "Time line".into();
        sections[3].title = "  ".into();
        sections[4].help = "x".repeat(1_001);
        let fields = super::super::invalid_fields(validate_template(&sections));
        assert_eq!(
            fields,
            [
                "sections[1].key",
                "sections[2].key",
                "sections[3].title",
                "sections[4].help"
            ]
        );
        assert_eq!(validate_template(&[]).len(), 1);
        let too_many: Vec<TemplateSection> = (0..31)
            .map(|i| section(&format!("s{i}"), "S", ""))
            .collect();
        assert_eq!(validate_template(&too_many).len(), 1);
    }
}
