//! The timeline in the incident's channel: comments and status updates written in the web
//! room appear under their author's name (in the thread they answer), edits and deletions
//! follow them, pins are mirrored, people who join the incident are invited, and changes of
//! severity, status, title and roles get a short line. Events that came from this platform
//! are only linked to their message, never sent back (no echo).

use super::follow::{platform_failure, ActError};
use super::Ctx;
use goldseam_core::chat::settings::ChatSettings;
use goldseam_core::{Actor, EventId, EventPayload as P, Status};
use goldseam_integrations::chat::api::{ChatApi, ChatError, Outgoing};
use goldseam_store::chat::ChatChannel;
use goldseam_store::events::StoredEvent;
use jiff::SignedDuration;

pub(super) async fn act<A: ChatApi>(
    ctx: &Ctx<A>,
    settings: &ChatSettings,
    e: &StoredEvent,
) -> Result<(), ActError> {
    let platform = ctx.platform();
    let r = e.record.incident_id;
    let Some(channel) = ctx.store.chat_channel_of(platform, r).await? else {
        return Ok(());
    };
    if channel.archived_at.is_some() {
        return Ok(());
    }
    let from_here = goldseam_core::chat::origin_of(&e.record.payload)
        .filter(|o| o.platform == platform.as_str());
    if let Some(o) = from_here {
        // Written in this platform: link the message to its event (the inbox does too; this
        // covers a crash between its write and its link), and send nothing back.
        if matches!(e.record.payload, P::CommentAdded { .. }) {
            ctx.store
                .put_chat_message(platform, &o.channel, &o.message, r, e.record.id)
                .await?;
        }
        return Ok(());
    }
    if !channel.private && ctx.store.incident(&Actor::GOLDSEAM, r).await?.private {
        // A public channel must not show a private incident: say so once, then stay quiet.
        if let P::VisibilityChanged { private: true, .. } = e.record.payload {
            let note = "This incident is now private. Goldseam no longer mirrors it here; follow it in the room.";
            post(ctx, &channel, e, Outgoing::text(&channel.channel_id, note)).await?;
        }
        return Ok(());
    }
    let who = e.actor_name.clone().unwrap_or_else(|| "Goldseam".into());
    let line = |text: String| Outgoing::text(&channel.channel_id, text);
    match &e.record.payload {
        P::CommentAdded { body, reply_to, .. } => {
            let thread = match reply_to {
                Some(id) => ctx
                    .store
                    .chat_message_of_event(platform, *id)
                    .await?
                    .map(|(_, ts)| ts),
                None => None,
            };
            let mut m = line(body.clone());
            m.as_person = Some(who);
            m.thread = thread;
            post(ctx, &channel, e, m).await?;
        }
        P::StatusUpdate { body, status } => {
            let text = format!("**Status update** ({}) by {who}\n{body}", status.label());
            post(ctx, &channel, e, line(text)).await?;
        }
        P::CommentEdited {
            comment_id, body, ..
        } => {
            if let Some((c, ts)) = ctx
                .store
                .chat_message_of_event(platform, *comment_id)
                .await?
            {
                let mut m = line(body.clone());
                m.as_person = Some(who.clone());
                match ctx.api.update(&c, &ts, &m).await {
                    Ok(()) => {}
                    // Someone's own message in the chat: the bot cannot edit it; say what changed.
                    Err(ChatError::Refused(_)) => {
                        let mut note = line(format!("_{who} edited this in Goldseam:_ {body}"));
                        note.thread = Some(ts);
                        post(ctx, &channel, e, note).await?;
                    }
                    Err(err) => platform_failure("mirroring an edit", err)?,
                }
            }
        }
        P::CommentDeleted { comment_id, .. } => {
            if let Some((c, ts)) = ctx
                .store
                .chat_message_of_event(platform, *comment_id)
                .await?
            {
                if let Err(err) = ctx.api.delete(&c, &ts).await {
                    platform_failure("mirroring a deletion", err)?;
                }
            }
        }
        P::Pinned { event_id, .. } => pin(ctx, *event_id, true).await?,
        P::Unpinned { event_id, .. } => pin(ctx, *event_id, false).await?,
        P::RoleAssigned { role, user_id, .. } => {
            super::channel::invite(ctx, &channel.channel_id, &[*user_id]).await?;
            let catalog = ctx.store.catalog();
            let role = catalog
                .role(role.as_str())
                .map(|k| k.name.clone())
                .unwrap_or_else(|_| role.as_str().to_string());
            let name = ctx
                .store
                .user(*user_id)
                .await
                .map(|u| u.name)
                .unwrap_or_default();
            post(
                ctx,
                &channel,
                e,
                line(format!("{name} is now {role} (by {who})")),
            )
            .await?;
        }
        P::Paged {
            user_id: Some(u), ..
        }
        | P::AccessGranted { user_id: u, .. } => {
            super::channel::invite(ctx, &channel.channel_id, &[*u]).await?;
        }
        P::SeverityChanged { from, to } => {
            let text = format!("Severity {} → {} (by {who})", from.as_str(), to.as_str());
            post(ctx, &channel, e, line(text)).await?;
        }
        P::TitleChanged { to, .. } => {
            post(
                ctx,
                &channel,
                e,
                line(format!("Renamed to “{to}” (by {who})")),
            )
            .await?;
        }
        P::StatusChanged { from, to, .. } => {
            let text = format!("Status {} → {} (by {who})", from.label(), to.label());
            post(ctx, &channel, e, line(text)).await?;
            let archive_at = match to {
                // Counted from the close itself, however late the engine sees it.
                Status::Closed | Status::Canceled => Some(
                    e.record.at
                        + SignedDuration::from_hours(24 * i64::from(settings.archive_after_days)),
                ),
                _ => None,
            };
            ctx.store
                .set_chat_channel_archive(platform, e.record.incident_id, archive_at)
                .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Posts a message that shows an event, once: a repeat after a crash finds it linked.
async fn post<A: ChatApi>(
    ctx: &Ctx<A>,
    channel: &ChatChannel,
    e: &StoredEvent,
    m: Outgoing,
) -> Result<(), ActError> {
    let platform = ctx.platform();
    if ctx
        .store
        .chat_message_of_event(platform, e.record.id)
        .await?
        .is_some()
    {
        return Ok(());
    }
    match ctx.api.post(&m).await {
        Ok(ts) => {
            ctx.store
                .put_chat_message(
                    platform,
                    &channel.channel_id,
                    &ts,
                    e.record.incident_id,
                    e.record.id,
                )
                .await?;
            Ok(())
        }
        Err(err) => platform_failure("mirroring to the incident channel", err),
    }
}

/// Pins or unpins the message that shows an event, if there is one.
async fn pin<A: ChatApi>(ctx: &Ctx<A>, event: EventId, on: bool) -> Result<(), ActError> {
    let Some((c, ts)) = ctx
        .store
        .chat_message_of_event(ctx.platform(), event)
        .await?
    else {
        return Ok(());
    };
    let done = if on {
        ctx.api.pin(&c, &ts).await
    } else {
        ctx.api.unpin(&c, &ts).await
    };
    match done {
        Ok(()) => Ok(()),
        Err(err) => platform_failure("mirroring a pin", err),
    }
}
