//! The postmortem document's durability proof: editors type into one document over the sync
//! socket, each waiting for the server's acknowledgement (the sync step 2 answering a step 1 sent
//! after its update: the server handles a socket's messages in order and stores an update before
//! reading the next); `goldseam serve` is killed with SIGKILL mid-edit and started again, and every
//! acknowledged paragraph is in the document, which still loads. On SQLite and PostgreSQL.

mod common;

use common::{admin_token, serve, Server};
use futures::{SinkExt, StreamExt};
use goldseam_core::postmortem::document::{
    load, new_doc, read_document, render_markdown, RenderContext,
};
use goldseam_core::IncidentId;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::{Kind, TestDb};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as Frame;
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, Text, Transact, Update, XmlElementPrelim, XmlFragment, XmlTextPrelim};

/// Editors typing at once.
const EDITORS: usize = 4;
/// Acknowledged paragraphs to wait for before the kill (typing goes on meanwhile).
const BEFORE_KILL: usize = 120;

async fn start(db_url: &str, dir: &std::path::Path) -> (Server, String) {
    serve(db_url, dir, &[]).await
}

/// Types paragraphs `"{name} line {n}"` until the socket fails, recording each acknowledged one.
async fn type_until_killed(
    url: String,
    token: String,
    reference: String,
    name: String,
    acked: Arc<Mutex<Vec<String>>>,
) {
    let ws_url = format!(
        "{}/api/v1/incidents/{reference}/postmortem/sync",
        url.replacen("http://", "ws://", 1)
    );
    let mut req = ws_url.into_client_request().unwrap();
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let Ok((mut ws, _)) = tokio_tungstenite::connect_async(req).await else {
        return;
    };
    let doc = new_doc();
    let mut n = 0;
    loop {
        // Ask for what we lack, then wait for the answer: everything we sent before is stored.
        let sv = doc.transact().state_vector();
        if ws
            .send(Frame::Binary(
                Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1().into(),
            ))
            .await
            .is_err()
        {
            return;
        }
        loop {
            let bytes = match ws.next().await {
                Some(Ok(Frame::Binary(bytes))) => bytes,
                Some(Ok(Frame::Ping(_) | Frame::Pong(_))) => continue,
                other => {
                    eprintln!("{name} stopped: {other:?}");
                    return;
                }
            };
            match Message::decode_v1(&bytes) {
                Ok(Message::Sync(SyncMessage::SyncStep2(u))) => {
                    doc.transact_mut()
                        .apply_update(Update::decode_v1(&u).unwrap())
                        .unwrap();
                    break;
                }
                Ok(Message::Sync(SyncMessage::Update(u))) => {
                    doc.transact_mut()
                        .apply_update(Update::decode_v1(&u).unwrap())
                        .unwrap();
                }
                _ => {}
            }
        }
        if n > 0 {
            acked.lock().unwrap().push(format!("{name} line {}", n - 1));
        }
        let body = doc.get_or_insert_xml_fragment("default");
        let update = {
            let mut txn = doc.transact_mut();
            let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
            let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
            t.insert(&mut txn, 0, &format!("{name} line {n}"));
            txn.encode_update_v1()
        };
        if ws
            .send(Frame::Binary(
                Message::Sync(SyncMessage::Update(update))
                    .encode_v1()
                    .into(),
            ))
            .await
            .is_err()
        {
            return;
        }
        n += 1;
    }
}

async fn crash_mid_edit(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let token = admin_token(&db.url, "editors").await;
    let (server, url) = start(&db.url, dir.path()).await;
    let http = reqwest::Client::new();
    let declared: Value = http
        .post(format!("{url}/api/v1/incidents"))
        .bearer_auth(&token)
        .json(&json!({"title": "Disk full", "severity": "SEV2"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let reference = declared["reference"].as_str().unwrap().to_string();
    let opened = http
        .post(format!("{url}/api/v1/incidents/{reference}/postmortem"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 201);

    let acked = Arc::new(Mutex::new(Vec::new()));
    let editors: Vec<_> = (0..EDITORS)
        .map(|i| {
            tokio::spawn(type_until_killed(
                url.clone(),
                token.clone(),
                reference.clone(),
                format!("editor{i}"),
                acked.clone(),
            ))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < BEFORE_KILL {
        assert!(
            Instant::now() < deadline,
            "the editors were not acknowledged in time"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    drop(server); // SIGKILL, mid-edit: the editors are still typing.
    for editor in editors {
        let _ = editor.await;
    }
    let acknowledged = acked.lock().unwrap().clone();

    let (_server, _url) = start(&db.url, dir.path()).await;
    let store = Store::open(StoreOptions::new(&db.url)).await.unwrap();
    let stored = store
        .postmortem_document(IncidentId::parse_reference(&reference).unwrap())
        .await
        .unwrap();
    let slices: Vec<&[u8]> = stored.updates.iter().map(Vec::as_slice).collect();
    let doc = load(&slices).expect("the document still loads");
    let ctx = RenderContext {
        zone: jiff::tz::TimeZone::UTC,
        categories: vec![],
        follow_ups: Default::default(),
    };
    let markdown = render_markdown(&read_document(&doc), &ctx);
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|line| !markdown.lines().any(|l| l == line.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged paragraphs lost: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    assert!(
        doc.transact().store().pending_update().is_none(),
        "no update waits for a missing one"
    );
    eprintln!(
        "{} acknowledged paragraphs, all found after SIGKILL",
        acknowledged.len()
    );
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigkill_mid_edit_loses_no_acknowledged_update() {
    crash_mid_edit(TestDb::new(Kind::Sqlite).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sigkill_mid_edit_loses_no_acknowledged_update() {
    crash_mid_edit(TestDb::new(Kind::Postgres).await).await;
}
