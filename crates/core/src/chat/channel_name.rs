//! Incident channel names from an admin's template (`inc-{number}-{title}` by default), within
//! the platform's rules: lowercase ASCII letters, digits, `-` and `_`, no spaces or periods, at
//! most 80 characters on Slack (64 on Mattermost). A name already taken gets `-2`, `-3`… kept
//! inside the cap, so the channel is always created.

use crate::error::DomainError;
use crate::id::IncidentId;

/// The default template.
pub const DEFAULT_TEMPLATE: &str = "inc-{number}-{title}";

/// The placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &["number", "reference", "title", "severity", "date"];

/// A checked channel-name template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelNameTemplate(String);

/// What a name is made from.
#[derive(Debug, Clone, Copy)]
pub struct ChannelFacts<'a> {
    /// The incident.
    pub incident: IncidentId,
    /// Its title.
    pub title: &'a str,
    /// Its severity key.
    pub severity: &'a str,
    /// The day it was declared, `YYYY-MM-DD`.
    pub date: &'a str,
}

impl Default for ChannelNameTemplate {
    fn default() -> Self {
        ChannelNameTemplate(DEFAULT_TEMPLATE.into())
    }
}

impl ChannelNameTemplate {
    /// Checks that every `{placeholder}` is known and that the number is in it (two incidents
    /// with the same title would otherwise race for one name).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let field = "channel_name_template";
        let mut rest = raw;
        let mut has_number = false;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after.find('}').ok_or_else(|| {
                DomainError::invalid(field, "a `{` is not closed; write {number}, {title}…")
            })?;
            let name = &after[..close];
            if !PLACEHOLDERS.contains(&name) {
                return Err(DomainError::invalid(
                    field,
                    format!(
                        "unknown placeholder {{{name}}}; use {}",
                        PLACEHOLDERS
                            .iter()
                            .map(|p| format!("{{{p}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            has_number |= name == "number" || name == "reference";
            rest = &after[close + 1..];
        }
        if !has_number {
            return Err(DomainError::invalid(
                field,
                "the template must contain {number} or {reference}",
            ));
        }
        Ok(ChannelNameTemplate(raw.to_string()))
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name for `facts`: `attempt` 0 is the plain name, 1 adds `-2`, and so on, each at most
    /// `cap` characters.
    pub fn render(&self, facts: &ChannelFacts<'_>, attempt: u32, cap: usize) -> String {
        let number = facts.incident.to_string();
        let filled = self
            .0
            .replace("{number}", &number)
            .replace("{reference}", &facts.incident.reference())
            .replace("{severity}", facts.severity)
            .replace("{date}", facts.date)
            .replace("{title}", facts.title);
        let mut name = slug(&filled);
        if name.is_empty() {
            name = format!("inc-{number}");
        }
        let suffix = if attempt == 0 {
            String::new()
        } else {
            format!("-{}", attempt + 1)
        };
        let room = cap.saturating_sub(suffix.len());
        name.truncate(room);
        let name = name.trim_end_matches(['-', '_']);
        format!("{name}{suffix}")
    }
}

/// Lowercase ASCII letters and digits, `_` kept, everything else one `-`, no `-` at the ends.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(title: &str) -> ChannelFacts<'_> {
        ChannelFacts {
            incident: IncidentId::from_db(42),
            title,
            severity: "SEV1",
            date: "2026-12-04",
        }
    }

    #[test]
    fn the_default_name_is_the_number_and_the_title_in_slack_s_alphabet() {
        let t = ChannelNameTemplate::default();
        assert_eq!(
            t.render(&facts("Checkout is DOWN (EU), v2.3!"), 0, 80),
            "inc-42-checkout-is-down-eu-v2-3"
        );
        assert_eq!(
            t.render(&facts("Zahlungsausfall in Köln"), 0, 80),
            "inc-42-zahlungsausfall-in-k-ln"
        );
        assert_eq!(t.render(&facts("!!!"), 0, 80), "inc-42");
    }

    #[test]
    fn collisions_get_a_suffix_inside_the_cap() {
        let t = ChannelNameTemplate::default();
        let long =
            "a very long title about the payment gateway timing out for every customer in europe";
        for attempt in 0..12 {
            let name = t.render(&facts(long), attempt, 80);
            assert!(name.len() <= 80, "{name}");
            assert!(!name.contains("--"), "{name}");
            if attempt > 0 {
                assert!(name.ends_with(&format!("-{}", attempt + 1)), "{name}");
            }
        }
        assert_eq!(t.render(&facts("db"), 1, 80), "inc-42-db-2");
        assert!(t.render(&facts(long), 0, 64).len() <= 64);
    }

    #[test]
    fn templates_name_known_placeholders_and_the_number() {
        let t = ChannelNameTemplate::parse("{date}_{severity}_{reference}").unwrap();
        assert_eq!(t.render(&facts("x"), 0, 80), "2026-12-04_sev1_inc-42");
        for bad in ["inc-{id}", "inc-{number", "{title}", "static"] {
            assert!(ChannelNameTemplate::parse(bad).is_err(), "{bad}");
        }
    }
}
