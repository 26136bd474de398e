//! Who is who on both sides, matched by email (the one identity a chat workspace and
//! Goldseam share) and kept in `chat_people` for an hour, so a busy channel does not look
//! everyone up on every message.

use super::follow::ActError;
use super::Ctx;
use goldseam_core::text::Email;
use goldseam_core::UserId;
use goldseam_integrations::chat::api::{ChatApi, ChatError};
use goldseam_store::chat::ChatPerson;
use goldseam_store::users::User;
use std::time::Duration;

fn later(what: &str, e: ChatError) -> ActError {
    let after = match e {
        ChatError::Limited(after) => after,
        _ => Duration::from_secs(2),
    };
    ActError::Later(after, format!("{what}: {e}"))
}

/// The chat user who is this Goldseam user, if the platform has someone with their email.
pub(super) async fn chat_user_for<A: ChatApi>(
    ctx: &Ctx<A>,
    user: UserId,
) -> Result<Option<String>, ActError> {
    let platform = ctx.platform();
    if let Some(id) = ctx.store.chat_user_of(platform, user).await? {
        return Ok(Some(id));
    }
    let Ok(u) = ctx.store.user(user).await else {
        return Ok(None);
    };
    match ctx.api.find_by_email(&u.email).await {
        Ok(Some(id)) => {
            ctx.store
                .put_chat_person(
                    platform,
                    &ChatPerson {
                        chat_user: id.clone(),
                        name: u.name.clone(),
                        email: Some(u.email.clone()),
                        user_id: Some(user),
                        fetched_at: ctx.store.now(),
                    },
                )
                .await?;
            Ok(Some(id))
        }
        Ok(None) => Ok(None),
        Err(e) if e.is_transient() => Err(later("looking a person up by email", e)),
        Err(_) => Ok(None),
    }
}

/// Who a chat user is: their Goldseam account (active), or `Err` with the person as the
/// platform describes them, for telling them they have none.
pub(super) async fn goldseam_user<A: ChatApi>(
    ctx: &Ctx<A>,
    chat_user: &str,
) -> Result<Result<User, ChatPerson>, ActError> {
    let platform = ctx.platform();
    let now = ctx.store.now();
    let person = match ctx.store.chat_person(platform, chat_user).await? {
        Some(p) if p.fresh(now) => p,
        _ => {
            let profile = ctx
                .api
                .user(chat_user)
                .await
                .map_err(|e| later("looking a chat user up", e))?;
            let email = profile.email.clone();
            let user_id = match email.as_deref().map(|e| Email::parse("email", e)) {
                Some(Ok(email)) => ctx.store.user_by_email(&email).await.ok().map(|u| u.id),
                _ => None,
            };
            let p = ChatPerson {
                chat_user: chat_user.to_string(),
                name: profile.name,
                email,
                user_id,
                fetched_at: now,
            };
            ctx.store.put_chat_person(platform, &p).await?;
            p
        }
    };
    match person.user_id {
        Some(id) => match ctx.store.user(id).await {
            Ok(u) if u.active => Ok(Ok(u)),
            _ => Ok(Err(person)),
        },
        None => Ok(Err(person)),
    }
}

/// What someone without an account is told.
pub(super) fn no_account(person: &ChatPerson) -> String {
    match &person.email {
        Some(email) => format!(
            "Goldseam has no active account with your email ({email}), so nothing was recorded. Ask a Goldseam admin to add you."
        ),
        None => "Goldseam cannot see your email here, so it cannot tell who you are and nothing was recorded. Ask a Goldseam admin.".to_string(),
    }
}
