//! The tracker adapters against the fakes in goldseam-fakes, which speak GitHub's and Jira
//! Cloud's documented wire formats: filing, retrying after the connection died once the issue
//! was created, error kinds, and the signed webhooks each fake sends.

mod github;
mod jira;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use goldseam_integrations::trackers::TrackerIssue;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(5);

/// What a follow-up files.
fn follow_up(n: u32) -> TrackerIssue {
    TrackerIssue {
        title: format!("Add a circuit breaker to checkout ({n})"),
        body: "From INC-7's postmortem.\nOwner: ana\n\nDue Friday.".into(),
        marker: format!("goldseam-follow-up-{n}"),
        link: format!("https://goldseam.example.com/follow-ups/{n}"),
    }
}

/// A webhook receiver on loopback keeping what arrives, to check the fakes' webhooks on the wire.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
}

impl Receiver {
    /// Starts one; its URL.
    async fn spawn() -> (Receiver, String) {
        let r = Receiver::default();
        let kept = r.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let kept = kept.clone();
                async move {
                    kept.got.lock().unwrap().push((headers, body));
                    StatusCode::ACCEPTED
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (r, url)
    }

    fn last(&self) -> (HeaderMap, Bytes) {
        self.got
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a webhook arrived")
    }
}
