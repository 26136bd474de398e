//! Helpers shared by the people routes.

use crate::error::{require, ApiError, Fields, Refusals};
use goldseam_core::{DomainError, Id};
use goldseam_store::StoreError;
use serde::{Deserialize, Deserializer};

/// For PATCH fields where `null` means "clear" and a missing field means "leave as is":
/// use with `#[serde(default, deserialize_with = "wire::nullable")]`.
pub fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// An optional id given in a body: positive when present.
pub fn positive_id(field: &str, id: Option<impl Id>) -> Result<(), Refusals> {
    require(
        id.is_none_or(|n| n.get() > 0),
        field,
        "must be a positive id",
    )
}

/// Records each of several domain errors as a bad field.
pub fn push_all(f: &mut Fields, errors: Vec<DomainError>) {
    for e in errors {
        f.check::<()>(Err(e));
    }
}

/// A missing referenced thing in a body is the caller's field to fix (422), not a 404 of
/// the URL they called.
pub fn not_found_as_field(e: StoreError, field: &str, message: String) -> ApiError {
    match e {
        StoreError::NotFound(_) => ApiError::invalid(field, message),
        other => other.into(),
    }
}
