//! Tags: `#hashtags` found in titles, comments and status updates, plus tags added explicitly.
//! A tag is Unicode letters, digits, `-` and `_`, lowercased, at most 64 characters.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

/// A normalized tag (lowercase, without the `#`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tag(String);

/// The longest tag accepted, in characters.
pub const MAX_TAG_CHARS: usize = 64;

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || is_combining_mark(c)
}

/// The combining diacritical blocks. Lowercasing `İ` gives `i` and U+0307, so a tag written
/// with it must accept the mark, or the stored tag could not be named again.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

impl Tag {
    /// Parses an explicitly given tag; a leading `#` is allowed and dropped.
    pub fn parse(field: &str, raw: &str) -> Result<Tag, DomainError> {
        let s = raw.trim();
        // Checked after lowercasing, which may lengthen it: the stored form is what must fit.
        let s = s.strip_prefix('#').unwrap_or(s).to_lowercase();
        if s.is_empty() {
            return Err(DomainError::invalid(field, "must not be empty"));
        }
        if let Some(c) = s.chars().find(|c| !is_tag_char(*c)) {
            return Err(DomainError::invalid(
                field,
                format!("contains {c:?}; tags are letters, digits, '-' and '_'"),
            ));
        }
        if s.chars().count() > MAX_TAG_CHARS {
            return Err(DomainError::invalid(
                field,
                format!("is longer than {MAX_TAG_CHARS} characters"),
            ));
        }
        Ok(Tag(s))
    }

    /// The tag without `#`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps a tag read back from storage, where it was stored normalized.
    pub fn from_stored(s: String) -> Tag {
        Tag(s)
    }
}

/// Finds `#hashtags` in free text, in order of first appearance, without duplicates.
///
/// A `#` starts a tag only at the start of the text or after a character that cannot be part of
/// a word, so `issue#12` and `C#` are not tags; a tag needs at least one letter so `#1` (a
/// ranking, an issue number) is not one; tags longer than the limit are ignored, not truncated.
pub fn extract_hashtags(text: &str) -> Vec<Tag> {
    let mut found: Vec<Tag> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts =
            chars[i] == '#' && (i == 0 || !(is_tag_char(chars[i - 1]) || chars[i - 1] == '#'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && is_tag_char(chars[j]) {
            j += 1;
        }
        // A tag may not end in '-' or '_' (punctuation after a tag, as in "#db-").
        let mut end = j;
        while end > i + 1 && (chars[end - 1] == '-' || chars[end - 1] == '_') {
            end -= 1;
        }
        let word = chars[i + 1..end].iter().collect::<String>().to_lowercase();
        if !word.is_empty()
            && word.chars().count() <= MAX_TAG_CHARS
            && word.chars().any(char::is_alphabetic)
        {
            let tag = Tag(word);
            if !found.contains(&tag) {
                found.push(tag);
            }
        }
        i = j.max(i + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tags(text: &str) -> Vec<String> {
        extract_hashtags(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn finds_hashtags_in_order_lowercased_once() {
        assert_eq!(
            tags("#DB is down, #db again, see #api_gw and #eu-west-1."),
            ["db", "api_gw", "eu-west-1"]
        );
    }

    #[test]
    fn tags_whose_lowercase_grows_are_stored_as_they_can_be_named_again() {
        // `İ` lowercases to `i` and a combining dot: two characters from one.
        let tag = Tag::parse("tag", "#İstanbul").unwrap();
        assert_eq!(tag.as_str(), "i\u{307}stanbul");
        assert_eq!(Tag::parse("tag", tag.as_str()), Ok(tag));
        assert_eq!(tags("#İstanbul"), ["i\u{307}stanbul"]);
        assert!(
            Tag::parse("tag", &"İ".repeat(40)).is_err(),
            "80 characters once lowercased"
        );
    }

    #[test]
    fn unicode_letters_count() {
        assert_eq!(
            tags("Störung #Zahlungsverkehr und #東京 #éclair"),
            ["zahlungsverkehr", "東京", "éclair"]
        );
    }

    #[test]
    fn not_every_hash_is_a_tag() {
        assert!(tags("issue#12 C# #1 # ## #-").is_empty());
        assert_eq!(tags("(#payments)"), ["payments"]);
        assert_eq!(tags("#db-"), ["db"]);
    }

    #[test]
    fn explicit_tags_are_normalized_and_checked() {
        assert_eq!(
            Tag::parse("tags[0]", "#Payments").unwrap().as_str(),
            "payments"
        );
        assert!(Tag::parse("tags[0]", "two words").is_err());
        assert!(Tag::parse("tags[0]", "").is_err());
        assert!(Tag::parse("tags[0]", &"a".repeat(65)).is_err());
    }

    proptest! {
        #[test]
        fn extracted_tags_always_parse_back(text in "\\PC{0,200}") {
            for tag in extract_hashtags(&text) {
                prop_assert_eq!(Tag::parse("t", tag.as_str()).unwrap(), tag);
            }
        }
    }
}
