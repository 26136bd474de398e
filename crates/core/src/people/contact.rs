//! Contact methods: the ways to reach a person, and how each kind of address is checked.
//!
//! Addresses are normalized when parsed, so the same number typed two ways is one method and
//! a change of spelling is not a change of address.

use crate::error::DomainError;
use crate::text::Email;

/// How a contact method reaches its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactKind {
    /// An email address.
    Email,
    /// Text messages to a phone number.
    Sms,
    /// Phone calls to a phone number.
    Voice,
    /// Slack direct messages to a Slack user.
    Slack,
    /// Mattermost direct messages from Goldseam's bot to a Mattermost user.
    Mattermost,
    /// An HTTPS POST to a URL.
    Webhook,
}

impl ContactKind {
    /// Every kind, for error messages and pickers.
    pub const ALL: [ContactKind; 6] = [
        ContactKind::Email,
        ContactKind::Sms,
        ContactKind::Voice,
        ContactKind::Slack,
        ContactKind::Mattermost,
        ContactKind::Webhook,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Email => "email",
            ContactKind::Sms => "sms",
            ContactKind::Voice => "voice",
            ContactKind::Slack => "slack",
            ContactKind::Mattermost => "mattermost",
            ContactKind::Webhook => "webhook",
        }
    }

    /// Parses a wire or stored name; the error lists the valid kinds.
    pub fn parse(field: &str, raw: &str) -> Result<ContactKind, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| {
                DomainError::invalid(
                    field,
                    format!(
                        "unknown contact method kind {:?}; valid kinds are email, sms, voice, slack, mattermost, webhook",
                        raw.chars().take(40).collect::<String>()
                    ),
                )
            })
    }
}

/// A checked, normalized address for a kind of contact method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactAddress(String);

impl ContactAddress {
    /// Checks `raw` as an address of `kind`:
    /// - email: an address like `ana@example.com`, lowercased;
    /// - sms and voice: an E.164 number (see [`parse_e164`]);
    /// - slack: a Slack user id like `U024BE7LH` (see [`parse_slack_user`]);
    /// - mattermost: a Mattermost user id (see [`parse_mattermost_user`]);
    /// - webhook: an https URL, or http to this machine (see [`parse_webhook_url`]).
    pub fn parse(field: &str, kind: ContactKind, raw: &str) -> Result<ContactAddress, DomainError> {
        let s = match kind {
            ContactKind::Email => Email::parse(field, raw)?.as_str().to_string(),
            ContactKind::Sms | ContactKind::Voice => parse_e164(field, raw)?,
            ContactKind::Slack => parse_slack_user(field, raw)?,
            ContactKind::Mattermost => parse_mattermost_user(field, raw)?,
            ContactKind::Webhook => parse_webhook_url(field, raw)?,
        };
        Ok(ContactAddress(s))
    }

    /// Wraps an address read back from storage, where it was stored normalized.
    pub fn from_stored(s: String) -> ContactAddress {
        ContactAddress(s)
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses an E.164 phone number: `+`, then 8 to 15 digits, the first not 0. Spaces, dashes,
/// dots and parentheses between digits are dropped (`+1 (555) 123-4567` is `+15551234567`);
/// the leading `+` is required, since without a country code a number is ambiguous.
pub fn parse_e164(field: &str, raw: &str) -> Result<String, DomainError> {
    let refuse = || {
        DomainError::invalid(
            field,
            "is not an E.164 phone number; use + then the country code and number, 8 to 15 digits in all, such as +15551234567",
        )
    };
    let s = raw.trim();
    let rest = s.strip_prefix('+').ok_or_else(refuse)?;
    let mut digits = String::with_capacity(15);
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(refuse()),
        }
        if digits.len() > 15 {
            return Err(refuse());
        }
    }
    if digits.len() < 8 || digits.starts_with('0') {
        return Err(refuse());
    }
    Ok(format!("+{digits}"))
}

