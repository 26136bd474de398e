//! `/inc` and the buttons: each answered to the person privately (the reply address the
//! platform gave, else an ephemeral message). The command runs as the person's Goldseam
//! account, so it may do exactly what they may do in the room; a button clicked twice is
//! handled once (the second finds nothing left to do and says so).

use super::follow::ActError;
use super::inbox::{refusal, write};
use super::{people, Ctx};
use goldseam_core::chat::card::ButtonAction;
use goldseam_core::chat::command::{help_text, parse, ChatAction};
use goldseam_core::chat::inbound::FormValue;
use goldseam_core::chat::person::PersonRef;
use goldseam_core::command::Declaration;
use goldseam_core::role::INCIDENT_MANAGER;
use goldseam_core::text::{Email, Title};
use goldseam_core::{Actor, Command, IncidentId, PageId, Status};
use goldseam_integrations::chat::api::{declare_fields, ChatApi, Choice, DeclareForm};
use goldseam_store::chat::ChatInboxRow;
use goldseam_store::incidents::Change;

/// Where and how to answer the person.
struct Answer<'a, A: ChatApi> {
    ctx: &'a Ctx<A>,
    channel: &'a str,
    user: &'a str,
    reply_to: Option<&'a str>,
}

impl<A: ChatApi> Answer<'_, A> {
    async fn say(&self, text: &str) {
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
    let actor = match people::goldseam_user(ctx, user).await? {
        Ok(u) => Actor {
            user_id: u.id,
            role: u.role,
        },
        Err(person) => {
            answer.say(&people::no_account(&person)).await;
            return Ok("no account".into());
        }
    };
    let change = match parsed.action {
        ChatAction::Help => unreachable!("answered above"),
        ChatAction::Declare { title } => {
            let Some(trigger) = trigger else {
                answer.say("Open the declare form from the command itself: type the command with nothing after it.").await;
                return Ok("no form".into());
            };
            let form = declare_form(ctx, title.map(|t| t.as_str().to_string()), channel, user);
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

fn declare_form<A: ChatApi>(
    ctx: &Ctx<A>,
    title: Option<String>,
    channel: &str,
    user: &str,
) -> DeclareForm {
    let catalog = ctx.store.catalog();
    DeclareForm {
        severities: catalog
            .severities
            .iter()
            .map(|s| Choice {
                value: s.key.as_str().to_string(),
                label: s.name.clone(),
                description: Some(s.description.clone()),
            })
            .collect(),
        types: catalog
            .types
            .iter()
            .map(|t| Choice {
                value: t.key.as_str().to_string(),
                label: t.name.clone(),
                description: Some(t.description.clone()),
            })
            .collect(),
        title,
        metadata: channel.to_string(),
        user: user.to_string(),
    }
}

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
    let actor = match people::goldseam_user(ctx, user).await? {
        Ok(u) => Actor {
            user_id: u.id,
            role: u.role,
        },
        Err(person) => {
            answer.say(&people::no_account(&person)).await;
            return Ok("no account".into());
        }
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

/// The declare form, submitted (already checked when the platform asked, see the transports).
pub(super) async fn form<A: ChatApi>(
    ctx: &Ctx<A>,
    _row: &ChatInboxRow,
    user: &str,
    callback_id: &str,
    metadata: &str,
    values: &[FormValue],
) -> Result<String, ActError> {
    if callback_id != declare_fields::CALLBACK {
        return Ok("not Goldseam's form".into());
    }
    let answer = Answer {
        ctx,
        channel: if metadata.is_empty() { user } else { metadata },
        user,
        reply_to: None,
    };
    let actor = match people::goldseam_user(ctx, user).await? {
        Ok(u) => Actor {
            user_id: u.id,
            role: u.role,
        },
        Err(person) => {
            answer.say(&people::no_account(&person)).await;
            return Ok("no account".into());
        }
    };
    let declaration = match declaration_from(values) {
        Ok(d) => d,
        Err((_, why)) => {
            answer.say(&format!("Not declared: {why}")).await;
            return Ok("invalid".into());
        }
    };
    match ctx.store.declare(&actor, &declaration, None).await {
        Ok(out) => {
            let r = out.incident.id;
            answer
                .say(&format!(
                    "Declared {} · {} {}",
                    r.reference(),
                    out.incident.title,
                    ctx.link(r)
                ))
                .await;
            Ok(format!("declared {}", r.reference()))
        }
        Err(e) => {
            answer.say(&format!("Not declared: {}", refusal(&e))).await;
            Ok("refused".into())
        }
    }
}

/// The declaration a form's values make, or the field that is wrong and why.
pub fn declaration_from(values: &[FormValue]) -> Result<Declaration, (&'static str, String)> {
    let get = |f: &str| values.iter().find(|v| v.field == f).map(|v| v.value.trim());
    let title = Title::parse("title", get(declare_fields::TITLE).unwrap_or(""))
        .map_err(|e| (declare_fields::TITLE, e.to_string()))?;
    let severity =
        goldseam_core::SeverityKey::parse("severity", get(declare_fields::SEVERITY).unwrap_or(""))
            .map_err(|e| (declare_fields::SEVERITY, e.to_string()))?;
    Ok(Declaration {
        title,
        summary: None,
        severity,
        incident_type: get(declare_fields::TYPE)
            .filter(|t| !t.is_empty())
            .map(String::from),
        tags: vec![],
        private: Some(get(declare_fields::PRIVATE) == Some("true")),
        services: vec![],
    })
}
