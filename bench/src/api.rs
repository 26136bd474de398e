//! Small JSON calls for setting a scenario up through the public API, each checked for the
//! status it should answer so a broken set-up stops the scenario with the server's own words.

use anyhow::{bail, Context, Result};
use reqwest::{Method, RequestBuilder};
use serde_json::Value;

/// How a call authenticates: a bearer token, or a web session (cookie and CSRF token).
#[derive(Clone)]
pub enum Auth {
    Token(String),
    Session { cookie: String, csrf: String },
}

impl Auth {
    fn apply(&self, req: RequestBuilder) -> RequestBuilder {
        match self {
            Auth::Token(t) => req.bearer_auth(t),
            Auth::Session { cookie, csrf } => req
                .header(reqwest::header::COOKIE, cookie)
                .header("x-csrf-token", csrf),
        }
    }
}

/// `method url` with `body`, expecting `status`; returns the JSON answer (Null when empty).
pub async fn call(
    http: &reqwest::Client,
    auth: &Auth,
    method: Method,
    url: &str,
    body: Option<Value>,
    status: u16,
) -> Result<Value> {
    let mut req = auth.apply(http.request(method.clone(), url));
    if let Some(b) = &body {
        req = req.json(b);
    }
    let res = req
        .send()
        .await
        .with_context(|| format!("{method} {url}"))?;
    let got = res.status().as_u16();
    let text = res.text().await?;
    if got != status {
        bail!("{method} {url} answered {got} (expected {status}): {text}");
    }
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Signs in with a password and returns the session, as the web app would hold it.
pub async fn login(
    http: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> Result<Auth> {
    let res = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await?;
    let status = res.status();
    let cookie = res
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    let body: Value = res.json().await.unwrap_or_default();
    match (status.as_u16(), cookie, body["csrf_token"].as_str()) {
        (200, Some(cookie), Some(csrf)) => Ok(Auth::Session {
            cookie,
            csrf: csrf.to_string(),
        }),
        _ => bail!("signing in as {email} answered {status}: {body}"),
    }
}

/// The `id` of a created resource.
pub fn id(v: &Value) -> Result<i64> {
    v["id"].as_i64().with_context(|| format!("no id in {v}"))
}
