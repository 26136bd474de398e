//! The live document over its WebSocket, on both databases, with a Rust peer speaking the
//! y-websocket protocol through yrs: peers converge and what they were acknowledged is stored;
//! readers and bad frames change nothing and are told why; presence comes and goes; on
//! PostgreSQL two instances serve one document live.

mod common;

use common::{TestApp, TestUser};
use futures::{SinkExt, StreamExt};
use goldseam_core::postmortem::document::{load, read_document, render_markdown, RenderContext};
use goldseam_core::{IncidentId, UserRole};
use goldseam_store::Dialect;
use goldseam_testdb::TestDb;
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    ClientID, Doc, ReadTxn, Text, Transact, Update, XmlElementPrelim, XmlFragment, XmlTextPrelim,
};

/// Generous: under a full parallel test run a 1 MB update takes a while in a debug build.
const WAIT: Duration = Duration::from_secs(30);

fn ctx() -> RenderContext {
    RenderContext {
        zone: jiff::tz::TimeZone::UTC,
        categories: vec![],
        follow_ups: Default::default(),
    }
}

fn markdown_of(doc: &Doc) -> String {
    render_markdown(&read_document(doc), &ctx())
}

/// A client of the sync socket with its own copy of the document.
struct Peer {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    doc: Doc,
    /// Presence states heard, by client id (None: it left).
    presence: HashMap<u64, Option<String>>,
    closed: Option<(CloseCode, String)>,
}

async fn open_socket(
    app: &TestApp,
    user: &TestUser,
    r: &str,
) -> Result<WebSocketStream<MaybeTlsStream<TcpStream>>, u16> {
    let url = app
        .url(&format!("/api/v1/incidents/{r}/postmortem/sync"))
        .replacen("http://", "ws://", 1);
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", user.token).parse().unwrap(),
    );
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => Err(res.status().as_u16()),
        Err(e) => panic!("{e}"),
    }
}

impl Peer {
    async fn join(app: &TestApp, user: &TestUser, r: &str) -> Peer {
        let ws = open_socket(app, user, r).await.expect("the socket opens");
        let mut peer = Peer {
            ws,
            doc: goldseam_core::postmortem::document::new_doc(),
            presence: HashMap::new(),
            closed: None,
        };
        peer.sync().await;
        peer
    }

    async fn send(&mut self, message: Message) {
        self.ws
            .send(Frame::Binary(message.encode_v1().into()))
            .await
            .unwrap();
    }

    /// Handles one frame from the server; false when the socket closed.
    async fn step(&mut self) -> bool {
        let frame = tokio::time::timeout(WAIT, self.ws.next())
            .await
            .expect("the server answers in time");
        match frame {
            Some(Ok(Frame::Binary(bytes))) => {
                self.handle_frame(bytes.to_vec()).await;
                true
            }
            Some(Ok(Frame::Close(frame))) => {
                self.closed = frame.map(|f| (f.code, f.reason.to_string()));
                false
            }
            Some(Ok(_)) => true,
            None | Some(Err(_)) => false,
        }
    }

    /// Sends sync step 1 and handles frames until the step 2 answering it has been applied:
    /// everything this peer sent before is stored by then.
    async fn sync(&mut self) {
        let sv = self.doc.transact().state_vector();
        self.send(Message::Sync(SyncMessage::SyncStep1(sv))).await;
        loop {
            let frame = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("answered in time")
                .expect("open")
                .unwrap();
            let Frame::Binary(bytes) = frame else {
                continue;
            };
            if let Message::Sync(SyncMessage::SyncStep2(u)) = Message::decode_v1(&bytes).unwrap() {
                self.doc
                    .transact_mut()
                    .apply_update(Update::decode_v1(&u).unwrap())
                    .unwrap();
                return;
            }
            // Anything else (the server's own step 1, updates, presence) is handled as usual.
            self.handle_frame(bytes.to_vec()).await;
        }
    }

