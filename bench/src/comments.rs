//! Scenario: commenting on timelines, 16 clients, each on its own incident.

use crate::declare;
use crate::load::{self, Load, MakeRequest};
use crate::server::Goldseam;
use crate::stats::Throughput;
use anyhow::Result;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use std::sync::Arc;

/// Declares one incident per client, then each client POSTs comments to its own incident in a
/// closed loop; 201 is success.
pub async fn run(server: &Goldseam, token: &str, load: Load) -> Result<Throughput> {
    let http = reqwest::Client::new();
    let mut urls = Vec::with_capacity(load.clients);
    for i in 0..load.clients {
        let reference = declare::one(&http, server, token, &format!("bench comments {i}")).await?;
        urls.push(server.url(&format!("/api/v1/incidents/{reference}/comments")));
    }
    let auth = format!("Bearer {token}");
    let make: MakeRequest = Arc::new(move |client, i, seq| {
        client
            .post(&urls[i])
            .header(AUTHORIZATION, &auth)
            .header(CONTENT_TYPE, "application/json")
            .body(format!(r#"{{"body":"bench comment {seq} from client {i}: the error rate is back to normal"}}"#))
    });
    load::run(load, 201, Some(server.pid), make).await
}
