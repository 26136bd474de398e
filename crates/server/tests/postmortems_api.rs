//! Postmortems over HTTP, on both databases: opening seeds the document once, the review moves
//! and their refusals (publishing waits for open threads and lists them), threads, exports,
//! versions and their diff, the list across incidents, and who may see or change what. What
//! admins set (templates, factors, when a severity opens one) is in postmortem_settings_api.rs.

mod common;

use common::{TestApp, TestUser};
use goldseam_core::postmortem::document::load;
use goldseam_core::{IncidentId, UserRole};
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;
use yrs::{Text, Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim};

/// Appends a paragraph to the stored document as an editor would (through the store).
async fn type_paragraph(app: &TestApp, user: &TestUser, r: &str, words: &str) {
    let id = IncidentId::parse_reference(r).unwrap();
    let stored = app.store.postmortem_document(id).await.unwrap();
    let slices: Vec<&[u8]> = stored.updates.iter().map(Vec::as_slice).collect();
    let doc = load(&slices).unwrap();
    let body = doc.get_or_insert_xml_fragment("default");
    let update = {
        let mut txn = doc.transact_mut();
        let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
        t.insert(&mut txn, 0, words);
        txn.encode_update_v1()
    };
    let actor = goldseam_core::Actor {
        user_id: user.user_id(),
        role: UserRole::Member,
    };
    app.store
        .append_postmortem_update(&actor, id, &update)
        .await
        .unwrap();
}

async fn text(app: &TestApp, user: &TestUser, path: &str) -> (StatusCode, String, String) {
    let res = app
        .client
        .get(app.url(path))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, res.text().await.unwrap())
}

