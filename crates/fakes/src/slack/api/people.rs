//! `auth.test`, `users.info`, `users.lookupByEmail` and `apps.connections.open`.

use super::params::req;
use super::Answer;
use crate::slack::state::Inner;
use crate::slack::workspace::user_json;
use serde_json::json;
use serde_json::Value;

pub(super) fn auth_test(inner: &mut Inner) -> Answer {
    let o = &inner.opts;
    Ok(json!({
        "url": format!("https://{}.slack.com/", o.team_domain),
        "team": o.team_domain,
        "user": o.bot_user_name,
        "team_id": o.team_id,
        "user_id": o.bot_user_id,
        "bot_id": o.bot_id,
        "is_enterprise_install": false,
    }))
}

pub(super) fn users_info(inner: &mut Inner, p: &Value) -> Answer {
    let id = req(p, "user", "user_not_found")?;
    let u = inner.ws.user(id).ok_or("user_not_found")?;
    Ok(json!({"user": user_json(u, &inner.opts.team_id)}))
}

pub(super) fn lookup_by_email(inner: &mut Inner, p: &Value) -> Answer {
    let email = req(p, "email", "invalid_arguments")?;
    // Slack compares addresses without case; deactivated users are still found.
    let u = inner
        .ws
        .users
        .iter()
        .find(|u| {
            u.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
        .ok_or("users_not_found")?;
    Ok(json!({"user": user_json(u, &inner.opts.team_id)}))
}

pub(super) fn connections_open(inner: &mut Inner) -> Answer {
    let n = inner.next();
    let ticket = format!(
        "{:08x}-{:04x}-fake-ticket",
        n * 2_654_435_761 % 0xffff_ffff,
        n
    );
    inner.tickets.insert(ticket.clone());
    let host = inner.url.trim_start_matches("http://").to_string();
    Ok(json!({"url": format!("ws://{host}/link/?ticket={ticket}&app_id={}", inner.opts.app_id)}))
}
