//! The fake GitHub's REST endpoints.

use super::{issue_json, GitHubIssue, Shared};
use crate::serve::Dropper;
use crate::{lock, Mode, Received};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

fn message(status: StatusCode, text: &str) -> Response {
    let docs = "https://docs.github.com/rest/issues/issues";
    (
        status,
        Json(json!({"message": text, "documentation_url": docs})),
    )
        .into_response()
}

/// What every API request goes through: recorded, then the mode, credentials and repository
/// checked. `Err` is the answer to give instead of the endpoint's.
async fn gate(
    inner: &Shared,
    method: Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    repo: &str,
) -> Result<(Mode, String), Response> {
    let (mode, options, base) = {
        let mut i = lock(inner);
        i.received.push(Received {
            method: method.to_string(),
            uri: uri.to_string(),
            headers: headers.clone(),
            body: body.to_vec(),
        });
        (i.mode, i.options.clone(), i.base.clone())
    };
    match mode {
        Mode::Hang => std::future::pending::<()>().await,
        Mode::Fail => return Err(message(StatusCode::INTERNAL_SERVER_ERROR, "Server Error")),
        Mode::RateLimited(secs) => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            let reset = now.map(|d| d.as_secs()).unwrap_or(0) + secs;
            let mut res = message(StatusCode::FORBIDDEN, "API rate limit exceeded");
            let h = res.headers_mut();
            h.insert("x-ratelimit-remaining", 0.into());
            h.insert("x-ratelimit-reset", reset.into());
            return Err(res);
        }
        Mode::Normal | Mode::CreateThenDrop => {}
    }
    if !headers.contains_key("user-agent") {
        let why = "Request forbidden by administrative rules. \
                   Please make sure your request has a User-Agent header";
        return Err(message(StatusCode::FORBIDDEN, why));
    }
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
    let token = auth.and_then(|a| a.strip_prefix("Bearer ").or(a.strip_prefix("token ")));
    if token != Some(options.token.as_str()) {
        return Err(message(StatusCode::UNAUTHORIZED, "Bad credentials"));
    }
    if !options.repos.iter().any(|r| r.eq_ignore_ascii_case(repo)) {
        return Err(message(StatusCode::NOT_FOUND, "Not Found"));
    }
    Ok((mode, base))
}

pub(super) async fn create(
    State(inner): State<Shared>,
    ConnectInfo(conn): ConnectInfo<Dropper>,
    Path((owner, name)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let repo = format!("{owner}/{name}");
    let (mode, base) = match gate(&inner, Method::POST, &uri, &headers, &body, &repo).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return message(StatusCode::BAD_REQUEST, "Problems parsing JSON");
    };
    let title = v["title"].as_str().unwrap_or_default();
    let text = v["body"].as_str().unwrap_or_default();
    let invalid = |field: &str, code: &str| {
        let errors = json!([{"resource": "Issue", "code": code, "field": field}]);
        let body = json!({"message": "Validation Failed", "errors": errors});
        (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
    };
    if title.trim().is_empty() {
        return invalid("title", "missing_field");
    }
    // GitHub's documented limits: 256 characters of title, 65536 of body.
    if title.chars().count() > 256 {
        return invalid("title", "custom");
    }
    if text.chars().count() > 65536 {
        return invalid("body", "custom");
    }
    let labels = v["labels"].as_array().into_iter().flatten();
    let labels = labels
        .filter_map(|l| l.as_str().map(String::from))
        .collect();
    let issue = {
        let mut i = lock(&inner);
        let canonical = i
            .options
            .repos
            .iter()
            .find(|r| r.eq_ignore_ascii_case(&repo));
        let repo = canonical.cloned().unwrap_or(repo);
        let number = i.issues.iter().filter(|x| x.repo == repo).count() as u64 + 1;
        let issue = GitHubIssue {
            repo,
            number,
            title: title.into(),
            body: text.into(),
            labels,
            closed: false,
        };
        i.issues.push(issue.clone());
        issue
    };
    if mode == Mode::CreateThenDrop {
        conn.drop_connection();
    }
    (StatusCode::CREATED, Json(issue_json(&base, &issue))).into_response()
}

pub(super) async fn list(
    State(inner): State<Shared>,
    Path((owner, name)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let repo = format!("{owner}/{name}");
    let base = match gate(&inner, Method::GET, &uri, &headers, &[], &repo).await {
        Ok((_, base)) => base,
        Err(res) => return res,
    };
    let state = q.get("state").map(String::as_str).unwrap_or("open");
    let per_page: usize = q.get("per_page").and_then(|p| p.parse().ok()).unwrap_or(30);
    let per_page = per_page.clamp(1, 100);
    let page: usize = q
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut all: Vec<GitHubIssue> = lock(&inner)
        .issues
        .iter()
        .filter(|i| i.repo.eq_ignore_ascii_case(&repo))
        .filter(|i| state == "all" || (state == "closed") == i.closed)
        .cloned()
        .collect();
    // Numbers follow creation, so sorting by number is sorting by `created`.
    if q.get("direction").map(String::as_str) != Some("asc") {
        all.reverse();
    }
    let shown: Vec<Value> = all
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|i| issue_json(&base, i))
        .collect();
    let mut res = Json(shown).into_response();
    if page * per_page < all.len() {
        let mut next: Vec<String> = q
            .iter()
            .filter(|(k, _)| k.as_str() != "page")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        next.push(format!("page={}", page + 1));
        let link = format!("<{base}{}?{}>; rel=\"next\"", uri.path(), next.join("&"));
        res.headers_mut()
            .insert("link", link.parse().expect("header"));
    }
    res
}
