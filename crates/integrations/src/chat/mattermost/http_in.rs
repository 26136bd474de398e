//! What Mattermost POSTs to Goldseam when a person uses it, checked and read: the slash
//! command (form fields with the command's token), a button click (JSON with the action's
//! signed context), and a dialog submission (JSON with the dialog's signed state). Mattermost
//! never retries these; each gets an id from a hash of its body, so a replay is a repeat.

use super::context::{ContextError, ContextSigner};
use crate::chat::api::{declare_fields, Parsed};
use crate::Secret;
use goldseam_core::chat::inbound::{FormValue, Inbound};
use jiff::Timestamp;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpInError {
    /// A slash command without the token, or with another one.
    #[error("the command's token is missing or is not the one Mattermost gave the /inc command")]
    BadToken,
    /// A button or dialog whose context this server did not sign.
    #[error("the button's context was not signed by this Goldseam server")]
    Forged,
    /// Genuine, but not what Mattermost sends here.
    #[error("the body is not what Mattermost sends here: {0}")]
    Malformed(String),
}

impl HttpInError {
    /// The HTTP status to answer.
    pub fn status(&self) -> u16 {
        match self {
            HttpInError::Malformed(_) => 400,
            _ => 401,
        }
    }
}

/// A request that passed its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// Something to store and acknowledge.
    Received(Parsed),
    /// A genuine button or dialog, too old to act on: tell the person, change nothing.
    Expired(String),
    /// A dialog closed with Cancel: nothing to do.
    Cancelled,
}

fn hashed(prefix: &str, body: &[u8]) -> String {
    format!("{prefix}:{}", hex::encode(Sha256::digest(body)))
}

/// Equal, in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn json(body: &[u8]) -> Result<Value, HttpInError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err(HttpInError::Malformed("not a JSON object".into())),
        Err(e) => Err(HttpInError::Malformed(format!("not JSON: {e}"))),
    }
}

fn text(v: &Value, k: &str) -> Option<String> {
    v[k].as_str().filter(|s| !s.is_empty()).map(String::from)
}

/// A slash command: its form `body`, checked against `token` (the `token` field, or
/// `authorization: Token …`, which Mattermost sends both of).
pub fn command(
    authorization: Option<&str>,
    body: &[u8],
    token: &Secret,
) -> Result<Parsed, HttpInError> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let sent = field("token").or_else(|| {
        authorization
            .and_then(|h| {
                h.strip_prefix("Token ")
                    .or_else(|| h.strip_prefix("token "))
            })
            .map(|t| t.trim().to_string())
    });
    match sent {
        Some(sent) if same(sent.as_bytes(), token.expose().as_bytes()) => {}
        _ => return Err(HttpInError::BadToken),
    }
    let (Some(command), Some(user), Some(channel)) =
        (field("command"), field("user_id"), field("channel_id"))
    else {
        return Err(HttpInError::Malformed(
            "a command needs command, user_id and channel_id".into(),
        ));
    };
    let inbound = Inbound::Command {
        command,
        text: field("text").unwrap_or_default(),
        user,
        channel,
        trigger_id: field("trigger_id"),
        response_url: field("response_url"),
    };
    Ok(Parsed {
        dedup_id: hashed("cmd", body),
        inbound,
    })
}

/// What an expired button or dialog tells the person.
const EXPIRED_BUTTON: &str =
    "This button has expired. Use /inc in the incident's channel, or the incident's room in Goldseam.";
const EXPIRED_FORM: &str = "This form has expired: type /inc again to declare.";

/// A button click: the JSON Mattermost sends to the action's URL, its context checked with
/// `signer` at `now`.
pub fn action(body: &[u8], signer: &ContextSigner, now: Timestamp) -> Result<Checked, HttpInError> {
    let v = json(body)?;
    let signed = match signer.verify_action(&v["context"], now) {
        Ok(s) => s,
        Err(ContextError::Expired) => return Ok(Checked::Expired(EXPIRED_BUTTON.into())),
        Err(ContextError::Forged) => return Err(HttpInError::Forged),
    };
    let Some(user) = text(&v, "user_id") else {
        return Err(HttpInError::Malformed("a click needs its user_id".into()));
    };
    let inbound = Inbound::Action {
        user,
        channel: text(&v, "channel_id"),
        message_ts: text(&v, "post_id"),
        action_id: signed.action,
        value: signed.value,
        trigger_id: text(&v, "trigger_id"),
        response_url: None,
    };
    Ok(Checked::Received(Parsed {
        dedup_id: hashed("act", body),
        inbound,
    }))
}