/// Parses a Slack user id: `U` or `W` (Enterprise Grid), then 6 to 20 capital letters or
/// digits, as in `U024BE7LH`. Lowercase input is uppercased.
pub fn parse_slack_user(field: &str, raw: &str) -> Result<String, DomainError> {
    let s = raw.trim().to_ascii_uppercase();
    let rest_ok = |r: &str| {
        (6..=20).contains(&r.len())
            && r.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    match s.strip_prefix('U').or_else(|| s.strip_prefix('W')) {
        Some(rest) if rest_ok(rest) => Ok(s),
        _ => Err(DomainError::invalid(
            field,
            "is not a Slack user id; copy it from the person's Slack profile (Copy member ID), such as U024BE7LH",
        )),
    }
}

/// Parses a Mattermost user id: 26 lowercase letters and digits, as in
/// `8sd7hwgz9jfqtfpg8n3i5w7hbo` (uppercase input is lowercased). Not the `@username`: a
/// username can be changed and given to someone else, the id cannot, and pages must not follow
/// a name to another person.
pub fn parse_mattermost_user(field: &str, raw: &str) -> Result<String, DomainError> {
    let s = raw.trim().to_ascii_lowercase();
    if s.len() == 26
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Ok(s);
    }
    let what = if s.starts_with('@') {
        "looks like a username, not a Mattermost user id"
    } else {
        "is not a Mattermost user id"
    };
    Err(DomainError::invalid(
        field,
        format!(
            "{what}; a user id is 26 lowercase letters and digits, such as 8sd7hwgz9jfqtfpg8n3i5w7hbo: open https://YOUR-MATTERMOST/api/v4/users/me in a browser signed in to Mattermost and copy \"id\" (an admin finds it under System Console > User Management > Users)"
        ),
    ))
}

/// Parses a webhook URL: `https://` to any host, or `http://` to `localhost`, `127.0.0.1` or
/// `[::1]` only (for tests and local relays; anything else would send codes and pages in
/// clear text). No user name or password in the URL: the list of methods is shown to admins.
pub fn parse_webhook_url(field: &str, raw: &str) -> Result<String, DomainError> {
    let s = raw.trim();
    let invalid = |m: &str| Err(DomainError::invalid(field, m.to_string()));
    if s.len() > 2_000 {
        return invalid("is longer than 2,000 characters");
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return invalid("must not contain spaces or control characters");
    }
    let (secure, rest) = if let Some(r) = strip_prefix_ci(s, "https://") {
        (true, r)
    } else if let Some(r) = strip_prefix_ci(s, "http://") {
        (false, r)
    } else {
        return invalid("is not a URL; use https://host/path");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return invalid("must not contain a user name or password; put credentials in the path or a query parameter the receiver checks");
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, _)) => h,
            None => return invalid("has an unterminated [IPv6] host"),
        }
    } else {
        authority.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return invalid("has no host; use https://host/path");
    }
    let local = matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "::1"
    );
    if !secure && !local {
        return invalid("must use https:// (http:// is accepted only for localhost and 127.0.0.1)");
    }
    Ok(s.to_string())
}

