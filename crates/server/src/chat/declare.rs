//! The declare form (`/inc` with nothing after it): what it offers, and the incident its
//! submission declares. Mistakes are found before the platform is answered (`hub.rs`), so they
//! show in the form.

use super::commands::Answer;
use super::follow::ActError;
use super::inbox::refusal;
use super::Ctx;
use goldseam_core::chat::inbound::FormValue;
use goldseam_core::command::Declaration;
use goldseam_core::text::Title;
use goldseam_integrations::chat::api::{declare_fields, ChatApi, Choice, DeclareForm};
use goldseam_store::chat::ChatInboxRow;

/// The form to open for `user`, its title filled in when one was typed.
pub(super) fn declare_form<A: ChatApi>(
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
    let Some(actor) = answer.actor().await? else {
        return Ok("no account".into());
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
