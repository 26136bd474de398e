//! Signed acknowledgement links for page emails: `{page}.{user}.{expires}.{mac}`, an
//! HMAC-SHA256 under a secret this installation keeps in its settings (made on first use). A
//! link works until it expires or the page is acknowledged (by anyone), whichever comes first.

use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::{PageId, UserId};
use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use sha2::Sha256;

const SECRET_KEY: &str = "link_secret";

/// How long an acknowledgement link works.
pub const ACK_LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(24);

/// What a valid link names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AckLink {
    /// The page.
    pub page_id: PageId,
    /// The person it was sent to, who acknowledges by following it.
    pub user_id: UserId,
}

/// Why a link was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Not a link this installation made (or altered).
    Invalid,
    /// Made here, but too old.
    Expired,
}

pub(crate) fn mac(secret: &[u8], message: &str) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    m.update(message.as_bytes());
    m
}

impl Store {
    pub(crate) async fn link_secret(&self) -> Result<Vec<u8>, StoreError> {
        let read = || async {
            let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
                .bind(SECRET_KEY)
                .fetch_optional(&mut *self.reader().await?)
                .await?;
            Ok::<_, StoreError>(v)
        };
        if let Some(v) = read().await? {
            return hex::decode(v).map_err(|e| StoreError::Corrupt(e.to_string()));
        }
        let fresh: [u8; 32] = rand::random();
        // Two instances racing both insert; the first wins and both then read it.
        sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING")
            .bind(SECRET_KEY)
            .bind(hex::encode(fresh))
            .bind(to_db(self.now()))
            .execute(&mut *self.writer().await?)
            .await?;
        let v = read()
            .await?
            .ok_or_else(|| StoreError::Corrupt("the link secret vanished".into()))?;
        hex::decode(v).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    /// A link token acknowledging `page_id` as `user_id`, valid for [`ACK_LINK_LIFETIME`].
    pub async fn ack_token(&self, page_id: PageId, user_id: UserId) -> Result<String, StoreError> {
        let expires = self
            .now()
            .checked_add(ACK_LINK_LIFETIME)
            .unwrap_or(Timestamp::MAX)
            .as_second();
        let message = format!("{page_id}.{user_id}.{expires}");
        let tag = mac(&self.link_secret().await?, &message)
            .finalize()
            .into_bytes();
        Ok(format!("{message}.{}", hex::encode(tag)))
    }

    /// What a link token names, if this installation made it and it has not expired.
    pub async fn check_ack_token(
        &self,
        token: &str,
    ) -> Result<Result<AckLink, LinkError>, StoreError> {
        let parts: Vec<&str> = token.split('.').collect();
        let [page, user, expires, tag] = parts.as_slice() else {
            return Ok(Err(LinkError::Invalid));
        };
        let (Ok(page_id), Ok(user_id), Ok(expires), Ok(tag)) = (
            page.parse::<i64>(),
            user.parse::<i64>(),
            expires.parse::<i64>(),
            hex::decode(tag),
        ) else {
            return Ok(Err(LinkError::Invalid));
        };
        let message = format!("{page_id}.{user_id}.{expires}");
        // verify_slice compares in constant time.
        if mac(&self.link_secret().await?, &message)
            .verify_slice(&tag)
            .is_err()
        {
            return Ok(Err(LinkError::Invalid));
        }
        if self.now().as_second() > expires {
            return Ok(Err(LinkError::Expired));
        }
        Ok(Ok(AckLink {
            page_id: PageId::from_db(page_id),
            user_id: UserId::from_db(user_id),
        }))
    }
}
