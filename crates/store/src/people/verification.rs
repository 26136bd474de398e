//! Verification codes: issuing one (stored as an argon2 hash, sent through the job queue) and
//! checking what the person types back. The rules (lifetime, tries, resend wait) are core's.
//!
//! The code reaches the delivery engine in the job's payload, the one place it exists in
//! clear. Its field is named `secret_code`: workers hand it to the provider and must never log
//! the payload (docs/people.md).

use super::contacts::{method_in, ContactMethod};
use crate::jobs::{Job, NewJob};
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::people::verification::{resend_wait, PendingCode, VerificationCode};
use goldseam_core::{ContactMethodId, DomainError, UserId};
use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use sqlx::Connection;

/// The job kind that sends a verification code.
pub const VERIFY_JOB_KIND: &str = "verify";

/// What requesting a code did.
#[derive(Debug, Clone)]
pub enum Issued {
    /// A code was stored and its delivery queued.
    Sent {
        /// The method, with the code's issue time.
        method: Box<ContactMethod>,
        /// The queued delivery.
        job: Box<Job>,
        /// When the code stops working.
        expires_at: Timestamp,
    },
    /// A code was sent less than a minute ago; wait this long.
    TooSoon(SignedDuration),
}

impl Store {
    /// Issues a new random code; see [`Store::issue_verification_with`].
    pub async fn issue_verification(
        &self,
        user_id: UserId,
        id: ContactMethodId,
    ) -> Result<Issued, StoreError> {
        let code = VerificationCode::from_random(rand::thread_rng().gen_range(0..1_000_000));
        self.issue_verification_with(user_id, id, &code).await
    }

    /// Issues a new code for one of the user's unverified methods, replacing any outstanding
    /// one, and queues a `verify` job to send it. An already verified method is a conflict.
    ///
    /// The code is stored first and the job queued right after (through [`Store::enqueue`]);
    /// if the process stops in between, no code arrives and the person asks again after the
    /// resend wait. A code never arrives without being stored.
    pub async fn issue_verification_with(
        &self,
        user_id: UserId,
        id: ContactMethodId,
        code: &VerificationCode,
    ) -> Result<Issued, StoreError> {
        let now = self.now();
        // Hash before taking the writer: argon2 is slow on purpose.
        let hash = self.inner.passwords.hash(code.expose()).await?;
        let method = {
            let mut conn = self.writer().await?;
            let mut tx = conn.begin().await?;
            let method = method_in(&mut tx, self.for_update(), user_id, id).await?;
            if method.verified_at.is_some() {
                return Err(DomainError::Conflict(
                    "this contact method is already verified".into(),
                )
                .into());
            }
            if let Some(wait) = resend_wait(method.code_issued_at, now) {
                return Ok(Issued::TooSoon(wait));
            }
            sqlx::query(
                "UPDATE contact_methods SET code_hash = $1, code_issued_at = $2, code_tries = 0, updated_at = $2 WHERE id = $3",
            )
            .bind(hash)
            .bind(to_db(now))
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
            let method = method_in(&mut tx, "", user_id, id).await?;
            tx.commit().await?;
            method
        };
        let (job, _) = self
            .enqueue(&NewJob {
                kind: VERIFY_JOB_KIND.into(),
                destination: format!("{}:{}", method.kind.as_str(), method.address.as_str()),
                idempotency_key: format!("verify:{id}:{}", to_db(now)),
                // `channel`, `address` and `text` are what the delivery engine sends
                // (goldseam_core::delivery::Verify::Direct); the rest says what it is for.
                payload: serde_json::json!({
                    "channel": method.kind.as_str(),
                    "address": method.address.as_str(),
                    "text": format!("Your Goldseam verification code is {}. It expires in 15 minutes.", code.expose()),
                    "contact_method_id": id,
                    "user_id": user_id,
                    "kind": method.kind.as_str(),
                    "secret_code": code.expose(),
                }),
                incident_id: None,
                run_at: None,
            })
            .await?;
        let expires_at = PendingCode {
            issued_at: now,
            failed_tries: 0,
        }
        .expires_at();
        Ok(Issued::Sent {
            method: Box::new(method),
            job: Box::new(job),
            expires_at,
        })
    }

    /// Checks a typed code. Right: the method is verified and the code spent. Wrong: the try
    /// is counted (and kept, though the answer is an error) until the code locks. Confirming
    /// a method already verified answers it as it is.
    pub async fn confirm_verification(
        &self,
        user_id: UserId,
        id: ContactMethodId,
        code: &VerificationCode,
    ) -> Result<ContactMethod, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let method = method_in(&mut tx, self.for_update(), user_id, id).await?;
        if method.verified_at.is_some() {
            return Ok(method);
        }
        let hash: Option<String> =
            sqlx::query_scalar("SELECT code_hash FROM contact_methods WHERE id = $1")
                .bind(id.get())
                .fetch_one(&mut *tx)
                .await?;
        let (Some(hash), Some(issued_at)) = (hash, method.code_issued_at) else {
            return Err(DomainError::Conflict(
                "no code was requested for this contact method; request one first (POST .../verification)".into(),
            )
            .into());
        };
        let pending = PendingCode {
            issued_at,
            failed_tries: method.code_tries,
        };
        pending.ensure_usable(now)?;
        // Checked inside the transaction so that parallel tries are counted one after another.
        if !self.inner.passwords.verify(code.expose(), &hash).await? {
            sqlx::query("UPDATE contact_methods SET code_tries = code_tries + 1, updated_at = $1 WHERE id = $2")
                .bind(to_db(now))
                .bind(id.get())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Err(pending.wrong_code().into());
        }
        // code_issued_at stays: it still paces requests for codes after a change of address.
        sqlx::query(
            "UPDATE contact_methods SET verified_at = $1, code_hash = NULL, code_tries = 0, updated_at = $1 WHERE id = $2",
        )
        .bind(to_db(now))
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
        let method = method_in(&mut tx, "", user_id, id).await?;
        tx.commit().await?;
        Ok(method)
    }
}
