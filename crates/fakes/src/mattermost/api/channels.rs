//! Channels: `POST /channels`, `POST /channels/direct`, `GET /channels/{id}`, `GET
//! /teams/{team_id}/channels/name/{name}`, `PUT /channels/{id}/patch`, `DELETE /channels/{id}`
//! (archive), and members (`GET`/`POST /channels/{id}/members`, `DELETE
//! /channels/{id}/members/{user_id}`). Changing a channel or its members needs membership (the
//! `channel_user` role's permissions).

use super::{object, text, Shared};
use crate::mattermost::gate::Actor;
use crate::mattermost::model::ChannelType;
use crate::mattermost::store::NewChannel;
use crate::mattermost::wire::{
    channel_json, created, member_json, ok, status_ok, ApiError, ApiResult,
};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Value};
use std::collections::HashMap;

pub(super) async fn create(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "channel")?;
    let team_id = core.lock().team_id.clone();
    if text(&v, "team_id") != team_id {
        return Err(ApiError::forbidden());
    }
    let new = NewChannel {
        name: text(&v, "name"),
        display_name: text(&v, "display_name"),
        channel_type: text(&v, "type"),
        purpose: text(&v, "purpose"),
        header: text(&v, "header"),
    };
    let channel = core.update(|i| i.create_channel(&actor.0, new))?;
    created(channel_json(&channel))
}

/// Whether `id` is shaped like a Mattermost id (`model.IsValidId`): 26 lowercase letters and
/// digits.
fn valid_id(id: &str) -> bool {
    id.len() == 26
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// `POST /channels/direct` with `[user_id, user_id]`: the direct channel of the two, made if
/// need be (201 either way). The caller must be one of them (only a system admin may open
/// someone else's, and the bot is none).
pub(super) async fn direct(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    body: Bytes,
) -> ApiResult {
    let ids: Vec<String> = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect(),
        _ => Vec::new(),
    };
    if ids.len() != 2 {
        return Err(ApiError::invalid_param("user_ids"));
    }
    if !ids.iter().all(|id| valid_id(id)) {
        return Err(ApiError::invalid_param("user_id"));
    }
    if !ids.contains(&actor.0) {
        return Err(ApiError::forbidden());
    }
    let other = if ids[0] == actor.0 { &ids[1] } else { &ids[0] };
    let (channel, _) = core.update(|i| i.direct_channel(&actor.0, other))?;
    created(channel_json(&channel))
}

pub(super) async fn by_id(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult {
    let inner = core.lock();
    let channel = inner.channel(&id).ok_or_else(ApiError::no_channel)?;
    if !inner.can_read(channel, &actor.0) {
        return Err(ApiError::forbidden());
    }
    ok(channel_json(channel))
}

pub(super) async fn by_name(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path((team_id, name)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let inner = core.lock();
    let deleted = q.get("include_deleted").is_some_and(|v| v == "true");
    let visible = inner.channels.iter().find(|c| {
        c.team_id == team_id
            && c.name == name
            && (deleted || c.delete_at == 0)
            && inner.can_read(c, &actor.0)
    });
    // A private channel the caller is not in is "not found", not "forbidden".
    let missing = || {
        let id = "app.channel.get_by_name.missing.app_error";
        ApiError::new(404, id, "Unable to find the existing channel.")
    };
    ok(channel_json(visible.ok_or_else(missing)?))
}

/// The channel, if `actor` is a member (the permissions to change it come from that role).
fn member_of(core: &Shared, id: &str, actor: &Actor) -> Result<(), ApiError> {
    let inner = core.lock();
    inner.channel(id).ok_or_else(ApiError::no_channel)?;
    if !inner.is_member(id, &actor.0) {
        return Err(ApiError::forbidden());
    }
    Ok(())
}

pub(super) async fn patch(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "channel")?;
    member_of(&core, &id, &actor)?;
    let field = |k: &str| v[k].as_str().map(String::from);
    let channel = core.update(|i| {
        i.patch_channel(
            &actor.0,
            &id,
            field("header"),
            field("purpose"),
            field("display_name"),
        )
    })?;
    ok(channel_json(&channel))
}

pub(super) async fn archive(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult {
    member_of(&core, &id, &actor)?;
    core.update(|i| i.archive_channel(&actor.0, &id))?;
    status_ok()
}

pub(super) async fn members(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult {
    let inner = core.lock();
    let channel = inner.channel(&id).ok_or_else(ApiError::no_channel)?;
    if !inner.can_read(channel, &actor.0) {
        return Err(ApiError::forbidden());
    }
    let page: usize = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let per_page: usize = q.get("per_page").and_then(|p| p.parse().ok()).unwrap_or(60);
    let per_page = per_page.clamp(1, 200);
    let at = channel.update_at;
    let list: Vec<Value> = channel
        .members
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .map(|m| member_json(&id, m, at))
        .collect();
    ok(json!(list))
}

pub(super) async fn add_member(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "user_id")?;
    let many = v["user_ids"].as_array().map(|a| {
        let ids = a.iter().filter_map(Value::as_str).map(String::from);
        ids.collect::<Vec<_>>()
    });
    let users = match &many {
        Some(ids) if !ids.is_empty() => ids.clone(),
        _ if !text(&v, "user_id").is_empty() => vec![text(&v, "user_id").to_string()],
        _ => return Err(ApiError::invalid_param("user_id")),
    };
    {
        let inner = core.lock();
        let channel = inner.channel(&id).ok_or_else(ApiError::no_channel)?;
        let joining_self = users.len() == 1 && users[0] == actor.0;
        let open_join = joining_self && channel.channel_type == ChannelType::Open;
        if !open_join && !inner.is_member(&id, &actor.0) {
            return Err(ApiError::forbidden());
        }
    }
    let list = core.update(|i| {
        let mut list = Vec::new();
        for user in &users {
            i.add_member(&actor.0, &id, user)?;
            let at = i.channel(&id).map(|c| c.update_at).unwrap_or_default();
            list.push(member_json(&id, user, at));
        }
        Ok::<_, ApiError>(list)
    })?;
    match many {
        Some(_) => created(json!(list)),
        None => created(list.into_iter().next().unwrap_or_default()),
    }
}

pub(super) async fn remove_member(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path((id, user_id)): Path<(String, String)>,
) -> ApiResult {
    if user_id != actor.0 {
        member_of(&core, &id, &actor)?;
    }
    core.update(|i| i.remove_member(&actor.0, &id, &user_id))?;
    status_ok()
}