/// A dialog submission (or cancellation): its state checked for the person submitting.
/// Values become text: a checkbox `"true"`/`"false"`, a number its digits.
pub fn dialog(body: &[u8], signer: &ContextSigner, now: Timestamp) -> Result<Checked, HttpInError> {
    let v = json(body)?;
    let Some(user) = text(&v, "user_id") else {
        return Err(HttpInError::Malformed(
            "a submission needs its user_id".into(),
        ));
    };
    let metadata = match signer.verify_state(&user, v["state"].as_str().unwrap_or_default(), now) {
        Ok(m) => m,
        Err(ContextError::Expired) => return Ok(Checked::Expired(EXPIRED_FORM.into())),
        Err(ContextError::Forged) => return Err(HttpInError::Forged),
    };
    if v["cancelled"] == true || v["type"] == "dialog_cancellation" {
        return Ok(Checked::Cancelled);
    }
    let values = v["submission"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(field, value)| FormValue {
            field: field.clone(),
            value: match value {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            },
        })
        .collect();
    let callback_id = text(&v, "callback_id").unwrap_or_else(|| declare_fields::CALLBACK.into());
    Ok(Checked::Received(Parsed {
        dedup_id: hashed("dlg", body),
        inbound: Inbound::FormSubmitted {
            user,
            callback_id,
            view_id: None,
            private_metadata: metadata,
            values,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> Timestamp {
        "2026-12-04T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_command_needs_its_token() {
        let token = Secret::new("tok3n");
        let body = b"channel_id=c1&command=%2Finc&text=severity+SEV2&token=tok3n&trigger_id=t1&user_id=u1&response_url=http%3A%2F%2Fmm%2Fhooks%2Fcommands%2Fh1";
        let p = command(None, body, &token).unwrap();
        assert!(p.dedup_id.starts_with("cmd:"));
        assert_eq!(
            p.inbound,
            Inbound::Command {
                command: "/inc".into(),
                text: "severity SEV2".into(),
                user: "u1".into(),
                channel: "c1".into(),
                trigger_id: Some("t1".into()),
                response_url: Some("http://mm/hooks/commands/h1".into()),
            }
        );
        let no_field = b"channel_id=c1&command=%2Finc&user_id=u1";
        assert!(command(Some("Token tok3n"), no_field, &token).is_ok());
        assert_eq!(command(None, no_field, &token), Err(HttpInError::BadToken));
        assert_eq!(
            command(Some("Token tok3"), no_field, &token),
            Err(HttpInError::BadToken)
        );
        let wrong = b"channel_id=c1&command=%2Finc&user_id=u1&token=other";
        assert_eq!(command(None, wrong, &token).unwrap_err().status(), 401);
        assert!(matches!(
            command(None, b"token=tok3n", &token),
            Err(HttpInError::Malformed(_))
        ));
    }

    #[test]
    fn a_click_is_acted_on_only_with_a_fresh_context_this_server_signed() {
        let s = ContextSigner::new(b"k");
        let click = |context: Value| {
            json!({"user_id": "u1", "channel_id": "c1", "post_id": "p1", "trigger_id": "t1",
                   "type": "button", "context": context})
            .to_string()
        };
        let body = click(s.sign_action("goldseam_resolve", "INC-7", now()));
        let Ok(Checked::Received(p)) = action(body.as_bytes(), &s, now()) else {
            panic!("a genuine click is received");
        };
        assert!(
            matches!(&p.inbound, Inbound::Action { action_id, value, message_ts, .. }
            if action_id == "goldseam_resolve" && value == "INC-7" && message_ts.as_deref() == Some("p1"))
        );
        let forged =
            click(ContextSigner::new(b"guess").sign_action("goldseam_resolve", "INC-7", now()));
        assert_eq!(
            action(forged.as_bytes(), &s, now()),
            Err(HttpInError::Forged)
        );
        let bare = click(json!({"action": "goldseam_resolve", "value": "INC-7"}));
        assert_eq!(action(bare.as_bytes(), &s, now()), Err(HttpInError::Forged));
        let old = click(s.sign_action_until("goldseam_resolve", "INC-7", now().as_second() - 1));
        assert!(
            matches!(action(old.as_bytes(), &s, now()), Ok(Checked::Expired(t)) if t.contains("expired"))
        );
    }

    #[test]
    fn a_submission_reads_its_values_as_text_for_its_person_only() {
        let s = ContextSigner::new(b"k");
        let state = s.sign_state("u1", "c1", now());
        let submit = |user: &str, cancelled: bool| {
            json!({"type": "dialog_submission", "callback_id": declare_fields::CALLBACK, "state": state,
                   "user_id": user, "channel_id": "c1", "team_id": "t", "cancelled": cancelled,
                   "submission": {"title": "Checkout down", "severity": "SEV1", "private": true, "type": null}})
            .to_string()
        };
        let Ok(Checked::Received(p)) = dialog(submit("u1", false).as_bytes(), &s, now()) else {
            panic!("a genuine submission is received");
        };
        let Inbound::FormSubmitted {
            private_metadata,
            values,
            ..
        } = p.inbound
        else {
            panic!("a form");
        };
        assert_eq!(private_metadata, "c1");
        let get = |f: &str| {
            values
                .iter()
                .find(|v| v.field == f)
                .map(|v| v.value.as_str())
        };
        assert_eq!(
            (get("title"), get("private"), get("type")),
            (Some("Checkout down"), Some("true"), Some(""))
        );
        assert_eq!(
            dialog(submit("u2", false).as_bytes(), &s, now()),
            Err(HttpInError::Forged)
        );
        assert_eq!(
            dialog(submit("u1", true).as_bytes(), &s, now()),
            Ok(Checked::Cancelled)
        );
        assert!(matches!(
            dialog(b"[]", &s, now()),
            Err(HttpInError::Malformed(_))
        ));
    }
}
