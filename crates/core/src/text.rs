//! Validated text fields. Parse, don't validate: once a `Title` exists it is within limits.
//!
//! Text is stored and returned verbatim (HTML and SQL metacharacters included); sanitizing is
//! the renderer's job, where the output format is known.

use crate::error::DomainError;

/// Checks length in characters and refuses control characters other than newlines and tabs.
fn checked(
    field: &str,
    raw: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<String, DomainError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    let chars = trimmed.chars().count();
    if chars > max_chars {
        return Err(DomainError::invalid(
            field,
            format!("is {chars} characters long; at most {max_chars} are accepted"),
        ));
    }
    let bad = trimmed
        .chars()
        .find(|c| c.is_control() && !(multiline && (*c == '\n' || *c == '\t' || *c == '\r')));
    if let Some(c) = bad {
        let hint = if multiline {
            ""
        } else {
            " and must fit on one line"
        };
        return Err(DomainError::invalid(
            field,
            format!("contains the control character U+{:04X}{hint}", c as u32),
        ));
    }
    Ok(trimmed.to_string())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $max:expr, $multiline:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The most characters accepted.
            pub const MAX_CHARS: usize = $max;

            /// Trims and validates; `field` names the request field in errors.
            pub fn parse(field: &str, raw: &str) -> Result<Self, DomainError> {
                checked(field, raw, Self::MAX_CHARS, $multiline).map(Self)
            }

            /// The text, trimmed.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Takes the text out.
            pub fn into_string(self) -> String {
                self.0
            }
        }
    };
}

text_type!(
    /// An incident title: one line, up to 200 characters.
    Title, 200, false
);
text_type!(
    /// An incident summary: markdown, up to 20,000 characters.
    Summary, 20_000, true
);
text_type!(
    /// A comment or status update body: markdown, up to 50,000 characters.
    Body, 50_000, true
);
text_type!(
    /// Why an incident was canceled, resolved or reopened: up to 2,000 characters.
    Reason, 2_000, true
);
text_type!(
    /// A follow-up's description: markdown, up to 10,000 characters.
    Description, 10_000, true
);
text_type!(
    /// A person's display name: one line, up to 100 characters.
    PersonName, 100, false
);

/// An email address, lowercased. Checked loosely (one `@`, something on each side, no spaces):
/// delivery is the real test, and SSO will bring verified addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses and lowercases an email address.
    pub fn parse(field: &str, raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim().to_lowercase();
        let valid = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && matches!(s.split_once('@'), Some((l, d)) if !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.') && !d.contains('@'));
        if valid {
            Ok(Email(s))
        } else {
            Err(DomainError::invalid(
                field,
                "is not an email address like ana@example.com",
            ))
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Escapes text for HTML content and attribute values alike.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_limited() {
        assert_eq!(
            Title::parse("title", "  DB down ").unwrap().as_str(),
            "DB down"
        );
        assert!(Title::parse("title", "   ").is_err());
        assert!(Title::parse("title", &"x".repeat(200)).is_ok());
        let err = Title::parse("title", &"x".repeat(100_000)).unwrap_err();
        assert!(err.to_string().contains("at most 200"), "{err}");
        assert!(Title::parse("title", "two\nlines").is_err());
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        assert!(Title::parse("title", &"é".repeat(200)).is_ok());
    }

    #[test]
    fn metacharacters_are_kept_verbatim() {
        let raw = "<script>alert(1)</script> '; DROP TABLE incidents; --";
        assert_eq!(Title::parse("title", raw).unwrap().as_str(), raw);
    }

    #[test]
    fn bodies_allow_newlines_but_not_other_controls() {
        assert!(Body::parse("body", "line 1\nline 2\ttabbed").is_ok());
        assert!(Body::parse("body", "bell\u{7}").is_err());
        assert!(Body::parse("body", &"x".repeat(10 * 1024 * 1024)).is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("email", " Ana@Example.COM ").unwrap().as_str(),
            "ana@example.com"
        );
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@example",
            "a b@example.com",
            "a@b@c.com",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad}");
        }
    }
}
