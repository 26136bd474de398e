//! `/inc`: each command answered to the person privately (the reply address the platform
//! gave, else an ephemeral message). It runs as the person's Goldseam account, so it may do
//! exactly what they may do in the room. The buttons are in `buttons.rs`, the declare form in
//! `declare.rs`.

use super::follow::ActError;
use super::inbox::{refusal, write};
use super::{people, Ctx};
use goldseam_core::chat::command::{help_text, parse, ChatAction};
use goldseam_core::chat::person::PersonRef;
use goldseam_core::role::INCIDENT_MANAGER;
use goldseam_core::text::Email;
use goldseam_core::{Actor, Command, IncidentId, Status};
use goldseam_integrations::chat::api::ChatApi;
use goldseam_store::chat::ChatInboxRow;
use goldseam_store::incidents::Change;

/// Where and how to answer the person.
pub(super) struct Answer<'a, A: ChatApi> {
    pub ctx: &'a Ctx<A>,
    pub channel: &'a str,
    pub user: &'a str,
    pub reply_to: Option<&'a str>,
}

impl<A: ChatApi> Answer<'_, A> {
    /// The person's Goldseam account, or `None` after telling them they have none.
    pub async fn actor(&self) -> Result<Option<Actor>, ActError> {
        match people::goldseam_user(self.ctx, self.user).await? {
            Ok(u) => Ok(Some(Actor {
                user_id: u.id,
                role: u.role,
            })),
            Err(person) => {
                self.say(&people::no_account(&person)).await;
                Ok(None)
            }
        }
    }

    /// Tells the person, privately.
    pub async fn say(&self, text: &str) {
        if let Err(e) = self
            .ctx
            .api
            .reply(self.channel, self.user, self.reply_to, text)
            .await
        {
            tracing::info!(error = %e, "chat: a private answer could not be sent");
        }
    }
}

/// Runs a slash command.
#[allow(clippy::too_many_arguments)]
pub(super) async fn command<A: ChatApi>(
    ctx: &Ctx<A>,
    row: &ChatInboxRow,
    command: &str,
    text: &str,
    user: &str,
    channel: &str,
    trigger: Option<&str>,
    reply_to: Option<&str>,
) -> Result<String, ActError> {
    let answer = Answer {
        ctx,
        channel,
        user,
        reply_to,
    };
    let parsed = match parse(command, text) {
        Ok(c) => c,
        Err(usage) => {
            answer.say(&usage.message).await;
            return Ok("usage".into());
        }
    };
    let here = ctx
        .store
        .chat_channel_by_id(ctx.platform(), channel)
        .await?
        .map(|c| c.incident_id);
    let target = match parsed.target(command, here) {
        Ok(t) => t,
        Err(usage) => {
            answer.say(&usage.message).await;
            return Ok("usage".into());
        }
    };
    if parsed.action == ChatAction::Help {
        answer.say(&help_text(command)).await;
        return Ok("help".into());
    }
    let Some(actor) = answer.actor().await? else {
        return Ok("no account".into());
    };
    let change = match parsed.action {
        ChatAction::Help => unreachable!("answered above"),
        ChatAction::Declare { title } => {
            let Some(trigger) = trigger else {
                answer.say("Open the declare form from the command itself: type the command with nothing after it.").await;
                return Ok("no form".into());
            };
            let form = super::declare::declare_form(
                ctx,
                title.map(|t| t.as_str().to_string()),
                channel,
                user,
            );
            return match ctx.api.open_declare_form(trigger, &form).await {
                Ok(()) => Ok("declare form opened".into()),
                Err(e) => {
                    answer.say(&format!("The declare form could not be opened ({e}). Try again, or declare in Goldseam.")).await;
                    Ok("form failed".into())
                }
            };
        }
        ChatAction::Show => {
            let r = target.expect("show needs an incident");
            let text = match ctx.store.incident(&actor, r).await {
                Ok(s) => format!(
                    "{} · {} · {} · {}\n{}",
                    r.reference(),
                    s.title,
                    s.severity.as_str(),
                    s.status.label(),
                    ctx.link(r)
                ),
                Err(e) => refusal(&e),
            };
            answer.say(&text).await;
            return Ok("shown".into());
        }
        ChatAction::Update { body } => Change::Core(Command::StatusUpdate { body, status: None }),
        ChatAction::Severity { key } => Change::Core(Command::ChangeSeverity(key)),
        ChatAction::Status { status } => Change::Core(Command::ChangeStatus {
            to: status,
            reason: None,
        }),
        ChatAction::Resolve { note } => Change::Core(Command::ChangeStatus {
            to: Status::Resolved,
            reason: note,
        }),
        ChatAction::Lead { person } => {
            let Some(user_id) = resolve_person(ctx, &actor, &person).await? else {
                answer
                    .say("Goldseam does not know who that is: name them with @, or by their email.")
                    .await;
                return Ok("unknown person".into());
            };
            Change::Core(Command::AssignRole {
                role: INCIDENT_MANAGER.into(),
                user_id,
            })
        }
        ChatAction::Page {
            people: named,
            team,
        } => {
            let r = target.expect("page needs an incident");
            return page(ctx, &answer, &actor, r, &named, team.as_deref()).await;
        }
    };
    let r = target.expect("changes need an incident");
    let text = match write(ctx, row, &actor, r, change, channel, "").await {
        Ok(Some(_)) => format!("Done: {} {}", r.reference(), ctx.link(r)),
        Ok(None) => "Nothing to change: it is already so.".to_string(),
        Err(e) => return Err(e),
    };
    answer.say(&text).await;
    Ok("command run".into())
}

