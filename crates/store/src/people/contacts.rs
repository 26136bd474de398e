//! Contact methods: each person's ways to be reached. A method is usable for notifications
//! only once verified (see `verification`); changing its address makes it unverified again.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::people::{ContactAddress, ContactKind};
use goldseam_core::{ContactMethodId, UserId};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection};

/// The most contact methods one person may have.
pub const MAX_METHODS: i64 = 20;

/// A contact method.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactMethod {
    /// Its id.
    pub id: ContactMethodId,
    /// Whose it is.
    pub user_id: UserId,
    /// How it reaches them.
    pub kind: ContactKind,
    /// Where: a number, an email address, a Slack user id or a URL, normalized.
    pub address: ContactAddress,
    /// When its owner proved it reaches them; `None` while unverified.
    pub verified_at: Option<Timestamp>,
    /// When the last verification code was sent (it paces requests for new ones).
    pub code_issued_at: Option<Timestamp>,
    /// Whether a code was sent and not yet used (it may have expired or locked since).
    pub code_outstanding: bool,
    /// Wrong codes typed against the outstanding code.
    pub code_tries: u32,
    /// Created at.
    pub created_at: Timestamp,
}

pub(super) const COLUMNS: &str =
    "id, user_id, kind, address, verified_at, code_issued_at, code_tries, created_at, code_hash";

pub(super) fn from_row(r: &AnyRow) -> Result<ContactMethod, StoreError> {
    let kind: String = r.col("kind")?;
    let tries: i64 = r.col("code_tries")?;
    Ok(ContactMethod {
        id: r.id("id")?,
        user_id: r.id("user_id")?,
        kind: ContactKind::parse("kind", &kind)
            .map_err(|_| StoreError::Corrupt(format!("contact method kind {kind:?}")))?,
        address: ContactAddress::from_stored(r.col("address")?),
        verified_at: r.opt_time("verified_at")?,
        code_issued_at: r.opt_time("code_issued_at")?,
        code_tries: u32::try_from(tries).unwrap_or(u32::MAX),
        created_at: r.time("created_at")?,
        code_outstanding: r.col::<Option<String>>("code_hash")?.is_some(),
    })
}

/// The user's method `id`, locked for update; another person's is "not found".
pub(super) async fn method_in(
    conn: &mut AnyConnection,
    for_update: &str,
    user_id: UserId,
    id: ContactMethodId,
) -> Result<ContactMethod, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM contact_methods WHERE id = $1 AND user_id = $2{for_update}"
    ))
    .bind(id.get())
    .bind(user_id.get())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("contact method {id}")))?;
    from_row(&row)
}

fn duplicate(kind: ContactKind, address: &ContactAddress) -> StoreError {
    StoreError::ContactMethodTaken {
        kind,
        address: address.as_str().to_string(),
    }
}

/// Refuses to change or delete a method that notification rules use: a rule must always point
/// to a verified method, and silently dropping a rule could leave someone unpaged.
async fn ensure_unused(
    conn: &mut AnyConnection,
    id: ContactMethodId,
    doing: &'static str,
) -> Result<(), StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notification_rules WHERE contact_method_id = $1")
            .bind(id.get())
            .fetch_one(&mut *conn)
            .await?;
    if n > 0 {
        return Err(StoreError::ContactMethodInUse { rules: n, doing });
    }
    Ok(())
}

impl Store {
    /// Whose address a delivery went to (`email:...`, `sms:+1...`): a contact method's owner,
    /// else the user with that sign-in email. `None` for a channel or webhook, or a stranger.
    pub async fn owner_of_destination(
        &self,
        destination: &str,
    ) -> Result<Option<UserId>, StoreError> {
        let Some((_, address)) = destination.split_once(':') else {
            return Ok(None);
        };
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM contact_methods WHERE address = $1 \
             UNION ALL SELECT id FROM users WHERE email = $1 LIMIT 1",
        )
        .bind(address)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        Ok(id.map(UserId::from_db))
    }

    /// Adds an unverified contact method; the same kind and address twice is a conflict.
    pub async fn add_contact_method(
        &self,
        user_id: UserId,
        kind: ContactKind,
        address: &ContactAddress,
    ) -> Result<ContactMethod, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contact_methods WHERE user_id = $1")
            .bind(user_id.get())
            .fetch_one(&mut *tx)
            .await?;
        if n >= MAX_METHODS {
            return Err(StoreError::TooManyContactMethods { count: n });
        }
        let row = sqlx::query(&format!(
            "INSERT INTO contact_methods (user_id, kind, address, code_tries, created_at, updated_at) \
             VALUES ($1, $2, $3, 0, $4, $4) ON CONFLICT (user_id, kind, address) DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(user_id.get())
        .bind(kind.as_str())
        .bind(address.as_str())
        .bind(to_db(now))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| duplicate(kind, address))?;
        let method = from_row(&row)?;
        tx.commit().await?;
        Ok(method)
    }

    /// The user's contact methods, oldest first.
    pub async fn contact_methods(&self, user_id: UserId) -> Result<Vec<ContactMethod>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM contact_methods WHERE user_id = $1 ORDER BY id"
        ))
        .bind(user_id.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// One of the user's contact methods.
    pub async fn contact_method(
        &self,
        user_id: UserId,
        id: ContactMethodId,
    ) -> Result<ContactMethod, StoreError> {
        method_in(&mut *self.reader().await?, "", user_id, id).await
    }

    /// Changes a method's address. The same address (once normalized) changes nothing; a new
    /// one makes the method unverified and drops any outstanding code (the last code's time
    /// still paces requests for new ones). Refused while
    /// notification rules use the method.
    pub async fn change_contact_address(
        &self,
        user_id: UserId,
        id: ContactMethodId,
        address: &ContactAddress,
    ) -> Result<ContactMethod, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let current = method_in(&mut tx, self.for_update(), user_id, id).await?;
        if current.address == *address {
            return Ok(current);
        }
        ensure_unused(&mut tx, id, "change the address of").await?;
        let clash: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM contact_methods WHERE user_id = $1 AND kind = $2 AND address = $3",
        )
        .bind(user_id.get())
        .bind(current.kind.as_str())
        .bind(address.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if clash.is_some() {
            return Err(duplicate(current.kind, address));
        }
        sqlx::query(
            "UPDATE contact_methods SET address = $1, verified_at = NULL, code_hash = NULL, code_tries = 0, updated_at = $2 WHERE id = $3",
        )
        .bind(address.as_str())
        .bind(to_db(now))
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
        let method = method_in(&mut tx, "", user_id, id).await?;
        tx.commit().await?;
        Ok(method)
    }

    /// Deletes one of the user's methods; refused while notification rules use it.
    pub async fn delete_contact_method(
        &self,
        user_id: UserId,
        id: ContactMethodId,
    ) -> Result<(), StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        method_in(&mut tx, self.for_update(), user_id, id).await?;
        ensure_unused(&mut tx, id, "delete").await?;
        sqlx::query("DELETE FROM contact_methods WHERE id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
