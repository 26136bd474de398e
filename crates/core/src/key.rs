//! Keys of configured things (severities, incident types, roles): short ASCII names used in the
//! API, in URLs and in stored events. Each is a type that only a validating parse can make, so
//! a key that exists is well formed. Stored JSON is checked the same way when it is read back.

/// Whether `key` is 1 to `max` characters, each accepted by `allowed` (which accepts ASCII
/// only, so the length in bytes is the length in characters).
pub(crate) fn well_formed(key: &str, max: usize, allowed: impl Fn(char) -> bool) -> bool {
    !key.is_empty() && key.len() <= max && key.chars().all(allowed)
}

/// Defines a key type: a `String` inside, made by `parse(field, raw)` (or `TryFrom<&str>` and
/// `FromStr`, which name the default field in errors), read with `as_str`.
macro_rules! key_type {
    (
        $(#[$doc:meta])* $name:ident,
        field = $field:literal,
        max = $max:expr,
        allowed = $allowed:expr,
        hint = $hint:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The longest key accepted, in characters.
            pub const MAX_LEN: usize = $max;

            /// Checks the key's shape; `field` names the request field in errors.
            pub fn parse(field: &str, raw: &str) -> Result<Self, $crate::error::DomainError> {
                if $crate::key::well_formed(raw, Self::MAX_LEN, $allowed) {
                    Ok($name(raw.to_string()))
                } else {
                    Err($crate::error::DomainError::invalid(field, $hint))
                }
            }

            /// A key this crate spells out itself (a default, a built-in role); the unit tests
            /// parse every one of them.
            pub(crate) fn known(key: &'static str) -> Self {
                debug_assert!($crate::key::well_formed(key, Self::MAX_LEN, $allowed));
                $name(key.to_string())
            }

            /// The key as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::error::DomainError;

            fn try_from(raw: &str) -> Result<Self, Self::Error> {
                Self::parse($field, raw)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::error::DomainError;

            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse($field, &raw)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::DomainError;

            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                Self::parse($field, raw)
            }
        }

        impl From<$name> for String {
            fn from(key: $name) -> String {
                key.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use key_type;

/// What a lowercase key (an incident type's or a role's) may contain.
pub(crate) fn slug_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'
}

/// The refusal for a lowercase key, shared by incident types and roles.
pub(crate) const SLUG_HINT: &str = "must be 1 to 40 lowercase letters, digits, '-' or '_'";
