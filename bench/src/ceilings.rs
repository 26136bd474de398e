//! What this machine's HTTP stack can do at best, measured in the same run so the Goldseam
//! figures can be read as fractions of it (database ceilings are in commits.rs).

use crate::load::{self, Load, MakeRequest};
use crate::stats::Throughput;
use anyhow::{bail, Context, Result};
use axum::routing::post;
use axum::{Json, Router};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use std::sync::Arc;

async fn echo(Json(value): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(value)
}

/// An axum 0.8 server with one POST route that parses a JSON body and returns it, on its own
/// two-worker runtime (like `goldseam serve`), loaded by the same generator and request body
/// as the declarations.
pub async fn echo_ceiling(load: Load) -> Result<Throughput> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || -> Result<()> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let app = Router::new().route("/echo", post(echo));
            tokio::select! {
                served = axum::serve(listener, app) => served?,
                _ = stop_rx => {}
            }
            Ok(())
        })
    });
    let url = format!("http://127.0.0.1:{port}/echo");
    let make: MakeRequest = Arc::new(move |client, i, seq| {
        client
            .post(&url)
            .header(AUTHORIZATION, "Bearer gs_not_checked_by_the_echo_server")
            .header(CONTENT_TYPE, "application/json")
            .body(format!(
                r#"{{"title":"bench {i}-{seq}","severity":"SEV2"}}"#
            ))
    });
    let result = load::run(load, 200, None, make).await;
    let _ = stop_tx.send(());
    match thread.join() {
        Ok(served) => served.context("the echo server")?,
        Err(_) => bail!("the echo server panicked"),
    }
    result
}