async fn a_postmortem_is_opened_reviewed_published_and_amended(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let rita = app.user("Rita", UserRole::Member).await;
    let vic = app.user("Vic", UserRole::Viewer).await;
    let r = app.declare(&ana, json!({"title": "Checkout errors", "severity": "SEV1", "summary": "Card payments failed."})).await;
    let pm = format!("/api/v1/incidents/{r}/postmortem");

    assert_eq!(app.get(&ana, &pm).await.status, StatusCode::NOT_FOUND);
    let opened = app.post(&ana, &pm, json!({})).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    assert_eq!(opened.body["state"], "draft");
    assert_eq!(opened.body["can_edit"], true);
    let sections: Vec<&str> = opened.body["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(sections[1..4], ["Summary", "Impact", "Timeline"]);
    assert_eq!(
        opened.body["sections"][1]["markdown"],
        "Card payments failed."
    );
    let again = app.post(&ana, &pm, json!({})).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        again.body["sections"], opened.body["sections"],
        "opening again seeds nothing"
    );
    let read = app.get(&vic, &pm).await;
    assert_eq!(
        (read.status, read.body["can_edit"].clone()),
        (StatusCode::OK, json!(false)),
        "viewers read, never edit"
    );

    // Out of order, unnamed reviewers, an unknown action: each a clear refusal.
    let early = app
        .post(&ana, &format!("{pm}/review"), json!({"action": "publish"}))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    let nobody = app
        .post(
            &ana,
            &format!("{pm}/review"),
            json!({"action": "request_review"}),
        )
        .await;
    assert_eq!(
        (nobody.status, common::problem_fields(&nobody.body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["reviewers".to_string()]
        )
    );
    let ghost = app
        .post(
            &ana,
            &format!("{pm}/review"),
            json!({"action": "request_review", "reviewers": [9999]}),
        )
        .await;
    assert_eq!(
        (ghost.status, common::problem_fields(&ghost.body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["reviewers[0]".to_string()]
        )
    );
    let bogus = app
        .post(&ana, &format!("{pm}/review"), json!({"action": "bless"}))
        .await;
    assert_eq!(
        bogus.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bogus.body
    );
    assert_eq!(
        app.post(
            &vic,
            &format!("{pm}/review"),
            json!({"action": "request_review", "reviewers": [rita.id]})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    let asked = app
        .post(
            &ana,
            &format!("{pm}/review"),
            json!({"action": "request_review", "reviewers": [rita.id]}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert_eq!(
        asked.body["reviewers"],
        json!([{"user_id": rita.id, "name": "Rita", "verdict": null}])
    );
    assert_eq!(
        app.post(&ana, &format!("{pm}/review"), json!({"action": "approve"}))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "only reviewers approve"
    );
    let thread = app
        .post(
            &rita,
            &format!("{pm}/threads"),
            json!({"quote": "Card payments", "body": "Which cards?"}),
        )
        .await;
    assert_eq!(thread.status, StatusCode::CREATED, "{}", thread.body);
    let thread_id = thread.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.post(&rita, &format!("{pm}/review"), json!({"action": "approve"}))
            .await
            .body["state"],
        "approved"
    );
    let blocked = app
        .post(&ana, &format!("{pm}/review"), json!({"action": "publish"}))
        .await;
    assert_eq!(blocked.status, StatusCode::CONFLICT);
    assert!(
        blocked.body["detail"]
            .as_str()
            .unwrap()
            .contains("“Card payments”"),
        "the open threads are listed: {}",
        blocked.body
    );
    let replied = app
        .post(
            &ana,
            &format!("{pm}/threads/{thread_id}/replies"),
            json!({"body": "Visa only"}),
        )
        .await;
    assert_eq!(replied.body["replies"].as_array().unwrap().len(), 2);
    let resolved = app
        .post(
            &rita,
            &format!("{pm}/threads/{thread_id}/resolve"),
            json!({}),
        )
        .await;
    assert_eq!(resolved.body["resolved"], true);
    assert_eq!(
        app.post(
            &rita,
            &format!("{pm}/threads/{thread_id}/resolve"),
            json!({})
        )
        .await
        .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.post(&ana, &format!("{pm}/threads/999/resolve"), json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let published = app
        .post(&ana, &format!("{pm}/review"), json!({"action": "publish"}))
        .await;
    assert_eq!(
        (
            published.body["state"].clone(),
            published.body["can_edit"].clone()
        ),
        (json!("published"), json!(false))
    );
    let amended = app
        .post(&ana, &format!("{pm}/review"), json!({"action": "amend"}))
        .await;
    assert_eq!(
        (
            amended.body["state"].clone(),
            amended.body["version"].clone()
        ),
        (json!("draft"), json!(2))
    );
    type_paragraph(&app, &ana, &r, "A second look at the retries.").await;
    assert_eq!(
        app.post(
            &ana,
            &format!("{pm}/review"),
            json!({"action": "request_review", "reviewers": [rita.id]})
        )
        .await
        .status,
        StatusCode::OK
    );
    app.post(&rita, &format!("{pm}/review"), json!({"action": "approve"}))
        .await;
    assert_eq!(
        app.post(&ana, &format!("{pm}/review"), json!({"action": "publish"}))
            .await
            .body["version"],
        2
    );

    let versions = app.get(&vic, &format!("{pm}/versions")).await;
    assert_eq!(
        versions
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["version"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2]
    );
    let diff = app.get(&vic, &format!("{pm}/versions/1/diff/2")).await;
    let added: Vec<&str> = diff
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["op"] == "+")
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert!(
        added.contains(&"A second look at the retries."),
        "{added:?}"
    );
    assert_eq!(
        app.get(&vic, &format!("{pm}/versions/3/diff/2"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let (status, kind, md) = text(&app, &vic, &format!("{pm}/export.md?zone=Asia/Tokyo")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/markdown"), "{kind}");
    assert!(md.starts_with(&format!("# {r}: Checkout errors\n")), "{md}");
    assert!(md.contains("JST"), "quoted events in the asked zone: {md}");
    let (_, _, v1) = text(&app, &vic, &format!("{pm}/versions/1/export.md")).await;
    assert!(!v1.contains("second look"), "version 1 stays as published");
    let (status, kind, html) = text(&app, &vic, &format!("{pm}/export.html")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        kind.starts_with("text/html") && html.contains("<h2>Summary</h2>"),
        "{kind} {html}"
    );
    assert_eq!(
        text(&app, &vic, &format!("{pm}/export.md?zone=Mars/Base"))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let timeline = app
        .get(&vic, &format!("/api/v1/incidents/{r}/timeline"))
        .await;
    let kinds: Vec<&str> = timeline.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .filter(|k| k.starts_with("postmortem"))
        .collect();
    assert_eq!(
        kinds.len(),
        1 + 7,
        "opened, then review, approve, publish, amend, review, approve, publish: {kinds:?}"
    );
    app.shutdown().await;
}

async fn private_postmortems_follow_the_incident(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let lena = app.user("Lena", UserRole::Member).await;
    let otto = app.user("Otto", UserRole::Member).await;
    let r = app
        .declare(
            &lena,
            json!({"title": "Leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let open = app
        .declare(&lena, json!({"title": "Slow search", "severity": "SEV3"}))
        .await;
    for reference in [&r, &open] {
        assert!(app
            .post(
                &lena,
                &format!("/api/v1/incidents/{reference}/postmortem"),
                json!({})
            )
            .await
            .status
            .is_success());
    }
    let pm = format!("/api/v1/incidents/{r}/postmortem");
    assert_eq!(app.get(&otto, &pm).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.post(&otto, &pm, json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        text(&app, &otto, &format!("{pm}/export.md")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&otto, &format!("{pm}/threads")).await.status,
        StatusCode::NOT_FOUND
    );
    let theirs: Vec<String> = app
        .get(&otto, "/api/v1/postmortems")
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["reference"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(theirs, [open], "the list hides what they may not see");
    let mine = app.get(&lena, "/api/v1/postmortems?state=draft").await;
    assert_eq!(mine.body.as_array().unwrap().len(), 2);
    let bad = app.get(&lena, "/api/v1/postmortems?state=lost").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body["valid"]
        .as_array()
        .unwrap()
        .contains(&json!("in_review")));
    app.shutdown().await;
}

goldseam_testdb::on_both_databases!(
    a_postmortem_is_opened_reviewed_published_and_amended,
    private_postmortems_follow_the_incident
);
