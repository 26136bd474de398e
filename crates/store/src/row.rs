//! Reading a row's columns by name, never by position: a column added to a query in the middle
//! cannot shift the fields after it. Ids and keys (as their core types: a `user_id` column read
//! with `id` gives a `UserId`), booleans (stored as 0 or 1 in a BIGINT on both databases), timestamps
//! (microseconds since the epoch) and JSON columns each have one reader here.

use crate::time::from_db;
use crate::StoreError;
use goldseam_core::{DomainError, Id};
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{Any, Decode, Row, Type};

/// Typed access to an [`AnyRow`]'s columns by name.
pub(crate) trait Columns {
    /// The column `name` as a `T` (named `col`, not `get`: sqlx's `Row::get` panics).
    fn col<'r, T>(&'r self, name: &str) -> Result<T, StoreError>
    where
        T: Decode<'r, Any> + Type<Any>;

    /// An id (of the type the column holds: a `user_id` column gives a `UserId`).
    fn id<I: Id>(&self, name: &str) -> Result<I, StoreError> {
        Ok(I::from_db(self.col(name)?))
    }

    /// An optional id.
    fn opt_id<I: Id>(&self, name: &str) -> Result<Option<I>, StoreError> {
        Ok(self.col::<Option<i64>>(name)?.map(I::from_db))
    }

    /// A configured key (`SeverityKey`, `TypeKey`, `RoleKey`), checked as it is read: one
    /// that does not parse was not written by Goldseam.
    fn key<K: TryFrom<String, Error = DomainError>>(&self, name: &str) -> Result<K, StoreError> {
        K::try_from(self.col::<String>(name)?)
            .map_err(|e| StoreError::Corrupt(format!("column {name}: {e}")))
    }

    /// A flag stored as 0 or 1.
    fn flag(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self.col::<i64>(name)? != 0)
    }

    /// A timestamp stored as microseconds since the epoch.
    fn time(&self, name: &str) -> Result<Timestamp, StoreError> {
        from_db(self.col(name)?)
    }

    /// An optional timestamp.
    fn opt_time(&self, name: &str) -> Result<Option<Timestamp>, StoreError> {
        self.col::<Option<i64>>(name)?.map(from_db).transpose()
    }

    /// A column holding JSON text.
    fn json<T: DeserializeOwned>(&self, name: &str) -> Result<T, StoreError> {
        Ok(serde_json::from_str(&self.col::<String>(name)?)?)
    }

    /// An optional column holding JSON text.
    fn opt_json<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, StoreError> {
        self.col::<Option<String>>(name)?
            .map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(StoreError::from)
    }
}

impl Columns for AnyRow {
    fn col<'r, T>(&'r self, name: &str) -> Result<T, StoreError>
    where
        T: Decode<'r, Any> + Type<Any>,
    {
        Ok(self.try_get(name)?)
    }
}