    async fn handle_frame(&mut self, bytes: Vec<u8>) {
        match Message::decode_v1(&bytes).unwrap() {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let diff = self.doc.transact().encode_diff_v1(&sv);
                self.send(Message::Sync(SyncMessage::SyncStep2(diff))).await;
            }
            Message::Sync(SyncMessage::Update(u) | SyncMessage::SyncStep2(u)) => {
                self.doc
                    .transact_mut()
                    .apply_update(Update::decode_v1(&u).unwrap())
                    .unwrap();
            }
            Message::Awareness(update) => {
                for (client, entry) in update.clients {
                    self.presence.insert(
                        client.get(),
                        (entry.json.as_ref() != "null").then(|| entry.json.to_string()),
                    );
                }
            }
            _ => {}
        }
    }

    /// Types a paragraph and sends the update.
    async fn type_paragraph(&mut self, words: &str) {
        let body = self.doc.get_or_insert_xml_fragment("default");
        let update = {
            let mut txn = self.doc.transact_mut();
            let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
            let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
            t.insert(&mut txn, 0, words);
            txn.encode_update_v1()
        };
        self.send(Message::Sync(SyncMessage::Update(update))).await;
    }

    /// Deletes the document's last block and sends the update.
    async fn delete_last_block(&mut self) {
        let body = self.doc.get_or_insert_xml_fragment("default");
        let update = {
            let mut txn = self.doc.transact_mut();
            let last = body.len(&txn) - 1;
            body.remove_range(&mut txn, last, 1);
            txn.encode_update_v1()
        };
        self.send(Message::Sync(SyncMessage::Update(update))).await;
    }

    async fn until(&mut self, mut done: impl FnMut(&Peer) -> bool) {
        while !done(self) {
            assert!(self.step().await, "the socket closed: {:?}", self.closed);
        }
    }

    async fn closed_with(mut self) -> (CloseCode, String) {
        while self.step().await {}
        self.closed.expect("a close frame with a reason")
    }
}

async fn stored_markdown(app: &TestApp, r: &str) -> String {
    let stored = app
        .store
        .postmortem_document(IncidentId::parse_reference(r).unwrap())
        .await
        .unwrap();
    let slices: Vec<&[u8]> = stored.updates.iter().map(Vec::as_slice).collect();
    markdown_of(&load(&slices).unwrap())
}

async fn postmortem(app: &TestApp, user: &TestUser, body: serde_json::Value) -> String {
    let r = app.declare(user, body).await;
    assert!(app
        .post(
            user,
            &format!("/api/v1/incidents/{r}/postmortem"),
            json!({})
        )
        .await
        .status
        .is_success());
    r
}

