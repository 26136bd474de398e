//! `views.open/push/update/publish`: modals opened with a `trigger_id` (valid for a short
//! time and once) and each user's App Home. Every change gets a new `hash`; an update that
//! names an old one is refused with `hash_conflict`, as Slack guards against races.

use super::params::s;
use super::Answer;
use crate::slack::model::View;
use crate::slack::state::Inner;
use crate::slack::workspace::unix_secs;
use serde_json::{json, Value};

/// Exchanges a `trigger_id` for the user it was issued to.
pub(crate) fn exchange(inner: &mut Inner, trigger: &str) -> Result<String, String> {
    let ttl = inner.opts.trigger_ttl;
    let t = inner
        .triggers
        .get_mut(trigger)
        .ok_or("invalid_trigger_id")?;
    if t.used {
        return Err("exchanged_trigger_id".into());
    }
    if t.issued.elapsed() > ttl {
        return Err("expired_trigger_id".into());
    }
    t.used = true;
    Ok(t.user.clone())
}

fn new_hash(inner: &mut Inner) -> String {
    let n = inner.next();
    format!(
        "{}.{:08x}",
        unix_secs(),
        n.wrapping_mul(2_654_435_761) & 0xffff_ffff
    )
}

/// The view as Slack answers it: the app's view plus the fields Slack adds.
fn full_view(
    inner: &Inner,
    app_view: &Value,
    id: &str,
    hash: &str,
    root: &str,
    previous: Option<&str>,
) -> Value {
    let mut v = app_view.clone();
    let o = &inner.opts;
    for (k, default) in [
        ("private_metadata", json!("")),
        ("callback_id", json!("")),
        ("external_id", json!("")),
    ] {
        if v.get(k).is_none() {
            v[k] = default;
        }
    }
    v["id"] = json!(id);
    v["team_id"] = json!(o.team_id);
    v["state"] = json!({"values": {}});
    v["hash"] = json!(hash);
    v["root_view_id"] = json!(root);
    v["previous_view_id"] = json!(previous);
    v["app_id"] = json!(o.app_id);
    v["app_installed_team_id"] = json!(o.team_id);
    v["bot_id"] = json!(o.bot_id);
    v
}

fn check_view(p: &Value, kind: &str) -> Result<Value, String> {
    let v = &p["view"];
    if !v.is_object() || v["type"] != kind || !v["blocks"].is_array() {
        return Err("invalid_arguments".into());
    }
    if v["blocks"].as_array().is_some_and(|b| b.len() > 100) {
        return Err("invalid_arguments".into());
    }
    Ok(v.clone())
}

/// Opens a modal for `user` (used by views.open and views.push, and by a `push` response).
pub(crate) fn open_modal(inner: &mut Inner, user: &str, app_view: &Value, push: bool) -> Value {
    let id = inner.ws.new_id("V");
    let hash = new_hash(inner);
    let top = inner
        .ws
        .views
        .iter()
        .rev()
        .find(|v| v.user == user && v.kind == "modal" && !v.closed);
    let (root, previous) = match top {
        Some(t) if push => (
            t.view["root_view_id"].as_str().unwrap_or(&t.id).to_string(),
            Some(t.id.clone()),
        ),
        _ => (id.clone(), None),
    };
    let view = full_view(inner, app_view, &id, &hash, &root, previous.as_deref());
    inner.ws.views.push(View {
        id,
        user: user.into(),
        kind: "modal".into(),
        hash,
        view: view.clone(),
        closed: false,
    });
    view
}

pub(super) fn open(inner: &mut Inner, p: &Value) -> Answer {
    let trigger = s(p, "trigger_id").ok_or("invalid_arguments")?;
    let view = check_view(p, "modal")?;
    let user = exchange(inner, trigger)?;
    Ok(json!({"view": open_modal(inner, &user, &view, false)}))
}

pub(super) fn push(inner: &mut Inner, p: &Value) -> Answer {
    let trigger = s(p, "trigger_id").ok_or("invalid_arguments")?;
    let view = check_view(p, "modal")?;
    let user = exchange(inner, trigger)?;
    Ok(json!({"view": open_modal(inner, &user, &view, true)}))
}

/// Replaces view `i`'s content, keeping its id and place in the stack.
pub(crate) fn replace(inner: &mut Inner, i: usize, app_view: &Value) -> Value {
    let hash = new_hash(inner);
    let old = &inner.ws.views[i];
    let root = old.view["root_view_id"]
        .as_str()
        .unwrap_or(&old.id)
        .to_string();
    let previous = old.view["previous_view_id"].as_str().map(String::from);
    let id = old.id.clone();
    let view = full_view(inner, app_view, &id, &hash, &root, previous.as_deref());
    let v = &mut inner.ws.views[i];
    v.hash = hash;
    v.view = view.clone();
    view
}

pub(super) fn update(inner: &mut Inner, p: &Value) -> Answer {
    let by_id = s(p, "view_id");
    let by_external = s(p, "external_id");
    if by_id.is_none() && by_external.is_none() {
        return Err("invalid_arguments".into());
    }
    let i = inner
        .ws
        .views
        .iter()
        .position(|v| {
            !v.closed
                && (by_id == Some(v.id.as_str())
                    || (by_external.is_some() && v.view["external_id"].as_str() == by_external))
        })
        .ok_or("not_found")?;
    let kind = inner.ws.views[i].kind.clone();
    let view = check_view(p, &kind)?;
    if s(p, "hash").is_some_and(|h| h != inner.ws.views[i].hash) {
        return Err("hash_conflict".into());
    }
    Ok(json!({"view": replace(inner, i, &view)}))
}

pub(super) fn publish(inner: &mut Inner, p: &Value) -> Answer {
    let user = s(p, "user_id").ok_or("invalid_arguments")?.to_string();
    if inner.ws.user(&user).is_none() {
        return Err("user_not_found".into());
    }
    let view = check_view(p, "home")?;
    let existing = inner
        .ws
        .views
        .iter()
        .position(|v| v.user == user && v.kind == "home");
    if let Some(i) = existing {
        if s(p, "hash").is_some_and(|h| h != inner.ws.views[i].hash) {
            return Err("hash_conflict".into());
        }
        return Ok(json!({"view": replace(inner, i, &view)}));
    }
    let id = inner.ws.new_id("V");
    let hash = new_hash(inner);
    let full = full_view(inner, &view, &id, &hash, &id, None);
    inner.ws.views.push(View {
        id,
        user,
        kind: "home".into(),
        hash,
        view: full.clone(),
        closed: false,
    });
    Ok(json!({"view": full}))
}
