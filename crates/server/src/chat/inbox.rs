//! What the platform sent, processed in arrival order from the inbox it was stored in before
//! it was acknowledged. A message in an incident's channel becomes a comment by its author
//! (matched by email), an edit or deletion a new event that keeps the history, a reply in a
//! thread a reply to the comment, a pin (or the pin emoji) a pinned event; an opened home is
//! published (`home.rs`) and shared incident links previewed (`unfurl.rs`). Each change is
//! written with an idempotency key made from the platform's event id, so a crash between the
//! write and marking the row done writes nothing twice.

use super::follow::ActError;
use super::readable::readable;
use super::{pause, people, Ctx, POLL};
use goldseam_core::chat::inbound::{Inbound, SharedFile};
use goldseam_core::chat::ChatOrigin;
use goldseam_core::text::Body;
use goldseam_core::{Actor, Command, EventPayload, IncidentId};
use goldseam_integrations::chat::api::{ChatApi, SharedLinks};
use goldseam_store::chat::ChatInboxRow;
use goldseam_store::idempotency::IdempotencyKey;
use goldseam_store::incidents::Change;
use goldseam_store::StoreError;
use std::sync::Arc;
use tokio::sync::watch;

pub(super) async fn run<A: ChatApi>(ctx: Arc<Ctx<A>>, mut stopped: watch::Receiver<bool>) {
    loop {
        let mut wait = POLL;
        if ctx.leads() {
            match step(&ctx).await {
                Ok(true) => wait = std::time::Duration::ZERO,
                Ok(false) => {}
                Err(ActError::Later(after, why)) => {
                    tracing::info!(%why, "chat: an event waits for the platform");
                    wait = after;
                }
                Err(ActError::Store(e)) => {
                    tracing::warn!(error = %e, "chat: the inbox could not be read");
                    wait = std::time::Duration::from_secs(1);
                }
            }
        }
        if wait.is_zero() {
            continue;
        }
        if !pause(&ctx.inbox, &mut stopped, wait).await {
            return;
        }
    }
}

/// Processes waiting events in order; `true` when more may wait.
async fn step<A: ChatApi>(ctx: &Ctx<A>) -> Result<bool, ActError> {
    let rows = ctx.store.chat_inbox_waiting(ctx.platform(), 50).await?;
    for row in &rows {
        match handle(ctx, row).await {
            Ok(outcome) => ctx.store.chat_inbox_done(row.id, &outcome).await?,
            Err(e) => {
                let why = match &e {
                    ActError::Later(_, why) => why.clone(),
                    ActError::Store(e) => e.to_string(),
                };
                // Later events wait behind this one: a conversation keeps its order.
                if !ctx.store.chat_inbox_failed(row.id, &why).await? {
                    return Err(e);
                }
            }
        }
    }
    Ok(rows.len() == 50)
}

/// The change's idempotency key: the platform's event id.
pub(super) fn key(actor: &Actor, platform: &str, dedup_id: &str) -> IdempotencyKey {
    IdempotencyKey::new(
        actor.user_id,
        "chat",
        format!("{platform}:{dedup_id}"),
        dedup_id.as_bytes(),
    )
}

