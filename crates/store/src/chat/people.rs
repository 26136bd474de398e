//! Who a chat user is in Goldseam: matched by email (the one identity both sides share) and
//! kept, so a busy channel does not look everyone up on every message. Someone without an
//! account is kept too (`user_id` empty), and looked up again after [`PERSON_TTL`].

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::chat::Platform;
use goldseam_core::UserId;
use jiff::{SignedDuration, Timestamp};

/// How long a match is trusted before the platform is asked again (an email can change, an
/// account can be created).
pub const PERSON_TTL: SignedDuration = SignedDuration::from_hours(1);

/// A chat user as Goldseam knows them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatPerson {
    /// The platform's user id.
    pub chat_user: String,
    /// Their display name there.
    pub name: String,
    /// Their email, when the platform shares it.
    pub email: Option<String>,
    /// Their Goldseam account, when one has that email.
    pub user_id: Option<UserId>,
    /// When this was looked up.
    pub fetched_at: Timestamp,
}

impl ChatPerson {
    /// Whether the match is recent enough to trust.
    pub fn fresh(&self, now: Timestamp) -> bool {
        now.duration_since(self.fetched_at) < PERSON_TTL
    }
}

impl Store {
    /// A chat user as last looked up.
    pub async fn chat_person(
        &self,
        platform: Platform,
        chat_user: &str,
    ) -> Result<Option<ChatPerson>, StoreError> {
        let row = sqlx::query("SELECT chat_user, name, email, user_id, fetched_at FROM chat_people WHERE platform = $1 AND chat_user = $2")
            .bind(platform.as_str())
            .bind(chat_user)
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        row.map(|r| {
            Ok(ChatPerson {
                chat_user: r.col("chat_user")?,
                name: r.col("name")?,
                email: r.col("email")?,
                user_id: r.opt_id("user_id")?,
                fetched_at: r.time("fetched_at")?,
            })
        })
        .transpose()
    }

    /// Keeps what a lookup found.
    pub async fn put_chat_person(
        &self,
        platform: Platform,
        person: &ChatPerson,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO chat_people (platform, chat_user, name, email, user_id, fetched_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (platform, chat_user) DO UPDATE SET name = excluded.name, email = excluded.email, user_id = excluded.user_id, fetched_at = excluded.fetched_at")
            .bind(platform.as_str())
            .bind(&person.chat_user)
            .bind(&person.name)
            .bind(person.email.as_deref())
            .bind(person.user_id.map(|u| u.get()))
            .bind(to_db(person.fetched_at))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// The chat user known to be this Goldseam user, if any.
    pub async fn chat_user_of(
        &self,
        platform: Platform,
        user: UserId,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT chat_user FROM chat_people WHERE platform = $1 AND user_id = $2 ORDER BY fetched_at DESC LIMIT 1",
        )
        .bind(platform.as_str())
        .bind(user.get())
        .fetch_optional(&mut *self.reader().await?)
        .await?)
    }
}
