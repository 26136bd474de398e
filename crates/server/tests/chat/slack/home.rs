//! The App Home (my open incidents, who is on call now) and incident links unfurled, with a
//! private incident's link unfurled only as restricted.

use super::super::side::Kind;
use super::super::world::{World, SOON};
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::{json, Value};

/// Every text in a view or an unfurl's blocks, one per line.
fn texts(v: &Value) -> String {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                for (k, v) in o {
                    match v {
                        Value::String(s) if k == "text" => out.push(s.clone()),
                        other => walk(other, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out);
    out.join("\n")
}

/// What `user`'s App Home shows, once it satisfies `check`.
async fn home_where(w: &World, user: &str, check: impl Fn(&str) -> bool) -> String {
    let shown = |s: &goldseam_fakes::slack::FakeSlack| {
        s.home_for(user)
            .map(|v| texts(&v.view["blocks"]))
            .unwrap_or_default()
    };
    assert!(
        w.slack().wait_for(SOON, |s| check(&shown(s))).await,
        "the home never got there: {}",
        shown(w.slack())
    );
    shown(w.slack())
}

pub async fn the_home_lists_my_open_incidents_and_who_is_on_call(db: TestDb) {
    let w = World::start(&db, Kind::Slack).await;
    let (app, ada, bob) = (&w.app, &w.ada, &w.bob);
    let s = app
        .post(
            ada,
            "/api/v1/schedules",
            json!({"name": "Payments primary", "time_zone": "UTC", "layers": [{"name": "Weekly",
                "start": "2020-01-06T09:00", "shift": {"unit": "weeks", "count": 1},
                "participants": [bob.id]}]}),
        )
        .await;
    assert_eq!(s.status, 201, "{}", s.body);
    let checkout = app
        .declare(ada, json!({"title": "Checkout down", "severity": "SEV1"}))
        .await;
    let leak = app
        .declare(
            ada,
            json!({"title": "Card numbers in logs", "severity": "SEV1", "private": true}),
        )
        .await;
    let old = app
        .declare(ada, json!({"title": "Old outage", "severity": "SEV3"}))
        .await;
    let r = app
        .patch(
            ada,
            &format!("/api/v1/incidents/{old}"),
            json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let search = app
        .declare(bob, json!({"title": "Search slow", "severity": "SEV2"}))
        .await;
    // Bob follows one of Ada's incidents.
    let login = app
        .declare(ada, json!({"title": "Login errors", "severity": "SEV2"}))
        .await;
    let r = app
        .call(
            bob,
            Method::PUT,
            &format!("/api/v1/incidents/{login}/subscription"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    // Ada's: hers, open, private ones included (she declared them), not Bob's.
    w.slack().open_home("ada");
    let home = home_where(&w, &w.ada_chat, |h| h.contains("Checkout down")).await;
    assert!(home.contains("Hello, Ada"), "{home}");
    assert!(
        home.contains(&format!(
            "https://goldseam.test/incidents/{checkout}|{checkout} · Checkout down>"
        )),
        "{home}"
    );
    assert!(home.contains("SEV1 · Major · Triage"), "{home}");
    assert!(
        home.contains(&format!("{leak} · Card numbers in logs")),
        "{home}"
    );
    assert!(home.contains("Private"), "{home}");
    assert!(home.contains(&format!("{login} · Login errors")), "{home}");
    assert!(!home.contains("Old outage"), "resolved: {home}");
    assert!(!home.contains("Search slow"), "Bob's: {home}");
    // Who is on call now, until when in the reader's own time.
    assert!(home.contains("On call now"), "{home}");
    assert!(home.contains("Payments primary"), "{home}");
    assert!(home.contains("Bob until <!date^"), "{home}");

    // Bob's: what he declared and what he follows; not Ada's private one.
    w.slack().open_home("bob");
    let home = home_where(&w, &w.bob_chat, |h| h.contains("Search slow")).await;
    assert!(home.contains("Hello, Bob"), "{home}");
    assert!(home.contains(&format!("{search} · Search slow")), "{home}");
    assert!(home.contains("Login errors"), "followed: {home}");
    assert!(!home.contains("Checkout down"), "not his: {home}");
    assert!(!home.contains("Card numbers"), "private: {home}");

    // Made private, the followed incident is no longer Bob's to see: the home, opened again,
    // is published afresh without it.
    let r = app
        .patch(
            ada,
            &format!("/api/v1/incidents/{login}"),
            json!({"private": true, "reason": "Customer accounts named"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    w.slack().open_home("bob");
    let home = home_where(&w, &w.bob_chat, |h| !h.contains("Login errors")).await;
    assert!(home.contains("Search slow"), "{home}");
    w.app.shutdown().await;
}

pub async fn someone_without_an_account_sees_why_their_home_is_empty(db: TestDb) {
    let w = World::start(&db, Kind::Slack).await;
    w.app
        .declare(
            &w.ada,
            json!({"title": "Checkout down", "severity": "SEV1"}),
        )
        .await;
    w.slack().open_home("carol");
    let home = home_where(&w, &w.carol_chat, |h| h.contains("No account")).await;
    assert!(home.contains("No account with your email"), "{home}");
    assert!(home.contains("carol@example.com"), "{home}");
    assert!(!home.contains("Checkout down"), "{home}");
    w.app.shutdown().await;
}

pub async fn incident_links_unfurl_and_private_ones_only_as_restricted(db: TestDb) {
    let w = World::start(&db, Kind::Slack).await;
    let general = w.slack().create_channel("bob", "general", false);
    w.slack().join("ada", &general);
    let public = w
        .app
        .declare(
            &w.ada,
            json!({"title": "Checkout down", "severity": "SEV1"}),
        )
        .await;
    let private = w
        .app
        .declare(
            &w.ada,
            json!({"title": "Card numbers in logs", "severity": "SEV1", "private": true}),
        )
        .await;
    let link = |r: &str| format!("https://goldseam.test/incidents/{r}");
    let unfurl_of = |url: &str| {
        w.slack()
            .unfurls()
            .into_iter()
            .find(|u| u.unfurls.get(url).is_some())
            .map(|u| texts(&u.unfurls[url]))
    };

    // Links that are not to an incident here come first: by the time the next link is
    // unfurled (events are handled in order), they were passed over.
    w.slack()
        .share_link("bob", &general, "https://goldseam.test/incidents/INC-999");
    w.slack().share_link(
        "bob",
        &general,
        &format!("https://elsewhere.test/incidents/{public}"),
    );
    w.slack().share_link("bob", &general, &link(&public));
    assert!(
        w.slack()
            .wait_for(SOON, |_| unfurl_of(&link(&public)).is_some())
            .await,
        "{:?}",
        w.slack().unfurls()
    );
    let card = unfurl_of(&link(&public)).unwrap();
    assert!(
        card.contains(&format!("{public} · Checkout down")),
        "{card}"
    );
    assert!(card.contains("SEV1 · Major"), "{card}");
    assert!(card.contains("Triage"), "{card}");
    assert_eq!(w.slack().unfurls().len(), 1, "{:?}", w.slack().unfurls());

    // Ada may see her private incident, but the channel may not: restricted, whoever shares.
    w.slack().share_link("ada", &general, &link(&private));
    assert!(
        w.slack()
            .wait_for(SOON, |_| unfurl_of(&link(&private)).is_some())
            .await,
        "{:?}",
        w.slack().unfurls()
    );
    let card = unfurl_of(&link(&private)).unwrap();
    assert!(card.contains("Restricted incident"), "{card}");
    for secret in ["Card numbers", "SEV1", "Triage"] {
        assert!(!card.contains(secret), "{secret} shown: {card}");
    }
    w.app.shutdown().await;
}