/// Pages the people named (teams are paged from the room, where their policies are chosen).
async fn page<A: ChatApi>(
    ctx: &Ctx<A>,
    answer: &Answer<'_, A>,
    actor: &Actor,
    r: IncidentId,
    named: &[PersonRef],
    team: Option<&str>,
) -> Result<String, ActError> {
    let mut paged = Vec::new();
    for person in named {
        let Some(user_id) = resolve_person(ctx, actor, person).await? else {
            continue;
        };
        let target = goldseam_store::response::PageTarget::User(user_id);
        let reason = "paged from chat";
        match ctx
            .store
            .page_by_hand(
                actor,
                r,
                target,
                goldseam_core::people::Urgency::High,
                reason,
            )
            .await
        {
            Ok(_) => paged.push(
                ctx.store
                    .user(user_id)
                    .await
                    .map(|u| u.name)
                    .unwrap_or_default(),
            ),
            Err(e) => answer.say(&format!("Not paged: {}", refusal(&e))).await,
        }
    }
    let mut text = if paged.is_empty() {
        "Nobody was paged: name people with @ or by email.".to_string()
    } else {
        format!("Paged {}.", paged.join(", "))
    };
    if let Some(team) = team {
        text.push_str(&format!(
            " To page the team {team}, use the room: {}",
            ctx.link(r)
        ));
    }
    answer.say(&text).await;
    Ok("paged".into())
}

/// The Goldseam user a mention names.
async fn resolve_person<A: ChatApi>(
    ctx: &Ctx<A>,
    actor: &Actor,
    person: &PersonRef,
) -> Result<Option<goldseam_core::UserId>, ActError> {
    Ok(match person {
        PersonRef::Me => Some(actor.user_id),
        PersonRef::ChatUser { id, .. } => people::goldseam_user(ctx, id).await?.ok().map(|u| u.id),
        PersonRef::Email(email) => match Email::parse("email", email) {
            Ok(e) => ctx.store.user_by_email(&e).await.ok().map(|u| u.id),
            Err(_) => None,
        },
        // Where mentions are handles (Mattermost), the platform says whose.
        PersonRef::Handle(h) => match ctx.api.find_by_handle(h).await {
            Ok(Some(id)) => people::goldseam_user(ctx, &id).await?.ok().map(|u| u.id),
            _ => None,
        },
    })
}