/// What one event becomes; the outcome is kept on its row.
async fn handle<A: ChatApi>(ctx: &Ctx<A>, row: &ChatInboxRow) -> Result<String, ActError> {
    let pin_emoji = ctx.store.chat_settings().await?.pin_emoji().to_string();
    match &row.inbound {
        Inbound::Message {
            channel,
            user,
            ts,
            thread_ts,
            text,
            files,
        } => {
            let Some((r, actor)) = who_in(ctx, channel, user).await? else {
                return Ok("not an incident channel, or no account".into());
            };
            let body = with_files(&readable(ctx, text).await?, files);
            let reply_to = match thread_ts.as_deref().filter(|t| t != ts) {
                Some(t) => ctx
                    .store
                    .chat_message(ctx.platform(), channel, t)
                    .await?
                    .map(|(_, e)| e),
                None => None,
            };
            let Ok(body) = Body::parse("body", &body) else {
                return Ok("empty or too long".into());
            };
            let origin = origin(ctx, channel, ts, thread_ts.clone());
            let change = Change::FromChat {
                origin,
                reply_to,
                change: Box::new(Change::Core(Command::Comment(body))),
            };
            let written = write(ctx, row, &actor, r, change, channel, user).await?;
            let Some(out) = written else {
                return Ok("refused".into());
            };
            for e in &out.events {
                if let EventPayload::CommentAdded { .. } = e.record.payload {
                    ctx.store
                        .put_chat_message(ctx.platform(), channel, ts, r, e.record.id)
                        .await?;
                    return Ok(format!("comment {}", e.record.id));
                }
            }
            Ok("nothing written".into())
        }
        Inbound::MessageEdited {
            channel,
            user,
            ts,
            text,
        } => {
            let Some((_, comment_id)) = ctx.store.chat_message(ctx.platform(), channel, ts).await?
            else {
                return Ok("not a mirrored message".into());
            };
            let Some((r, actor)) = who_in(ctx, channel, user).await? else {
                return Ok("no account".into());
            };
            let Ok(body) = Body::parse("body", &readable(ctx, text).await?) else {
                return Ok("empty or too long".into());
            };
            let change = Change::FromChat {
                origin: origin(ctx, channel, ts, None),
                reply_to: None,
                change: Box::new(Change::EditComment { comment_id, body }),
            };
            write(ctx, row, &actor, r, change, channel, user).await?;
            Ok(format!("edited {comment_id}"))
        }
        Inbound::MessageDeleted { channel, ts } => {
            let Some((r, comment_id)) = ctx.store.chat_message(ctx.platform(), channel, ts).await?
            else {
                return Ok("not a mirrored message".into());
            };
            // The platform does not say who deleted it (its author or an admin there):
            // Goldseam records the deletion itself, and the history keeps the comment.
            let change = Change::FromChat {
                origin: origin(ctx, channel, ts, None),
                reply_to: None,
                change: Box::new(Change::DeleteComment { comment_id }),
            };
            write(ctx, row, &Actor::GOLDSEAM, r, change, channel, "").await?;
            Ok(format!("deleted {comment_id}"))
        }
        Inbound::ReactionAdded {
            channel,
            ts,
            user,
            emoji,
        } if *emoji == pin_emoji => pin(ctx, row, channel, ts, user, true).await,
        Inbound::ReactionRemoved {
            channel,
            ts,
            user,
            emoji,
        } if *emoji == pin_emoji => pin(ctx, row, channel, ts, user, false).await,
        Inbound::Pinned { channel, ts, user } => pin(ctx, row, channel, ts, user, true).await,
        Inbound::Unpinned { channel, ts, user } => pin(ctx, row, channel, ts, user, false).await,
        Inbound::Command {
            command,
            text,
            user,
            channel,
            trigger_id,
            response_url,
        } => {
            super::commands::command(
                ctx,
                row,
                command,
                text,
                user,
                channel,
                trigger_id.as_deref(),
                response_url.as_deref(),
            )
            .await
        }
        Inbound::Action {
            user,
            channel,
            action_id,
            value,
            response_url,
            ..
        } => {
            super::buttons::button(
                ctx,
                row,
                user,
                channel.as_deref(),
                action_id,
                value,
                response_url.as_deref(),
            )
            .await
        }
        Inbound::FormSubmitted {
            user,
            callback_id,
            private_metadata,
            values,
            ..
        } => super::declare::form(ctx, row, user, callback_id, private_metadata, values).await,
        Inbound::HomeOpened { user } => super::home::opened(ctx, user).await,
        Inbound::LinkShared {
            channel,
            ts,
            links,
            unfurl_id,
            source,
            ..
        } => {
            let place = SharedLinks {
                channel: channel.clone(),
                message: ts.clone(),
                unfurl_id: unfurl_id.clone(),
                source: source.clone(),
            };
            super::unfurl::shared(ctx, &place, links).await
        }
        Inbound::Ignored { reason } => Ok(format!("ignored: {reason}")),
        _ => Ok("nothing to do".into()),
    }
}

