//! A chat message's text as the timeline shows it: mentions of people by their names (their
//! Goldseam name when they have an account, else the platform's), links as Markdown. Looking
//! people up uses the same cache as authors, so a busy channel does not ask the platform again.

use super::follow::ActError;
use super::people::goldseam_user;
use super::Ctx;
use goldseam_integrations::chat::api::ChatApi;
use std::collections::HashMap;

pub(super) async fn readable<A: ChatApi>(ctx: &Ctx<A>, text: &str) -> Result<String, ActError> {
    let mut names = HashMap::new();
    for id in ctx.api.mentioned_users(text) {
        let name = match goldseam_user(ctx, &id).await? {
            Ok(user) => user.name,
            Err(person) => person.name,
        };
        names.insert(id, name);
    }
    Ok(ctx.api.readable(text, &names))
}
