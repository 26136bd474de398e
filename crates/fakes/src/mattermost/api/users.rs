//! Users and the team: `GET /users/me`, `/users/{id}`, `/users/email/{email}`,
//! `/users/username/{username}`, `/teams/{team_id}`, `/teams/name/{name}`.

use super::Shared;
use crate::mattermost::gate::Actor;
use crate::mattermost::model::User;
use crate::mattermost::wire::{ok, user_json, ApiError, ApiResult};
use axum::extract::{Path, State};
use axum::Extension;
use serde_json::{json, Value};

fn found(user: Option<&User>) -> ApiResult {
    ok(user_json(user.ok_or_else(ApiError::no_user)?))
}

pub(super) async fn me(
    State(core): State<Shared>,
    Extension(actor): Extension<Actor>,
) -> ApiResult {
    found(core.lock().users.iter().find(|u| u.id == actor.0))
}

pub(super) async fn by_id(State(core): State<Shared>, Path(id): Path<String>) -> ApiResult {
    found(core.lock().users.iter().find(|u| u.id == id))
}

pub(super) async fn by_email(State(core): State<Shared>, Path(email): Path<String>) -> ApiResult {
    let inner = core.lock();
    found(
        inner
            .users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(&email)),
    )
}

pub(super) async fn by_username(State(core): State<Shared>, Path(name): Path<String>) -> ApiResult {
    found(core.lock().users.iter().find(|u| u.username == name))
}

fn team_json(core: &Shared) -> Value {
    let inner = core.lock();
    let o = &inner.options;
    json!({
        "id": inner.team_id, "create_at": 0, "update_at": 0, "delete_at": 0,
        "display_name": o.team_display_name, "name": o.team_name, "description": "",
        "email": "", "type": "O", "company_name": "", "allowed_domains": "",
        "invite_id": "", "allow_open_invite": false, "scheme_id": null,
        "group_constrained": null, "policy_id": null,
    })
}

fn no_team() -> ApiError {
    ApiError::new(
        404,
        "app.team.get.find.app_error",
        "Unable to find the existing team.",
    )
}

pub(super) async fn team(State(core): State<Shared>, Path(id): Path<String>) -> ApiResult {
    let team = team_json(&core);
    if team["id"] != id {
        return Err(no_team());
    }
    ok(team)
}

pub(super) async fn team_by_name(
    State(core): State<Shared>,
    Path(name): Path<String>,
) -> ApiResult {
    let team = team_json(&core);
    if team["name"] != name {
        return Err(no_team());
    }
    ok(team)
}
