//! Users (admins manage them), the caller's own account, and API tokens.

use super::params;
use crate::auth::Auth;
use crate::dto::UserDto;
use crate::error::{require, AllFields, ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use goldseam_core::text::{Email, PersonName};
use goldseam_core::{UserId, UserRole};
use goldseam_store::secrets::Secret;
use goldseam_store::tokens::ApiToken;
use goldseam_store::users::NewUser;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// Unique email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// admin, member or viewer.
    pub role: String,
    /// Optional password for the web login (at least 10 characters).
    pub password: Option<String>,
}

/// Changes to a user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// admin, member or viewer.
    pub role: Option<String>,
    /// `false` deactivates: no login, tokens stop working.
    pub active: Option<bool>,
    /// A new password for the web login (at least 10 characters); their other sessions end.
    pub password: Option<String>,
}

/// A page of users.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    /// Users in id order.
    pub items: Vec<UserDto>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// A new token's label.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    /// What the token is for, such as `ci` or `laptop`.
    pub name: String,
}

/// An API token's metadata.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDto {
    /// Id, for revoking.
    pub id: i64,
    /// Label.
    pub name: String,
    /// The token's first characters.
    pub prefix: String,
    /// Created at.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Last used (to the minute).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_used_at: Option<Timestamp>,
    /// Revoked at.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<Timestamp>,
}

/// A token just created: the only time its secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// Metadata.
    #[serde(flatten)]
    pub meta: TokenDto,
    /// The secret; store it now, it is not shown again.
    pub token: String,
}

impl From<&ApiToken> for TokenDto {
    fn from(t: &ApiToken) -> Self {
        TokenDto {
            id: t.id.get(),
            name: t.label.clone(),
            prefix: t.prefix.clone(),
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", responses((status = 200, body = UserDto), (status = 401, body = Problem)))]
pub async fn me(auth: Auth) -> Json<UserDto> {
    Json(UserDto::from(&auth.user))
}

/// Everyone (for pickers); cursor-paginated.
#[utoipa::path(get, operation_id = "list_users", path = "/api/v1/users", tag = "users",
    params(("cursor" = Option<String>, Query, description = "From next_cursor"), ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "1 to 500, default 100")),
    responses((status = 200, body = UserList)))]
pub async fn list(
    State(state): State<AppState>,
    _auth: Auth,
    RawQuery(q): RawQuery,
) -> Result<Json<UserList>, ApiError> {
    let page = params::Page::parse(q.as_deref(), 100, 500)?;
    let users = state
        .store
        .list_users(UserId::from_db(page.after), page.limit)
        .await?;
    let next_cursor = page.next(&users, |u| u.id.get());
    Ok(Json(UserList {
        items: users.iter().map(UserDto::from).collect(),
        next_cursor,
    }))
}

/// A password for the web login, when one is given.
fn parse_password(password: Option<&str>) -> Result<Option<Secret>, Refusals> {
    let Some(p) = password else { return Ok(None) };
    require(
        p.chars().count() >= 10 && p.len() <= 1024,
        "password",
        "must be 10 to 1024 characters long",
    )?;
    Ok(Some(Secret::new(p.to_string())))
}

fn parse_role(raw: &str) -> Result<UserRole, Refusals> {
    UserRole::parse(raw).ok_or_else(|| {
        Refusals::field(
            "role",
            format!("unknown role {raw:?}; valid roles are admin, member, viewer"),
        )
    })
}

impl TryFrom<&CreateUserRequest> for NewUser {
    type Error = Refusals;

    fn try_from(req: &CreateUserRequest) -> Result<NewUser, Refusals> {
        let (email, name, role, password) = (
            Email::parse("email", &req.email),
            PersonName::parse("name", &req.name),
            parse_role(&req.role),
            parse_password(req.password.as_deref()),
        )
            .all()?;
        Ok(NewUser {
            email,
            name,
            role,
            password,
        })
    }
}

/// Add a user (admins).
#[utoipa::path(post, operation_id = "create_user", path = "/api/v1/users", tag = "users", request_body = CreateUserRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same user")),
    responses((status = 201, body = UserDto), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    req: ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserDto>), ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let new = NewUser::try_from(&req.value)?;
    let idem = params::idempotency_key(&headers, auth.user.id, "user", &req.raw)?;
    let (user, _replayed) = state.store.create_user_once(&new, idem.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(UserDto::from(&user))))
}

/// Change a user's role, deactivate or reactivate them, or set their password (admins).
#[utoipa::path(patch, operation_id = "update_user", path = "/api/v1/users/{id}", tag = "users", request_body = UpdateUserRequest,
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = UserDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "You cannot demote or deactivate yourself"), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<UpdateUserRequest>,
) -> Result<Json<UserDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let id = params::id::<UserId>("id", &id)?;
    let r = &req.value;
    let (role, password, ()) = (
        r.role.as_deref().map(parse_role).transpose(),
        parse_password(r.password.as_deref()),
        require(
            r.role.is_some() || r.active.is_some() || r.password.is_some(),
            "body",
            "nothing to change; send role, active or password",
        ),
    )
        .all()?;
    if id == auth.user.id
        && (req.value.active == Some(false) || role.is_some_and(|r| r != UserRole::Admin))
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            "you cannot demote or deactivate yourself; ask another admin",
        ));
    }
    let user = state.store.update_user(id, role, req.value.active).await?;
    if let Some(p) = &password {
        // A reset password is often a compromised one, so the user's sessions end; an admin
        // changing their own keeps theirs rather than signing themselves out.
        state.store.set_password(id, p).await?;
        if id != auth.user.id {
            state.store.end_sessions(id).await?;
        }
    }
    // Role and deactivation take effect on this instance's next request.
    state.token_cache.clear();
    Ok(Json(UserDto::from(&user)))
}

/// Your API tokens.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "users", responses((status = 200, body = Vec<TokenDto>)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<TokenDto>>, ApiError> {
    Ok(Json(
        state
            .store
            .list_tokens(auth.user.id)
            .await?
            .iter()
            .map(TokenDto::from)
            .collect(),
    ))
}

/// Create an API token; its secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "users", request_body = CreateTokenRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same token")),
    responses((status = 201, body = CreatedToken), (status = 422, body = Problem)))]
pub async fn create_token(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    req: ApiJson<CreateTokenRequest>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let label = PersonName::parse("name", &req.value.name)?;
    let idem = params::idempotency_key(&headers, auth.user.id, "token", &req.raw)?;
    let (meta, secret) = state
        .store
        .create_token_once(auth.user.id, label.as_str(), idem.as_ref())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            meta: TokenDto::from(&meta),
            token: secret.expose().to_string(),
        }),
    ))
}

/// Revoke one of your tokens (admins may revoke anyone's).
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "users",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 200, body = TokenDto), (status = 404, body = Problem)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<TokenDto>, ApiError> {
    let id = params::id("id", &id)?;
    let owner = (auth.user.role != UserRole::Admin).then_some(auth.user.id);
    let token = state.store.revoke_token(owner, id).await?;
    state.token_cache.clear();
    Ok(Json(TokenDto::from(&token)))
}
