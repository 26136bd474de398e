//! Parsing a request's fields into domain values in one step. Every field is parsed, and a
//! refusal lists every offending field at once (a 422 whose `errors` follow the order the
//! fields were parsed in), so a client fixes its request once rather than once per field.
//!
//! A handler parses each field with its domain type's parse and combines the results with
//! [`AllFields::all`]: the values when every field parsed, the refusals of all that did not
//! otherwise. Nothing is unwrapped after a check.

use super::{ApiError, FieldError};
use axum::http::StatusCode;
use goldseam_core::DomainError;

/// The refused fields of a request, with the accepted values where a value was unknown.
#[derive(Debug, Default)]
pub struct Refusals {
    errors: Vec<FieldError>,
    valid: Vec<String>,
}

impl Refusals {
    /// One refused field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Refusals {
        Refusals {
            errors: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
            valid: Vec::new(),
        }
    }

    fn extend(&mut self, other: Refusals) {
        self.errors.extend(other.errors);
        self.valid.extend(other.valid);
    }
}

impl From<DomainError> for Refusals {
    fn from(e: DomainError) -> Refusals {
        let ApiError(p) = ApiError::from(e);
        let mut refused = Refusals {
            errors: p.errors,
            valid: p.valid,
        };
        // Parses refuse fields; should another refusal come through, it still reaches the
        // caller rather than an empty list.
        if refused.errors.is_empty() {
            refused.errors.push(FieldError {
                field: "body".into(),
                message: p.detail,
            });
        }
        refused
    }
}

impl From<Vec<DomainError>> for Refusals {
    fn from(errors: Vec<DomainError>) -> Refusals {
        let mut refused = Refusals::default();
        for e in errors {
            refused.extend(e.into());
        }
        refused
    }
}

impl From<Refusals> for ApiError {
    /// 422 listing every field; the detail joins them for people reading it.
    fn from(r: Refusals) -> ApiError {
        let detail = r
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", detail);
        e.0.errors = r.errors;
        e.0.valid = r.valid;
        e
    }
}

/// `Ok` when `ok` holds, else a refusal of `field`: a check that yields no value.
pub fn require(ok: bool, field: &str, message: impl Into<String>) -> Result<(), Refusals> {
    if ok {
        Ok(())
    } else {
        Err(Refusals::field(field, message))
    }
}

/// Each item parsed: all the values, or the refusals of every item that did not parse.
pub fn each<T, E: Into<Refusals>>(
    items: impl IntoIterator<Item = Result<T, E>>,
) -> Result<Vec<T>, Refusals> {
    let mut values = Vec::new();
    let mut refused: Option<Refusals> = None;
    for item in items {
        match item {
            Ok(v) => values.push(v),
            Err(e) => refused
                .get_or_insert_with(Refusals::default)
                .extend(e.into()),
        }
    }
    match refused {
        None => Ok(values),
        Some(r) => Err(r),
    }
}

/// Fields parsed independently, as a tuple of results.
pub trait AllFields {
    /// The tuple of parsed values.
    type Values;
    /// Every value, or every refusal among the fields, in the tuple's order.
    fn all(self) -> Result<Self::Values, Refusals>;
}

macro_rules! all_fields {
    ($($value:ident $error:ident $parsed:ident),+) => {
        impl<$($value, $error: Into<Refusals>),+> AllFields for ($(Result<$value, $error>,)+) {
            type Values = ($($value,)+);

            fn all(self) -> Result<Self::Values, Refusals> {
                let ($($parsed,)+) = self;
                let mut refused = Refusals::default();
                $(
                    let $parsed = match $parsed {
                        Ok(v) => Some(v),
                        Err(e) => {
                            refused.extend(e.into());
                            None
                        }
                    };
                )+
                match ($($parsed,)+) {
                    ($(Some($parsed),)+) => Ok(($($parsed,)+)),
                    _ => Err(refused),
                }
            }
        }
    };
}

all_fields!(A EA a);
all_fields!(A EA a, B EB b);
all_fields!(A EA a, B EB b, C EC c);
all_fields!(A EA a, B EB b, C EC c, D ED d);
all_fields!(A EA a, B EB b, C EC c, D ED d, E EE e);
all_fields!(A EA a, B EB b, C EC c, D ED d, E EE e, F EF f);

/// Collects refusals field by field, for checks that yield no values (query parameters,
/// references looked up in the store) alongside the ones parsed with [`AllFields`].
#[derive(Default)]
pub struct Fields(Refusals);

impl Fields {
    /// Keeps the value, or records why it was refused.
    pub fn check<T>(&mut self, result: Result<T, DomainError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                let ApiError(p) = ApiError::from(e);
                self.0.errors.extend(p.errors);
                self.0.valid.extend(p.valid);
                None
            }
        }
    }

    /// Records a refusal directly.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.extend(Refusals::field(field, message));
    }

    /// Records refusals found elsewhere.
    pub fn refuse(&mut self, refused: Refusals) {
        self.0.extend(refused);
    }

    /// 422 listing every field, or `Ok` when there were none.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.errors.is_empty() {
            Ok(())
        } else {
            Err(self.0.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(field: &str) -> Result<u8, DomainError> {
        Err(DomainError::invalid(field, "is wrong"))
    }

    #[test]
    fn every_refused_field_is_listed_in_order() {
        let refused = (bad("a"), Ok::<_, DomainError>(2), bad("c"))
            .all()
            .unwrap_err();
        let fields: Vec<&str> = refused.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["a", "c"]);
        let e = ApiError::from(refused);
        assert_eq!(e.0.status, 422);
        assert_eq!(e.0.detail, "a: is wrong; c: is wrong");
    }

    #[test]
    fn values_come_back_when_every_field_parsed() {
        let values = (
            Ok::<_, DomainError>(1),
            require(true, "b", "unused"),
            each([Ok::<_, DomainError>(3), Ok(4)]),
        )
            .all()
            .unwrap();
        assert_eq!(values, (1, (), vec![3, 4]));
        let refused = each([bad("x[0]"), Ok(1), bad("x[2]")]).unwrap_err();
        assert_eq!(refused.errors.len(), 2);
    }
}
