//! `Idempotency-Key`: the first request with a key records what it created, in the same
//! transaction; a repeat with the same key and body gets that resource back instead of a copy.

use crate::plan::{Arg, Stmt};
use crate::row::Columns;
use crate::StoreError;
use goldseam_core::UserId;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// A client's idempotency key for one kind of creation, with a fingerprint of the request.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    /// The caller; keys are per user.
    pub user_id: UserId,
    /// What is being created (`incident`, `comment:42`...), so one key cannot collide across kinds.
    pub scope: String,
    /// The client's key, at most 255 characters.
    pub key: String,
    /// SHA-256 of the request body, to refuse a key reused for a different request.
    pub request_hash: String,
}

impl IdempotencyKey {
    /// Builds a key over the request's canonical content.
    pub fn new(
        user_id: UserId,
        scope: impl Into<String>,
        key: impl Into<String>,
        request: &[u8],
    ) -> Self {
        IdempotencyKey {
            user_id,
            scope: scope.into(),
            key: key.into(),
            request_hash: hex::encode(Sha256::digest(request)),
        }
    }
}

/// The resource an earlier request with this key created, if any.
pub(crate) async fn lookup(
    tx: &mut AnyConnection,
    k: &IdempotencyKey,
) -> Result<Option<String>, StoreError> {
    let row = sqlx::query(
        "SELECT request_hash, resource FROM idempotency_keys WHERE user_id = $1 AND scope = $2 AND key = $3",
    )
    .bind(k.user_id.get())
    .bind(&k.scope)
    .bind(&k.key)
    .fetch_optional(&mut *tx)
    .await?;
    let row = match row {
        Some(r) => Some((
            r.col::<String>("request_hash")?,
            r.col::<String>("resource")?,
        )),
        None => None,
    };
    match row {
        Some((hash, _)) if hash != k.request_hash => Err(StoreError::IdempotencyKeyReused),
        Some((_, resource)) => Ok(Some(resource)),
        None => Ok(None),
    }
}

const RECORD: &str = "INSERT INTO idempotency_keys (user_id, scope, key, request_hash, resource, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

/// The statement recording what a request with this key created, for a write plan.
pub(crate) fn record_stmt(k: &IdempotencyKey, resource: &str, now: i64) -> Stmt {
    Stmt::new(
        RECORD,
        vec![
            Arg::id(k.user_id),
            Arg::Str(k.scope.clone()),
            Arg::Str(k.key.clone()),
            Arg::Str(k.request_hash.clone()),
            Arg::Str(resource.into()),
            Arg::I64(now),
        ],
    )
}

/// Records what a request with this key created.
pub(crate) async fn record(
    tx: &mut AnyConnection,
    k: &IdempotencyKey,
    resource: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(RECORD)
        .bind(k.user_id.get())
        .bind(&k.scope)
        .bind(&k.key)
        .bind(&k.request_hash)
        .bind(resource)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
