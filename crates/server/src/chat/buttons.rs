//! The buttons on Goldseam's messages: Join, Resolve and Acknowledge. Each runs as the person
//! who clicked, answered privately; a button clicked twice is handled once (the second click
//! finds nothing left to do and says so).

use super::commands::Answer;
use super::follow::ActError;
use super::inbox::{refusal, write};
use super::Ctx;
use goldseam_core::chat::card::ButtonAction;
use goldseam_core::{Command, IncidentId, PageId, Status};
use goldseam_integrations::chat::api::ChatApi;
use goldseam_store::chat::ChatInboxRow;
use goldseam_store::incidents::Change;

/// A button in one of Goldseam's messages.
pub(super) async fn button<A: ChatApi>(
    ctx: &Ctx<A>,
    row: &ChatInboxRow,
    user: &str,
    channel: Option<&str>,
    action_id: &str,
    value: &str,
    reply_to: Option<&str>,
) -> Result<String, ActError> {
    let channel = channel.unwrap_or(user);
    let answer = Answer {
        ctx,
        channel,
        user,
        reply_to,
    };
    let Some(action) = ButtonAction::from_id(action_id) else {
        return Ok("not Goldseam's button".into());
    };
    let Some(actor) = answer.actor().await? else {
        return Ok("no account".into());
    };
    match action {
        ButtonAction::AckPage => {
            let Ok(id) = value.parse::<i64>() else {
                return Ok("bad page id".into());
            };
            let text = match ctx
                .store
                .acknowledge_page(&actor, PageId::from_db(id))
                .await
            {
                Ok(_) => "Acknowledged.".to_string(),
                Err(e) => format!("Not acknowledged: {}", refusal(&e)),
            };
            answer.say(&text).await;
            Ok("page acknowledged".into())
        }
        ButtonAction::Join => {
            let Some(r) = IncidentId::parse_reference(value).ok() else {
                return Ok("bad incident".into());
            };
            if let Err(e) = ctx.store.incident(&actor, r).await {
                answer.say(&refusal(&e)).await;
                return Ok("refused".into());
            }
            match ctx.store.chat_channel_of(ctx.platform(), r).await? {
                Some(c) => {
                    super::channel::invite(ctx, &c.channel_id, &[actor.user_id]).await?;
                    answer
                        .say(&format!(
                            "You are in {}.",
                            ctx.api.channel_mention(&c.channel_id)
                        ))
                        .await;
                }
                None => {
                    answer
                        .say("This incident has no channel; follow it in the room.")
                        .await
                }
            }
            Ok("joined".into())
        }
        ButtonAction::Resolve => {
            let Some(r) = IncidentId::parse_reference(value).ok() else {
                return Ok("bad incident".into());
            };
            let change = Change::Core(Command::ChangeStatus {
                to: Status::Resolved,
                reason: None,
            });
            let text = match write(ctx, row, &actor, r, change, channel, "").await? {
                Some(_) => format!("{} is resolved.", r.reference()),
                None => format!("{} was already resolved.", r.reference()),
            };
            answer.say(&text).await;
            Ok("resolve".into())
        }
    }
}