fn origin<A: ChatApi>(ctx: &Ctx<A>, channel: &str, ts: &str, thread: Option<String>) -> ChatOrigin {
    ChatOrigin {
        platform: ctx.platform().as_str().to_string(),
        channel: channel.to_string(),
        message: ts.to_string(),
        thread,
    }
}

/// The incident a channel is for and who the chat user is in Goldseam; `None` (after telling
/// them, for someone with no account) when either is missing.
async fn who_in<A: ChatApi>(
    ctx: &Ctx<A>,
    channel: &str,
    user: &str,
) -> Result<Option<(IncidentId, Actor)>, ActError> {
    if user == ctx.api.bot_user() {
        return Ok(None);
    }
    let Some(c) = ctx
        .store
        .chat_channel_by_id(ctx.platform(), channel)
        .await?
    else {
        return Ok(None);
    };
    match people::goldseam_user(ctx, user).await? {
        Ok(u) => Ok(Some((
            c.incident_id,
            Actor {
                user_id: u.id,
                role: u.role,
            },
        ))),
        Err(person) => {
            let _ = ctx
                .api
                .ephemeral(channel, user, &people::no_account(&person))
                .await;
            Ok(None)
        }
    }
}

/// Writes a chat change; a refusal (the person may not change the incident, the comment is
/// unchanged) is told to the person and is not an error.
pub(super) async fn write<A: ChatApi>(
    ctx: &Ctx<A>,
    row: &ChatInboxRow,
    actor: &Actor,
    r: IncidentId,
    change: Change,
    channel: &str,
    user: &str,
) -> Result<Option<goldseam_store::incidents::ChangeOutcome>, ActError> {
    let key = key(actor, ctx.platform().as_str(), &row.dedup_id);
    match ctx
        .store
        .change(actor, r, &[change], Some(&key), false)
        .await
    {
        Ok(out) => Ok(Some(out)),
        Err(StoreError::Domain(goldseam_core::DomainError::NoChange(_))) => Ok(None),
        Err(e @ (StoreError::Domain(_) | StoreError::NotFound(_))) => {
            if !user.is_empty() {
                let text = format!("Goldseam did not record that: {}", refusal(&e));
                let _ = ctx.api.ephemeral(channel, user, &text).await;
            }
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// A refusal in words for the person.
pub(super) fn refusal(e: &StoreError) -> String {
    match e {
        StoreError::Domain(d) => d.to_string(),
        StoreError::NotFound(_) => "you cannot see that incident in Goldseam.".into(),
        other => other.to_string(),
    }
}

async fn pin<A: ChatApi>(
    ctx: &Ctx<A>,
    row: &ChatInboxRow,
    channel: &str,
    ts: &str,
    user: &str,
    on: bool,
) -> Result<String, ActError> {
    let Some((r, event)) = ctx.store.chat_message(ctx.platform(), channel, ts).await? else {
        return Ok("not a mirrored message".into());
    };
    // A platform that does not say who pinned (Mattermost) leaves the user empty: Goldseam
    // records the pin itself, as it does deletions.
    let actor = if user.is_empty() {
        Actor::GOLDSEAM
    } else {
        let Some((_, actor)) = who_in(ctx, channel, user).await? else {
            return Ok("no account".into());
        };
        actor
    };
    let inner = if on {
        Change::Pin(event)
    } else {
        Change::Core(Command::Unpin(event))
    };
    let change = Change::FromChat {
        origin: origin(ctx, channel, ts, None),
        reply_to: None,
        change: Box::new(inner),
    };
    write(ctx, row, &actor, r, change, channel, user).await?;
    Ok(format!(
        "{} {event}",
        if on { "pinned" } else { "unpinned" }
    ))
}

/// The message's text with its files as links (files stay where they are).
fn with_files(text: &str, files: &[SharedFile]) -> String {
    let mut body = text.trim().to_string();
    for f in files {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&format!("📎 [{}]({})", f.name, f.url));
    }
    body
}
