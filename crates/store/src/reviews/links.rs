//! Personal answer links for review invitations: `{public_url}/rsvp/v{incident}.{user}.{mac}`,
//! an HMAC-SHA256 under the installation's link secret. The link answers for its person only,
//! and only while they are invited and may see the incident.

use crate::response::links::mac;
use crate::{Store, StoreError};
use goldseam_core::{IncidentId, UserId};
use hmac::Mac;

const NOT_VALID: &str =
    "this link is not valid: it was altered, or you are no longer invited to this review";

fn message(r: IncidentId, user: UserId) -> String {
    format!("review:{}:{}", r.get(), user.get())
}

/// The page of an answer link.
pub fn answer_link(public_url: &str, token: &str) -> String {
    format!("{}/rsvp/{token}", public_url.trim_end_matches('/'))
}

impl Store {
    /// The token of `user`'s answer link for `r`'s review.
    pub async fn review_answer_token(
        &self,
        r: IncidentId,
        user: UserId,
    ) -> Result<String, StoreError> {
        let tag = mac(&self.link_secret().await?, &message(r, user))
            .finalize()
            .into_bytes();
        Ok(format!(
            "v{}.{}.{}",
            r.get(),
            user.get(),
            hex::encode(&tag[..16])
        ))
    }

    /// The review and person a token names, if this installation made it (constant-time check).
    pub async fn review_answer_link(
        &self,
        token: &str,
    ) -> Result<(IncidentId, UserId), StoreError> {
        let not_found = || StoreError::NotFound(NOT_VALID.into());
        let mut parts = token.strip_prefix('v').ok_or_else(not_found)?.split('.');
        let (Some(r), Some(u), Some(tag), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(not_found());
        };
        let r = IncidentId::from_db(r.parse().map_err(|_| not_found())?);
        let u = UserId::from_db(u.parse().map_err(|_| not_found())?);
        let tag = hex::decode(tag).map_err(|_| not_found())?;
        if tag.len() != 16 {
            return Err(not_found());
        }
        mac(&self.link_secret().await?, &message(r, u))
            .verify_truncated_left(&tag)
            .map_err(|_| not_found())?;
        Ok((r, u))
    }
}
