//! Posts and reactions: `POST /posts`, `GET`/`PUT`/`DELETE /posts/{id}`, `PUT
//! /posts/{id}/patch`, `POST /posts/{id}/pin` and `/unpin`, `POST /posts/ephemeral`,
//! `GET /channels/{id}/posts`, `POST /reactions`, `DELETE
//! /users/{id}/posts/{post_id}/reactions/{emoji}`. The bot posts and reacts only where it is a
//! member, and edits or deletes only its own posts (a bot has no `edit_others_posts`).

use super::{object, text, Shared};
use crate::mattermost::gate::Actor;
use crate::mattermost::model::Post;
use crate::mattermost::store::{Inner, NewPost};
use crate::mattermost::wire::{created, ok, reaction_json, status_ok, ApiError, ApiResult};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::Extension;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

fn props_of(v: &Value) -> Option<Map<String, Value>> {
    v.get("props").and_then(Value::as_object).cloned()
}

pub(super) async fn create(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "post")?;
    let channel_id = text(&v, "channel_id").to_string();
    if channel_id.is_empty() {
        return Err(ApiError::invalid_param("channel_id"));
    }
    let new = NewPost {
        channel_id: channel_id.clone(),
        message: text(&v, "message").into(),
        root_id: text(&v, "root_id").into(),
        props: props_of(&v).unwrap_or_default(),
        post_type: String::new(),
        pending_post_id: text(&v, "pending_post_id").chars().take(64).collect(),
    };
    core.update(|i| {
        if !i.is_member(&channel_id, &actor.0) {
            return Err(ApiError::forbidden());
        }
        let post = i.create_post(&actor.0, new)?;
        created(i.post_out(&post))
    })
}

pub(super) async fn ephemeral(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "ephemeral_post")?;
    let user_id = text(&v, "user_id");
    let post = &v["post"];
    let channel_id = text(post, "channel_id");
    if user_id.is_empty() || channel_id.is_empty() {
        return Err(ApiError::invalid_param(if user_id.is_empty() {
            "user_id"
        } else {
            "channel_id"
        }));
    }
    let message = text(post, "message").to_string();
    let props = props_of(post).unwrap_or_default();
    core.update(|i| {
        let post = i.ephemeral(&actor.0, user_id, channel_id, message, props)?;
        created(i.post_out(&post))
    })
}

/// The live post `id` in a channel `actor` can read.
fn readable<'a>(i: &'a Inner, id: &str, actor: &Actor) -> Result<&'a Post, ApiError> {
    let post = i.live_post(id)?;
    let channel = i
        .channel(&post.channel_id)
        .ok_or_else(ApiError::no_channel)?;
    if !i.can_read(channel, &actor.0) {
        return Err(ApiError::forbidden());
    }
    Ok(post)
}

/// The live post `id`, if `actor` wrote it.
fn own(i: &Inner, id: &str, actor: &Actor) -> Result<(), ApiError> {
    if readable(i, id, actor)?.user_id != actor.0 {
        return Err(ApiError::forbidden());
    }
    Ok(())
}

pub(super) async fn by_id(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult {
    let inner = core.lock();
    ok(inner.post_out(readable(&inner, &id, &actor)?))
}

/// `PUT /posts/{id}`: a whole post; its `message` and `props` replace the stored ones (absent
/// props clear them, as the server does).
pub(super) async fn update(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "post")?;
    if text(&v, "id") != id {
        return Err(ApiError::invalid_param("id"));
    }
    core.update(|i| {
        own(i, &id, &actor)?;
        let message = Some(text(&v, "message").to_string());
        let post = i.change_post(&id, message, Some(props_of(&v).unwrap_or_default()), None)?;
        ok(i.post_out(&post))
    })
}

/// `PUT /posts/{id}/patch`: only the fields given change.
pub(super) async fn patch(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "post")?;
    core.update(|i| {
        own(i, &id, &actor)?;
        let message = v["message"].as_str().map(String::from);
        let post = i.change_post(&id, message, props_of(&v), v["is_pinned"].as_bool())?;
        ok(i.post_out(&post))
    })
}

pub(super) async fn remove(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult {
    core.update(|i| {
        own(i, &id, &actor)?;
        i.delete_post(&actor.0, &id)
    })?;
    status_ok()
}

async fn set_pin(core: Shared, actor: Actor, id: String, pinned: bool) -> ApiResult {
    core.update(|i| {
        if readable(i, &id, &actor)?.is_pinned != pinned {
            i.change_post(&id, None, None, Some(pinned))?;
        }
        Ok::<_, ApiError>(())
    })?;
    status_ok()
}

pub(super) async fn pin(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult {
    set_pin(core, actor, id, true).await
}

pub(super) async fn unpin(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult {
    set_pin(core, actor, id, false).await
}

pub(super) async fn react(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "reaction")?;
    let (user_id, post_id) = (text(&v, "user_id"), text(&v, "post_id"));
    if user_id != actor.0 {
        return Err(ApiError::forbidden());
    }
    core.update(|i| {
        let channel_id = i.live_post(post_id)?.channel_id.clone();
        if !i.is_member(&channel_id, &actor.0) {
            return Err(ApiError::forbidden());
        }
        let reaction = i.add_reaction(user_id, post_id, text(&v, "emoji_name"))?;
        ok(reaction_json(&reaction))
    })
}

pub(super) async fn unreact(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
    Path((user_id, post_id, emoji)): Path<(String, String, String)>,
) -> ApiResult {
    if user_id != actor.0 {
        return Err(ApiError::forbidden());
    }
    core.update(|i| i.remove_reaction(&user_id, &post_id, &emoji))?;
    status_ok()
}

/// `GET /channels/{id}/posts`: a `PostList` (`order`, newest first, and `posts` by id).
/// With `since` (ms), every post created, edited or deleted after it; otherwise the live
/// posts a page at a time (`page`, `per_page` default 60, at most 200).
pub(super) async fn for_channel(
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
    let num = |k: &str, d: i64| q.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(d);
    let mut list: Vec<&Post> = inner.posts.iter().filter(|p| p.channel_id == id).collect();
    list.reverse();
    let list: Vec<&Post> = match q.get("since") {
        Some(_) => {
            let since = num("since", 0);
            list.into_iter().filter(|p| p.update_at > since).collect()
        }
        None => {
            let per_page = num("per_page", 60).clamp(1, 200) as usize;
            let page = num("page", 0).max(0) as usize;
            let live = list.into_iter().filter(|p| p.delete_at == 0);
            live.skip(page * per_page).take(per_page).collect()
        }
    };
    let order: Vec<&str> = list.iter().map(|p| p.id.as_str()).collect();
    let posts: Map<String, Value> = list
        .iter()
        .map(|p| (p.id.clone(), inner.post_out(p)))
        .collect();
    ok(
        json!({"order": order, "posts": posts, "next_post_id": "", "prev_post_id": "", "has_next": false}),
    )
}
