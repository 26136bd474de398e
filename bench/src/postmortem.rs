//! Scenario: co-editing a postmortem over the sync socket (the Yjs protocol, spoken with yrs as a
//! browser's y-websocket would). Three measures, each on the server this database's run started:
//! - `EDITORS` editors in one document, each typing a character every `KEYSTROKE` (a brisk
//!   typist), for the run's duration: the round trip from sending an update to the server's
//!   acknowledgement (its sync step 2 answering a step 1 sent right after: stored by then), and
//!   from sending it to another editor receiving it;
//! - opening a document of about 1 MB when nobody has it open (the server loads it from the
//!   database) and when it is open already;
//! - the server's memory per open document (VmRSS before and after opening `OPEN_DOCS`).

use crate::declare;
use crate::server::{rss_kib, Goldseam};
use crate::stats::{self, Latency};
use anyhow::{bail, Context, Result};
use futures::{SinkExt, StreamExt};
use goldseam_core::postmortem::document::new_doc;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, Text, Transact, Update, XmlElementPrelim, XmlFragment, XmlTextPrelim};

/// Editors typing in one document at once.
pub const EDITORS: usize = 50;
/// Time between one editor's keystrokes.
pub const KEYSTROKE: Duration = Duration::from_millis(200);
/// The size of the large document opened.
pub const LARGE_BYTES: usize = 1024 * 1024;
/// Documents opened to measure memory.
pub const OPEN_DOCS: usize = 100;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What the scenario measured.
#[derive(Debug, Clone)]
pub struct Postmortem {
    pub updates: usize,
    pub ack: Latency,
    pub broadcast: Latency,
    pub large_bytes: usize,
    pub open_cold: Latency,
    pub open_warm: Latency,
    pub kib_per_doc: f64,
}

/// Opens the sync socket of `reference` on the server at `base` (http://host:port).
async fn connect(base: &str, token: &str, reference: &str) -> Result<Socket> {
    let url = format!(
        "{}/api/v1/incidents/{reference}/postmortem/sync",
        base.replacen("http://", "ws://", 1)
    );
    let mut req = url.into_client_request()?;
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse()?);
    Ok(tokio_tungstenite::connect_async(req)
        .await
        .context("opening the sync socket")?
        .0)
}

async fn send(ws: &mut Socket, m: Message) -> Result<()> {
    ws.send(Frame::Binary(m.encode_v1().into())).await?;
    Ok(())
}

/// Sends sync step 1 and reads until the step 2 answering it, applying what arrives.
async fn sync(ws: &mut Socket, doc: &Doc) -> Result<()> {
    let sv = doc.transact().state_vector();
    send(ws, Message::Sync(SyncMessage::SyncStep1(sv))).await?;
    loop {
        let Some(frame) = ws.next().await else {
            bail!("the socket closed")
        };
        let Frame::Binary(bytes) = frame? else {
            continue;
        };
        match Message::decode_v1(&bytes)? {
            Message::Sync(SyncMessage::SyncStep2(u)) => {
                doc.transact_mut().apply_update(Update::decode_v1(&u)?)?;
                return Ok(());
            }
            Message::Sync(SyncMessage::Update(u)) => {
                doc.transact_mut().apply_update(Update::decode_v1(&u)?)?
            }
            _ => {}
        }
    }
}

/// Appends a paragraph of `text` and returns the update.
fn paragraph(doc: &Doc, text: &str) -> Vec<u8> {
    let body = doc.get_or_insert_xml_fragment("default");
    let mut txn = doc.transact_mut();
    let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
    let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
    t.insert(&mut txn, 0, text);
    txn.encode_update_v1()
}

async fn open_postmortem(
    http: &reqwest::Client,
    server: &Goldseam,
    token: &str,
    title: &str,
) -> Result<String> {
    let reference = declare::one(http, server, token, title).await?;
    let res = http
        .post(server.url(&format!("/api/v1/incidents/{reference}/postmortem")))
        .bearer_auth(token)
        .send()
        .await?;
    if !res.status().is_success() {
        bail!("opening the postmortem: {}", res.status());
    }
    Ok(reference)
}

/// Where each update was sent from and when: (client id, first clock) -> sent at.
type Sent = Arc<Mutex<HashMap<(u64, u32), Instant>>>;

async fn editor(
    base: String,
    token: String,
    reference: String,
    until: Instant,
    sent: Sent,
    acks: Arc<Mutex<Vec<Duration>>>,
) -> Result<()> {
    let mut ws = connect(&base, &token, &reference).await?;
    let doc = new_doc();
    sync(&mut ws, &doc).await?;
    // Each editor types into a paragraph of its own, one character a keystroke.
    let body = doc.get_or_insert_xml_fragment("default");
    let text = {
        let mut txn = doc.transact_mut();
        let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(&mut txn, XmlTextPrelim::new(""))
    };
    send(
        &mut ws,
        Message::Sync(SyncMessage::Update(
            doc.transact()
                .encode_state_as_update_v1(&Default::default()),
        )),
    )
    .await?;
    let mut tick = tokio::time::interval(KEYSTROKE);
    while Instant::now() < until {
        tick.tick().await;
        let client = doc.client_id().get();
        let clock = doc.transact().state_vector().get(&doc.client_id());
        let update = {
            let mut txn = doc.transact_mut();
            let len = text.len(&txn);
            text.insert(&mut txn, len, "x");
            txn.encode_update_v1()
        };
        let at = Instant::now();
        sent.lock().unwrap().insert((client, clock), at);
        send(&mut ws, Message::Sync(SyncMessage::Update(update))).await?;
        sync(&mut ws, &doc).await?;
        acks.lock().unwrap().push(at.elapsed());
    }
    Ok(())
}

