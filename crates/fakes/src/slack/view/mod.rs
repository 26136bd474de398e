//! A read-only web view of the fake workspace, for people and screenshots: what a Slack client
//! would show of it. Under `/_fake/`, a prefix no Slack path uses:
//!
//! - `GET /_fake/view`: the workspace (channels, direct messages, whether the app is
//!   connected);
//! - `GET /_fake/view/{channel}` (id or name): the channel's messages, threads, pins and
//!   reactions;
//! - `GET /_fake/view/home/{user}` (id or name): the App Home the app published for them.
//!
//! `?as=USER` shows a page as that person sees it: what was shown to them alone, their App
//! Home in the sidebar, and the modal they have open over the page.
//!
//! Everything the apps and people wrote is escaped; the page runs no script and loads nothing
//! (its Content-Security-Policy says so too).

mod blocks;
mod message;
mod mrkdwn;
mod page;
#[cfg(test)]
mod tests;

use super::model::View;
use super::state::{Inner, State};
use super::workspace::Workspace;
use axum::extract::{Path, Query, State as AxState};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use mrkdwn::esc;
use page::{Showing, Viewer};
use std::collections::HashMap;

/// The view's routes, for the fake's router.
pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/_fake/view", get(index))
        .route("/_fake/view/{channel}", get(channel))
        .route("/_fake/view/home/{user}", get(home))
}

/// Names of people and channels as pages show them.
pub(crate) struct Names<'a> {
    ws: &'a Workspace,
    bot_user: &'a str,
    bot_name: &'a str,
}

impl<'a> Names<'a> {
    pub(crate) fn new(ws: &'a Workspace, bot_user: &'a str, bot_name: &'a str) -> Names<'a> {
        Names {
            ws,
            bot_user,
            bot_name,
        }
    }

    /// A person's name by id.
    pub(crate) fn user(&self, id: &str) -> Option<String> {
        self.ws.user(id).map(|u| u.real_name.clone())
    }

    /// A person's name, or the id when there is no such person.
    pub(crate) fn user_or_id(&self, id: &str) -> String {
        self.user(id).unwrap_or_else(|| id.to_string())
    }

    /// A channel's name by id.
    pub(crate) fn channel(&self, id: &str) -> Option<String> {
        self.ws.channel(id).map(|c| c.name.clone())
    }

    pub(crate) fn bot_name(&self) -> String {
        self.bot_name.to_string()
    }

    pub(crate) fn bot_user(&self) -> &str {
        self.bot_user
    }
}

fn names(inner: &Inner) -> Names<'_> {
    Names::new(
        &inner.ws,
        &inner.opts.bot_user_id,
        &inner.opts.bot_user_name,
    )
}

fn html(status: StatusCode, body: String) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    (status, headers, body).into_response()
}

fn not_found(what: &str) -> Response {
    let body = page::page(
        what,
        "",
        &format!("<p class=\"empty\">{}</p>", esc(what)),
        "",
    );
    html(StatusCode::NOT_FOUND, body)
}

/// The `?as=` person, by id or name: `Err` names one the workspace does not have.
fn viewer<'a>(inner: &'a Inner, q: &HashMap<String, String>) -> Result<Option<Viewer<'a>>, String> {
    let Some(key) = q.get("as") else {
        return Ok(None);
    };
    let user = inner.ws.find_user(key).ok_or(format!("No user {key}"))?;
    let query = format!("?as={}", user.id);
    Ok(Some(Viewer {
        id: &user.id,
        query,
    }))
}

/// The modal `viewer` has open, the one on top.
fn open_modal<'a>(inner: &'a Inner, viewer: Option<&Viewer>) -> Option<&'a View> {
    let v = viewer?;
    inner
        .ws
        .views
        .iter()
        .rev()
        .find(|w| w.user == v.id && w.kind == "modal" && !w.closed)
}

fn overlay(inner: &Inner, viewer: Option<&Viewer>) -> String {
    open_modal(inner, viewer)
        .map(|m| page::modal(&names(inner), m))
        .unwrap_or_default()
}

async fn index(AxState(st): AxState<State>, Query(q): Query<HashMap<String, String>>) -> Response {
    let inner = st.lock();
    let viewer = match viewer(&inner, &q) {
        Ok(v) => v,
        Err(e) => return not_found(&e),
    };
    let n = names(&inner);
    let side = page::sidebar(
        &inner.ws,
        &n,
        &inner.opts.team_domain,
        Showing::Nothing,
        viewer.as_ref(),
    );
    let links = inner.sockets.len();
    let state = match links {
        0 => "not connected (no Socket Mode link)".to_string(),
        1 => "connected (1 Socket Mode link)".to_string(),
        n => format!("connected ({n} Socket Mode links)"),
    };
    let main = format!(
        "<header class=\"head\"><h1>{}</h1></header><main class=\"home\"><p>The app <b>{}</b> is <span id=\"app-state\">{}</span>.</p><p>{} people, {} channels, {} messages. Choose a channel.</p></main>",
        esc(&inner.opts.team_domain),
        esc(&inner.opts.bot_user_name),
        esc(&state),
        inner.ws.users.len(),
        inner.ws.channels.len(),
        inner.ws.messages.iter().filter(|m| !m.deleted).count(),
    );
    let over = overlay(&inner, viewer.as_ref());
    html(
        StatusCode::OK,
        page::page(&inner.opts.team_domain, &side, &main, &over),
    )
}

async fn channel(
    AxState(st): AxState<State>,
    Path(key): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let inner = st.lock();
    let viewer = match viewer(&inner, &q) {
        Ok(v) => v,
        Err(e) => return not_found(&e),
    };
    let Some(c) = inner.ws.find_channel(&key) else {
        return not_found(&format!("No channel {key}"));
    };
    let n = names(&inner);
    let showing = Showing::Channel(&c.id);
    let side = page::sidebar(
        &inner.ws,
        &n,
        &inner.opts.team_domain,
        showing,
        viewer.as_ref(),
    );
    let main = page::channel(&inner.ws, &n, c, viewer.as_ref());
    let over = overlay(&inner, viewer.as_ref());
    html(StatusCode::OK, page::page(&c.name, &side, &main, &over))
}

async fn home(
    AxState(st): AxState<State>,
    Path(key): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let inner = st.lock();
    let Some(user) = inner.ws.find_user(&key) else {
        return not_found(&format!("No user {key}"));
    };
    // The Home is always someone's: shown as them unless `?as=` says otherwise.
    let viewer = match viewer(&inner, &q) {
        Ok(Some(v)) => v,
        Ok(None) => Viewer {
            id: &user.id,
            query: format!("?as={}", user.id),
        },
        Err(e) => return not_found(&e),
    };
    let n = names(&inner);
    let side = page::sidebar(
        &inner.ws,
        &n,
        &inner.opts.team_domain,
        Showing::Home,
        Some(&viewer),
    );
    let published = inner
        .ws
        .views
        .iter()
        .find(|v| v.user == user.id && v.kind == "home");
    let main = page::home(&n, &user.id, published);
    let over = overlay(&inner, Some(&viewer));
    html(StatusCode::OK, page::page("Home", &side, &main, &over))
}