/// `get` rather than slicing: the prefix's length may fall inside a multi-byte character.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn e164_numbers() {
        assert_eq!(parse_e164("a", "+15551234567").unwrap(), "+15551234567");
        assert_eq!(
            parse_e164("a", " +1 (555) 123-4567 ").unwrap(),
            "+15551234567"
        );
        assert_eq!(
            parse_e164("a", "+44.20.7946.0018").unwrap(),
            "+442079460018"
        );
        for bad in [
            "",
            "+",
            "15551234567",
            "+05551234567",
            "+1234567",
            "+1234567890123456",
            "+1555123456x",
            "+1555 CALL NOW",
            "++15551234567",
            "+١٢٣٤٥٦٧٨٩",
        ] {
            let err = parse_e164("address", bad).unwrap_err();
            assert!(err.to_string().contains("E.164"), "{bad}: {err}");
        }
    }

    #[test]
    fn slack_user_ids() {
        assert_eq!(parse_slack_user("a", "U024BE7LH").unwrap(), "U024BE7LH");
        assert_eq!(parse_slack_user("a", "w012abcdef").unwrap(), "W012ABCDEF");
        for bad in ["", "U12", "C024BE7LH", "@ana", "U024BE7LH!", "U024 BE7LH"] {
            assert!(parse_slack_user("a", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mattermost_user_ids() {
        let id = "8sd7hwgz9jfqtfpg8n3i5w7hbo";
        assert_eq!(parse_mattermost_user("a", id).unwrap(), id);
        assert_eq!(
            parse_mattermost_user("a", " 8SD7HWGZ9JFQTFPG8N3I5W7HBO ").unwrap(),
            id
        );
        for bad in [
            "",
            "8sd7hwgz9jfqtfpg8n3i5w7hb",
            "8sd7hwgz9jfqtfpg8n3i5w7hboo",
            "8sd7hwgz9jfqtfpg8n3i5w7hb!",
            "8sd7hwgz9jfqtfpg-n3i5w7hbo",
            "U024BE7LH",
        ] {
            let err = parse_mattermost_user("address", bad).unwrap_err();
            assert!(err.to_string().contains("26 lowercase"), "{bad}: {err}");
        }
        let err = parse_mattermost_user("address", "@bob").unwrap_err();
        assert!(err.to_string().contains("looks like a username"), "{err}");
        assert!(err.to_string().contains("/api/v4/users/me"), "{err}");
    }

    #[test]
    fn webhook_urls() {
        for ok in [
            "https://hooks.example.com/goldseam?key=1",
            "HTTPS://example.com",
            "http://127.0.0.1:9000/hook",
            "http://localhost/hook",
            "http://[::1]:8080/",
        ] {
            assert_eq!(parse_webhook_url("u", ok).unwrap(), ok);
        }
        for bad in [
            "",
            "example.com/hook",
            "ftp://example.com",
            "http://example.com/hook",
            "http://127.0.0.1.example.com/",
            "https://user:pass@example.com/",
            "https:///path",
            "https://exa mple.com",
            "http://[::1/",
            // A multi-byte character across the prefix's length once panicked the parser.
            "abcdefgß/hook",
            "httpsß//x",
            "ß",
        ] {
            assert!(parse_webhook_url("u", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_parse_and_list_valid_ones() {
        for k in ContactKind::ALL {
            assert_eq!(ContactKind::parse("kind", k.as_str()).unwrap(), k);
        }
        let err = ContactKind::parse("kind", "pager").unwrap_err();
        assert!(err
            .to_string()
            .contains("email, sms, voice, slack, mattermost, webhook"));
    }

    #[test]
    fn addresses_are_checked_by_kind() {
        assert!(ContactAddress::parse("a", ContactKind::Sms, "+15551234567").is_ok());
        assert!(ContactAddress::parse("a", ContactKind::Email, "+15551234567").is_err());
        assert!(ContactAddress::parse("a", ContactKind::Mattermost, "U024BE7LH").is_err());
        assert!(
            ContactAddress::parse("a", ContactKind::Slack, "8sd7hwgz9jfqtfpg8n3i5w7hbo").is_err()
        );
        assert_eq!(
            ContactAddress::parse("a", ContactKind::Email, "Ana@Example.com")
                .unwrap()
                .as_str(),
            "ana@example.com"
        );
    }

    proptest! {
        #[test]
        fn every_valid_number_parses_to_itself(first in 1u8..=9, rest in "[0-9]{7,14}") {
            let n = format!("+{first}{rest}");
            prop_assert_eq!(parse_e164("a", &n).unwrap(), n);
        }

        #[test]
        fn separators_do_not_change_the_number(first in 1u8..=9, rest in "[0-9]{7,14}", seps in proptest::collection::vec(prop_oneof![Just(" "), Just("-"), Just("."), Just("("), Just(")"), Just("")], 15)) {
            let digits: Vec<char> = format!("{first}{rest}").chars().collect();
            let mut spaced = String::from("+");
            for (i, d) in digits.iter().enumerate() {
                spaced.push(*d);
                spaced.push_str(seps[i]);
            }
            prop_assert_eq!(parse_e164("a", &spaced).unwrap(), format!("+{first}{rest}"));
        }

        #[test]
        fn accepted_numbers_are_always_e164(raw in "\\PC{0,24}") {
            if let Ok(n) = parse_e164("a", &raw) {
                let digits = &n[1..];
                prop_assert!(n.starts_with('+'));
                prop_assert!((8..=15).contains(&digits.len()));
                prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
                prop_assert!(!digits.starts_with('0'));
                // Normalizing is idempotent.
                prop_assert_eq!(parse_e164("a", &n).unwrap(), n.clone());
            }
        }

        #[test]
        fn too_short_too_long_or_leading_zero_is_refused(first in 0u8..=9, rest in "[0-9]{0,20}") {
            let n = format!("+{first}{rest}");
            let len = 1 + rest.len();
            let valid = first != 0 && (8..=15).contains(&len);
            prop_assert_eq!(parse_e164("a", &n).is_ok(), valid);
        }
    }
}
