//! Setting the distribution scenario up: the readers written straight into the database while
//! no server runs, then, through the API as people would, the policy, a SEV1 incident and its
//! postmortem taken through review up to the point where it only needs publishing.

use crate::api::{self, Auth};
use crate::server::Goldseam;
use anyhow::{anyhow, Context, Result};
use reqwest::Method;
use serde_json::json;
use sqlx::Connection;
use std::time::{Duration, Instant};

/// The readers' addresses: `reader00001@readers.bench.local` and on.
pub const READER_DOMAIN: &str = "readers.bench.local";
const REVIEWER_EMAIL: &str = "reviewer@goldseam.local";
const REVIEWER_PASSWORD: &str = "bench-reviewer-password";
/// Rows per INSERT statement: 4 values each, far below any parameter or statement limit.
const ROWS: usize = 1_000;

/// Inserts `n` active viewers with distinct emails and no password, in one transaction.
/// The API takes a password for every user it creates and hashes it with argon2 (deliberately
/// slow: minutes of CPU for 10,000); the readers only need to exist and be active for an
/// `everyone` audience to reach them.
pub async fn insert_readers(store_url: &str, n: usize) -> Result<Duration> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(store_url)
        .await
        .with_context(|| format!("opening {store_url}"))?;
    let started = Instant::now();
    let now = jiff::Timestamp::now().as_microsecond();
    let mut tx = conn.begin().await?;
    for from in (0..n).step_by(ROWS) {
        // Literal values: every one is made here from a number, so there is nothing to escape,
        // and the same text runs on both databases (placeholders differ between them).
        let values: Vec<String> = (from..(from + ROWS).min(n))
            .map(|i| {
                format!(
                    "('reader{:05}@{READER_DOMAIN}', 'Reader {}', 'viewer', NULL, 1, {now})",
                    i + 1,
                    i + 1
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO users (email, name, role, password_hash, active, created_at) VALUES {}",
            values.join(", ")
        ))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    conn.close().await?;
    Ok(started.elapsed())
}

/// The emails of every active user, lower-cased: who an `everyone` audience should reach.
pub async fn active_emails(store_url: &str) -> Result<Vec<String>> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(store_url).await?;
    let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM users WHERE active = 1")
        .fetch_all(&mut conn)
        .await?;
    conn.close().await?;
    Ok(emails.into_iter().map(|e| e.to_ascii_lowercase()).collect())
}

/// Sets the policy to send the summary to everyone, declares a SEV1 incident, opens its
/// postmortem, asks a second user (created here, with a token of their own) to review it, and
/// has them approve it. Returns the incident's reference.
pub async fn approved_postmortem(
    http: &reqwest::Client,
    server: &Goldseam,
    admin: &Auth,
) -> Result<String> {
    let url = |p: &str| server.url(p);
    api::call(
        http,
        admin,
        Method::PUT,
        &url("/api/v1/postmortem-distribution"),
        Some(
            json!({"participants_required": true, "reminder_days": 3, "rules": [
            {"name": "Everyone", "severities": [], "types": [],
             "audiences": [{"kind": "everyone", "rendering": "summary", "required": false}]}]}),
        ),
        200,
    )
    .await?;
    let reviewer_id = api::id(
        &api::call(
            http,
            admin,
            Method::POST,
            &url("/api/v1/users"),
            Some(json!({"email": REVIEWER_EMAIL, "name": "Reviewer bench", "role": "member", "password": REVIEWER_PASSWORD})),
            201,
        )
        .await?,
    )?;
    let session = api::login(http, &server.url(""), REVIEWER_EMAIL, REVIEWER_PASSWORD).await?;
    let reviewer = Auth::Token(
        api::call(
            http,
            &session,
            Method::POST,
            &url("/api/v1/me/tokens"),
            Some(json!({"name": "bench"})),
            201,
        )
        .await?["token"]
            .as_str()
            .ok_or_else(|| anyhow!("no token in the answer"))?
            .to_string(),
    );
    let incident = api::call(
        http,
        admin,
        Method::POST,
        &url("/api/v1/incidents"),
        Some(json!({"title": "Checkout down for every customer", "severity": "SEV1"})),
        201,
    )
    .await?;
    let reference = incident["reference"]
        .as_str()
        .ok_or_else(|| anyhow!("no reference in {incident}"))?
        .to_string();
    let postmortem = format!("/api/v1/incidents/{reference}/postmortem");
    api::call(http, admin, Method::POST, &url(&postmortem), None, 201).await?;
    let review = url(&format!("{postmortem}/review"));
    api::call(
        http,
        admin,
        Method::POST,
        &review,
        Some(json!({"action": "request_review", "reviewers": [reviewer_id]})),
        200,
    )
    .await?;
    api::call(
        http,
        &reviewer,
        Method::POST,
        &review,
        Some(json!({"action": "approve"})),
        200,
    )
    .await?;
    Ok(reference)
}
