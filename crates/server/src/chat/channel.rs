//! The incident's own channel: made when the incident is declared (named from the template,
//! with `-2`, `-3`… when the name is taken), private for a private incident, its topic set,
//! the people working the incident invited, and the incident's card posted first (and kept
//! up to date by `announce.rs`, like an announcement). People
//! who join the incident later (a role, a page, access to a private one) are invited as it
//! happens (`mirror.rs`); the channel is archived some days after the incident closes.

use super::follow::{platform_failure, ActError};
use super::Ctx;
use goldseam_core::chat::channel_name::ChannelFacts;
use goldseam_core::chat::settings::ChatSettings;
use goldseam_core::{Actor, IncidentId, UserId};
use goldseam_integrations::chat::api::{ChatApi, ChatError};

/// Names tried before giving up on a channel (`name`, `name-2` … `name-10`).
const NAME_ATTEMPTS: u32 = 10;

/// Makes the incident's channel, unless it has one or channels are off.
pub(super) async fn open<A: ChatApi>(
    ctx: &Ctx<A>,
    settings: &ChatSettings,
    r: IncidentId,
) -> Result<(), ActError> {
    let platform = ctx.platform();
    if !settings.incident_channels || ctx.store.chat_channel_of(platform, r).await?.is_some() {
        return Ok(());
    }
    let state = ctx.store.incident(&Actor::GOLDSEAM, r).await?;
    let date = state.declared_at.strftime("%Y-%m-%d").to_string();
    let facts = ChannelFacts {
        incident: r,
        title: &state.title,
        severity: state.severity.as_str(),
        date: &date,
    };
    let template = settings.template();
    let mut made = None;
    for attempt in 0..NAME_ATTEMPTS {
        let name = template.render(&facts, attempt, platform.channel_name_cap());
        match ctx.api.create_channel(&name, state.private).await {
            Ok(c) => {
                made = Some(c);
                break;
            }
            Err(ChatError::NameTaken) => continue,
            Err(e) => return platform_failure("creating the incident channel", e),
        }
    }
    let Some(channel) = made else {
        tracing::warn!(incident = %r, "chat: every channel name was taken");
        return Ok(());
    };
    ctx.store
        .put_chat_channel(platform, r, &channel.id, &channel.name, state.private)
        .await?;
    let topic = format!(
        "{} · {} · {} · {}",
        r.reference(),
        state.severity.as_str(),
        state.title,
        ctx.link(r)
    );
    if let Err(e) = ctx.api.set_topic(&channel.id, &topic).await {
        platform_failure("setting the channel topic", e)?;
    }
    let mut people: Vec<UserId> = state.declared_by.into_iter().collect();
    people.extend(state.roles.iter().map(|h| h.user_id));
    invite(ctx, &channel.id, &people).await?;
    // The card is posted and kept up to date by the announcement loop, as a post in this
    // channel: edited as the incident changes, coalesced like the announcement.
    ctx.store
        .want_chat_announcement(platform, r, &channel.id)
        .await?;
    // The announcement shows the channel now that there is one; the card goes out with it.
    super::announce::want(ctx, settings, r).await
}

/// Invites Goldseam users to a channel, those the platform knows by email; in batches, as
/// platforms cap how many one call may add.
pub(super) async fn invite<A: ChatApi>(
    ctx: &Ctx<A>,
    channel: &str,
    users: &[UserId],
) -> Result<(), ActError> {
    let mut ids = Vec::new();
    for u in users {
        if let Some(id) = super::people::chat_user_for(ctx, *u).await? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    for batch in ids.chunks(30) {
        if let Err(e) = ctx.api.invite(channel, batch).await {
            platform_failure("inviting people to the incident channel", e)?;
        }
    }
    Ok(())
}
