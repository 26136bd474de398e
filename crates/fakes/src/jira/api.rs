//! The fake Jira's REST endpoints.

use super::{status_json, JiraIssue, Shared};
use crate::serve::Dropper;
use crate::{lock, Mode, Received};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Map, Value};

fn errors(status: StatusCode, messages: &[&str], fields: Map<String, Value>) -> Response {
    let body = json!({"errorMessages": messages, "errors": fields});
    (status, Json(body)).into_response()
}

/// Recorded, then the mode and the credentials checked; `Err` is the answer to give instead.
async fn gate(
    inner: &Shared,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Mode, Response> {
    let (mode, expected) = {
        let mut i = lock(inner);
        i.received.push(Received {
            method: "POST".into(),
            uri: uri.to_string(),
            headers: headers.clone(),
            body: body.to_vec(),
        });
        let o = &i.options;
        (i.mode, format!("{}:{}", o.email, o.api_token))
    };
    match mode {
        Mode::Hang => std::future::pending::<()>().await,
        Mode::Fail => {
            let status = StatusCode::INTERNAL_SERVER_ERROR;
            return Err(errors(status, &["Internal server error"], Map::new()));
        }
        Mode::RateLimited(secs) => {
            let res = (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", secs.to_string())],
            );
            return Err(res.into_response());
        }
        Mode::Normal | Mode::CreateThenDrop => {}
    }
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        });
    if given.as_deref() != Some(expected.as_bytes()) {
        let why = "Client must be authenticated to access this resource.";
        return Err((StatusCode::UNAUTHORIZED, why).into_response());
    }
    Ok(mode)
}

/// The body as JSON, or Jira's answer to one that is not.
fn parse(body: &[u8]) -> Result<Value, Box<Response>> {
    serde_json::from_slice(body).map_err(|e| {
        let why = format!("Unexpected character in the request body: {e}");
        Box::new(errors(StatusCode::BAD_REQUEST, &[&why], Map::new()))
    })
}

/// `POST /rest/api/3/issue`: every field error at once, as Jira reports them.
pub(super) async fn create(
    State(inner): State<Shared>,
    ConnectInfo(conn): ConnectInfo<Dropper>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mode = match gate(&inner, &uri, &headers, &body).await {
        Ok(mode) => mode,
        Err(res) => return res,
    };
    let v = match parse(&body) {
        Ok(v) => v,
        Err(res) => return *res,
    };
    let f = &v["fields"];
    let project = f["project"]["key"].as_str().unwrap_or_default().to_string();
    let summary = f["summary"].as_str().unwrap_or_default();
    let labels: Vec<String> = f["labels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l.as_str().map(String::from))
        .collect();
    let mut bad = Map::new();
    {
        let i = lock(&inner);
        if !i.options.projects.contains(&project) {
            bad.insert("project".into(), "Specify a valid project ID or key".into());
        }
        let kind = f["issuetype"]["name"].as_str().unwrap_or_default();
        if !i.options.issue_types.iter().any(|t| t == kind) {
            bad.insert("issuetype".into(), "Specify a valid issue type".into());
        }
    }
    if summary.trim().is_empty() {
        bad.insert(
            "summary".into(),
            "You must specify a summary of the issue.".into(),
        );
    } else if summary.chars().count() > 255 {
        bad.insert(
            "summary".into(),
            "Summary must be less than 255 characters.".into(),
        );
    }
    let d = &f["description"];
    if !d.is_null() && (d["type"] != "doc" || d["version"] != 1 || !d["content"].is_array()) {
        let why =
            "Operation value must be an Atlassian Document (see the Atlassian Document Format)";
        bad.insert("description".into(), why.into());
    }
    if let Some(l) = labels.iter().find(|l| l.contains(char::is_whitespace)) {
        bad.insert(
            "labels".into(),
            format!("The label '{l}' contains spaces which is invalid.").into(),
        );
    }
    if !bad.is_empty() {
        return errors(StatusCode::BAD_REQUEST, &[], bad);
    }
    let issue = {
        let mut i = lock(&inner);
        let n = i
            .issues
            .iter()
            .filter(|x| x.key.starts_with(&format!("{project}-")))
            .count();
        let issue = JiraIssue {
            id: (10_000 + i.issues.len() + 1).to_string(),
            key: format!("{project}-{}", n + 1),
            summary: summary.to_string(),
            description: d.clone(),
            labels,
            done: false,
        };
        i.issues.push(issue.clone());
        issue
    };
    if mode == Mode::CreateThenDrop {
        conn.drop_connection();
    }
    let base = lock(&inner).base.clone();
    let this = format!("{base}/rest/api/3/issue/{}", issue.id);
    (
        StatusCode::CREATED,
        Json(json!({"id": issue.id, "key": issue.key, "self": this})),
    )
        .into_response()
}

/// The label a `labels = "X"` clause asks for; the only JQL the fake understands.
fn label_clause(jql: &str) -> Option<String> {
    let rest = jql
        .split_once("labels")?
        .1
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let value = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split_once('"')?.0,
        None => rest.split_whitespace().next()?,
    };
    Some(value.to_string())
}

/// `POST /rest/api/3/search/jql`.
pub(super) async fn search(
    State(inner): State<Shared>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(res) = gate(&inner, &uri, &headers, &body).await {
        return res;
    }
    let v = match parse(&body) {
        Ok(v) => v,
        Err(res) => return *res,
    };
    let jql = v["jql"].as_str().unwrap_or_default();
    let Some(label) = label_clause(jql) else {
        let why = format!(
            "Error in the JQL Query: the fake understands only labels = \"X\", not {jql:?}"
        );
        return errors(StatusCode::BAD_REQUEST, &[&why], Map::new());
    };
    let max = v["maxResults"].as_u64().unwrap_or(50) as usize;
    let i = lock(&inner);
    let found: Vec<Value> = i
        .issues
        .iter()
        .rev()
        .filter(|x| x.labels.contains(&label))
        .take(max)
        .map(|x| {
            let this = format!("{}/rest/api/3/issue/{}", i.base, x.id);
            json!({"id": x.id, "key": x.key, "self": this,
                   "fields": {"status": status_json(x.done)}})
        })
        .collect();
    Json(json!({"issues": found, "isLast": true})).into_response()
}