async fn two_peers_converge_and_what_was_acknowledged_is_stored(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let r = postmortem(
        &app,
        &ana,
        json!({"title": "Checkout errors", "severity": "SEV1"}),
    )
    .await;
    let mut a = Peer::join(&app, &ana, &r).await;
    let mut b = Peer::join(&app, &bo, &r).await;
    assert!(
        markdown_of(&a.doc).contains("## Summary"),
        "the seeded document arrives"
    );
    for i in 0..5 {
        a.type_paragraph(&format!("ana {i}")).await;
        b.type_paragraph(&format!("bo {i}")).await;
    }
    a.sync().await;
    b.sync().await;
    // Acknowledged: stored, whatever happens to this server next.
    let stored = stored_markdown(&app, &r).await;
    for i in 0..5 {
        assert!(
            stored.contains(&format!("ana {i}")) && stored.contains(&format!("bo {i}")),
            "{stored}"
        );
    }
    a.until(|p| markdown_of(&p.doc) == stored).await;
    b.until(|p| markdown_of(&p.doc) == stored).await;
    let export = app
        .client
        .get(app.url(&format!(
            "/api/v1/incidents/{r}/postmortem/export.md?zone=UTC"
        )))
        .bearer_auth(&ana.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(export, stored, "the server's export is what the peers have");
    app.shutdown().await;
}

async fn readers_and_bad_frames_change_nothing_and_are_told_why(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let vic = app.user("Vic", UserRole::Viewer).await;
    let otto = app.user("Otto", UserRole::Member).await;
    let r = postmortem(
        &app,
        &ana,
        json!({"title": "Leak", "severity": "SEV1", "private": true}),
    )
    .await;
    let id = IncidentId::parse_reference(&r).unwrap();
    assert_eq!(
        open_socket(&app, &otto, &r).await.err(),
        Some(404),
        "outsiders do not learn it exists"
    );
    // Viewers may read a private incident once let in.
    app.post(
        &ana,
        &format!("/api/v1/incidents/{r}/viewers"),
        json!({"user_id": vic.id, "reason": "audit"}),
    )
    .await;
    // A document with a deletion in it, so every client's handshake answer carries a delete set.
    let mut writer = Peer::join(&app, &ana, &r).await;
    writer.type_paragraph("a draft").await;
    writer.delete_last_block().await;
    writer.sync().await;
    let before = app.store.postmortem_document(id).await.unwrap();
    let mut reader = Peer::join(&app, &vic, &r).await;
    assert!(
        markdown_of(&reader.doc).contains("# "),
        "readers get the document"
    );
    // What y-websocket answers the server's step 1 with: the whole delete set, no new blocks.
    reader
        .send(Message::Sync(SyncMessage::SyncStep2(vec![0, 0])))
        .await;
    let sv = reader.doc.transact().state_vector();
    let answer = reader.doc.transact().encode_state_as_update_v1(&sv);
    assert!(!Update::decode_v1(&answer).unwrap().is_empty());
    reader
        .send(Message::Sync(SyncMessage::SyncStep2(answer)))
        .await;
    reader.sync().await;
    assert!(
        reader.closed.is_none(),
        "a reader's handshake answer is not an edit"
    );
    reader.type_paragraph("sneaky").await;
    let (code, reason) = reader.closed_with().await;
    assert_eq!(u16::from(code), 1008, "{reason}");
    assert!(reason.contains("read-only"), "{reason}");

    let mut malformed = open_socket(&app, &ana, &r).await.unwrap();
    malformed
        .send(Frame::Binary(vec![0, 2, 5, 0xff, 0xff].into()))
        .await
        .unwrap();
    let peer = Peer {
        ws: malformed,
        doc: Doc::new(),
        presence: HashMap::new(),
        closed: None,
    };
    let (code, reason) = peer.closed_with().await;
    assert_eq!(u16::from(code), 1007, "malformed: {reason}");

    let mut texter = open_socket(&app, &ana, &r).await.unwrap();
    texter.send(Frame::Text("hello".into())).await.unwrap();
    let peer = Peer {
        ws: texter,
        doc: Doc::new(),
        presence: HashMap::new(),
        closed: None,
    };
    let (code, reason) = peer.closed_with().await;
    assert_eq!(u16::from(code), 1003, "{reason}");

    let mut big = Peer::join(&app, &ana, &r).await;
    big.type_paragraph(&"x".repeat(1024 * 1024 + 10)).await;
    let (code, reason) = big.closed_with().await;
    assert_eq!(u16::from(code), 1009, "{reason}");
    assert!(reason.contains("limit"), "{reason}");

    assert_eq!(
        app.store.postmortem_document(id).await.unwrap(),
        before,
        "not a byte changed"
    );
    app.shutdown().await;
}

fn presence(client: u64, clock: u32, json: &str) -> Message {
    let clients = HashMap::from([(
        ClientID::new(client),
        AwarenessUpdateEntry {
            clock,
            json: json.into(),
        },
    )]);
    Message::Awareness(AwarenessUpdate { clients })
}

async fn presence_comes_and_goes_and_is_never_stored(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let r = postmortem(
        &app,
        &ana,
        json!({"title": "Slow search", "severity": "SEV3"}),
    )
    .await;
    let before = app
        .store
        .postmortem_document(IncidentId::parse_reference(&r).unwrap())
        .await
        .unwrap();
    let mut a = Peer::join(&app, &ana, &r).await;
    let mut b = Peer::join(&app, &bo, &r).await;
    a.send(presence(
        77,
        1,
        r##"{"user":{"name":"Ana","color":"#aa3300"}}"##,
    ))
    .await;
    b.until(|p| {
        p.presence
            .get(&77)
            .is_some_and(|s| s.as_deref().is_some_and(|s| s.contains("Ana")))
    })
    .await;
    // A late joiner hears who is here.
    let mut c = Peer::join(&app, &bo, &r).await;
    c.until(|p| p.presence.get(&77).is_some_and(Option::is_some))
        .await;
    // Ana's socket drops without a goodbye: her cursor goes.
    drop(a);
    b.until(|p| p.presence.get(&77).is_some_and(Option::is_none))
        .await;
    assert_eq!(
        app.store
            .postmortem_document(IncidentId::parse_reference(&r).unwrap())
            .await
            .unwrap(),
        before,
        "presence is not stored"
    );
    app.shutdown().await;
}

async fn two_instances_serve_one_document_live(db: TestDb) {
    let one = TestApp::spawn(&db).await;
    if one.store.dialect() != Dialect::Postgres {
        // One process owns a SQLite file: there is no second instance to serve it.
        one.shutdown().await;
        return;
    }
    let two = TestApp::spawn(&db).await;
    let ana = one.user("Ana", UserRole::Member).await;
    let bo = one.user("Bo", UserRole::Member).await;
    let r = postmortem(
        &one,
        &ana,
        json!({"title": "Queue backlog", "severity": "SEV2"}),
    )
    .await;
    let mut a = Peer::join(&one, &ana, &r).await;
    let mut b = Peer::join(&two, &bo, &r).await;
    a.type_paragraph("typed on instance one").await;
    b.type_paragraph("typed on instance two").await;
    a.sync().await;
    b.sync().await;
    a.until(|p| markdown_of(&p.doc).contains("typed on instance two"))
        .await;
    b.until(|p| markdown_of(&p.doc).contains("typed on instance one"))
        .await;
    let stored = stored_markdown(&one, &r).await;
    a.until(|p| markdown_of(&p.doc) == stored).await;
    b.until(|p| markdown_of(&p.doc) == stored).await;
    two.shutdown().await;
    one.shutdown().await;
}

goldseam_testdb::on_both_databases!(
    two_peers_converge_and_what_was_acknowledged_is_stored,
    readers_and_bad_frames_change_nothing_and_are_told_why,
    presence_comes_and_goes_and_is_never_stored,
    two_instances_serve_one_document_live
);
