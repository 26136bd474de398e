//! Scenario: declaring incidents over the API as fast as 16 clients can.

use crate::load::{self, Load, MakeRequest};
use crate::server::Goldseam;
use crate::stats::Throughput;
use anyhow::{anyhow, bail, Result};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use std::sync::Arc;

/// 16 (or `load.clients`) clients POST /api/v1/incidents in a closed loop; 201 is success.
pub async fn run(server: &Goldseam, token: &str, load: Load) -> Result<Throughput> {
    let url = server.url("/api/v1/incidents");
    let auth = format!("Bearer {token}");
    let make: MakeRequest = Arc::new(move |client, i, seq| {
        client
            .post(&url)
            .header(AUTHORIZATION, &auth)
            .header(CONTENT_TYPE, "application/json")
            .body(format!(
                r#"{{"title":"bench {i}-{seq}","severity":"SEV2"}}"#
            ))
    });
    load::run(load, 201, Some(server.pid), make).await
}

/// Declares one incident and returns its reference (`INC-42`).
pub async fn one(
    http: &reqwest::Client,
    server: &Goldseam,
    token: &str,
    title: &str,
) -> Result<String> {
    let res = http
        .post(server.url("/api/v1/incidents"))
        .bearer_auth(token)
        .json(&serde_json::json!({ "title": title, "severity": "SEV2" }))
        .send()
        .await?;
    let status = res.status();
    let body = res.text().await?;
    if status != 201 {
        bail!("declaring {title:?} answered {status}: {body}");
    }
    let incident: serde_json::Value = serde_json::from_str(&body)?;
    incident["reference"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow!("the declared incident has no reference: {body}"))
}