/// An editor that only listens, timing when each update arrives.
async fn observer(mut ws: Socket, until: Instant, sent: Sent) -> Result<Vec<Duration>> {
    let mut seen = Vec::new();
    while Instant::now() < until {
        let Ok(Some(frame)) = tokio::time::timeout(Duration::from_millis(500), ws.next()).await
        else {
            continue;
        };
        let Frame::Binary(bytes) = frame? else {
            continue;
        };
        let now = Instant::now();
        if let Message::Sync(SyncMessage::Update(u)) = Message::decode_v1(&bytes)? {
            let update = Update::decode_v1(&u)?;
            for (client, clock) in update.state_vector_lower().iter() {
                if let Some(at) = sent.lock().unwrap().get(&(client.get(), *clock)) {
                    seen.push(now - *at);
                }
            }
        }
    }
    Ok(seen)
}

/// Connects and reads the whole document; returns the socket and how long that took.
async fn open_once(base: &str, token: &str, reference: &str) -> Result<(Socket, Duration)> {
    let started = Instant::now();
    let mut ws = connect(base, token, reference).await?;
    sync(&mut ws, &new_doc()).await?;
    Ok((ws, started.elapsed()))
}

pub async fn run(
    server: &Goldseam,
    token: &str,
    warmup: Duration,
    duration: Duration,
) -> Result<Postmortem> {
    let http = reqwest::Client::new();
    let reference = open_postmortem(&http, server, token, "bench postmortem editors").await?;
    let sent: Sent = Arc::default();
    let acks = Arc::new(Mutex::new(Vec::new()));
    let until = Instant::now() + warmup + duration;
    let base = server.url("");
    let mut watcher = connect(&base, token, &reference).await?;
    sync(&mut watcher, &new_doc()).await?;
    let watching = tokio::spawn(observer(watcher, until, sent.clone()));
    let editors: Vec<_> = (0..EDITORS)
        .map(|_| {
            tokio::spawn(editor(
                base.clone(),
                token.to_string(),
                reference.clone(),
                until,
                sent.clone(),
                acks.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(warmup).await;
    // What was acknowledged during the warm-up does not count (the observer's samples are few
    // and arrive at the same pace, so they are all kept).
    acks.lock().unwrap().clear();
    for e in editors {
        e.await??;
    }
    let mut broadcast = watching.await??;
    let mut ack = std::mem::take(&mut *acks.lock().unwrap());
    let updates = ack.len();
    if updates == 0 {
        bail!("no update was acknowledged");
    }

    // A document of about 1 MB, written in paragraphs of 8 KiB.
    let large = open_postmortem(&http, server, token, "bench postmortem large").await?;
    {
        let mut ws = connect(&base, token, &large).await?;
        let doc = new_doc();
        sync(&mut ws, &doc).await?;
        let chunk = "incident notes ".repeat(8 * 1024 / 15);
        while doc
            .transact()
            .encode_state_as_update_v1(&Default::default())
            .len()
            < LARGE_BYTES
        {
            send(
                &mut ws,
                Message::Sync(SyncMessage::Update(paragraph(&doc, &chunk))),
            )
            .await?;
        }
        sync(&mut ws, &doc).await?;
    }
    let large_bytes = {
        let res = http
            .get(server.url(&format!("/api/v1/incidents/{large}/postmortem/export.md")))
            .bearer_auth(token)
            .send()
            .await?;
        res.bytes().await?.len()
    };
    let mut cold = Vec::new();
    for _ in 0..5 {
        let (ws, took) = open_once(&base, token, &large).await?;
        cold.push(took);
        drop(ws);
        // The room closes when its last socket has gone.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (holder, _) = open_once(&base, token, &large).await?;
    let mut warm = Vec::new();
    for _ in 0..5 {
        warm.push(open_once(&base, token, &large).await?.1);
    }
    drop(holder);

    // Memory per open document: one socket on each of OPEN_DOCS fresh postmortems.
    let mut references = Vec::new();
    for i in 0..OPEN_DOCS {
        references.push(
            open_postmortem(
                &http,
                server,
                token,
                &format!("bench postmortem memory {i}"),
            )
            .await?,
        );
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib(server.pid)?;
    let mut sockets = Vec::new();
    for reference in &references {
        sockets.push(open_once(&base, token, reference).await?.0);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = rss_kib(server.pid)?;
    drop(sockets);

    Ok(Postmortem {
        updates,
        ack: stats::Latency::of(&mut ack),
        broadcast: stats::Latency::of(&mut broadcast),
        large_bytes,
        open_cold: stats::Latency::of(&mut cold),
        open_warm: stats::Latency::of(&mut warm),
        kib_per_doc: after.saturating_sub(before) as f64 / OPEN_DOCS as f64,
    })
}
