//! Goldseam with Microsoft Teams, end to end: a real server whose chat engine announces
//! incidents to the fake Workflows webhook, on both databases. The fake checks every card
//! against the Adaptive Card schema and refuses what Teams could not show, so a card that
//! lands here is one Teams would show.

use super::common::{TestApp, TestUser};
use super::world::server_config;
use goldseam_core::chat::Platform;
use goldseam_core::UserRole;
use goldseam_fakes::teams::{FakeTeams, Fault, PostedCard, TeamsOptions};
use goldseam_integrations::chat::teams::card::CARD_VERSION;
use goldseam_integrations::chat::teams::webhook::TeamsWebhook;
use goldseam_integrations::Channels;
use goldseam_store::StoreOptions;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use serde_json::json;
use std::time::Duration;

/// How long anything the engine does may take here (a retry after Teams was down waits 5 s).
const SOON: Duration = Duration::from_secs(15);

/// A Goldseam server announcing to the fake Teams webhook, and an admin.
struct World {
    app: TestApp,
    teams: FakeTeams,
    ada: TestUser,
}

impl World {
    /// Starts both. No chat settings are set: the webhook alone decides where cards go.
    async fn start(db: &TestDb) -> World {
        let teams = FakeTeams::start(TeamsOptions::default()).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let channels = Channels {
            teams: Some(TeamsWebhook::new(&teams.url(), Duration::from_secs(2)).unwrap()),
            ..Channels::default()
        };
        let config = server_config(channels, base);
        let app = TestApp::spawn_on(listener, config, StoreOptions::new(&db.url)).await;
        // The engine's place in the timeline starts at the newest event when it first takes
        // its lease; taking (and giving back) the lease here puts it before the incidents the
        // test declares, however late the engine's first step runs.
        let probe = "chat-teams-test";
        let _ = app
            .store
            .chat_engine_lease(Platform::Teams, probe, SignedDuration::ZERO)
            .await
            .unwrap();
        app.store
            .chat_engine_release(Platform::Teams, probe)
            .await
            .unwrap();
        let ada = app.user("Ada", UserRole::Admin).await;
        World { app, teams, ada }
    }

    fn cards_about(&self, reference: &str) -> Vec<PostedCard> {
        self.teams
            .cards()
            .into_iter()
            .filter(|c| c.texts().iter().any(|t| t.starts_with(reference)))
            .collect()
    }

    async fn patch(&self, r: &str, body: serde_json::Value) {
        let reply = self
            .app
            .patch(&self.ada, &format!("/api/v1/incidents/{r}"), body)
            .await;
        assert!(reply.status.is_success(), "{}", reply.body);
    }
}

async fn an_incident_is_announced_once_as_a_valid_card_with_its_facts(db: TestDb) {
    let w = World::start(&db).await;
    let r = w
        .app
        .declare(
            &w.ada,
            json!({"title": "Checkout down", "severity": "SEV1", "summary": "Payments fail at the last step"}),
        )
        .await;
    let assigned = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/roles"),
            json!({"role": "incident_manager", "user_id": w.ada.id}),
        )
        .await;
    assert!(assigned.status.is_success(), "{}", assigned.body);
    assert!(
        w.teams
            .wait_until(SOON, |t| t
                .cards()
                .last()
                .is_some_and(
                    |c| c.fact("Incident manager").as_deref() == Some("Ada")
                ))
            .await,
        "{:#?}",
        w.teams.calls()
    );
    let first = &w.teams.cards()[0];
    assert_eq!(first.version(), CARD_VERSION);
    assert_eq!(first.texts()[0], format!("{r} · Checkout down"));
    assert!(first.fact("Severity").unwrap().starts_with("SEV1"));
    assert_eq!(first.fact("Status").as_deref(), Some("Triage"));
    assert!(first.fact("Type").is_some());
    assert!(first.texts().iter().any(|t| t.contains("Payments fail")));
    assert_eq!(
        first.links(),
        vec![(
            "Open in Goldseam".to_string(),
            w.app.url(&format!("/incidents/{r}"))
        )],
        "one link to the room and no buttons"
    );
    // Nothing else happens: the engine makes no channel and mirrors nothing into Teams.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let comment = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "looking at the gateway"}),
        )
        .await;
    assert!(comment.status.is_success(), "{}", comment.body);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let calls = w.teams.calls();
    assert!(calls.iter().all(|c| c.status == 202), "{calls:#?}");
    assert!(
        calls.len() <= 2,
        "the declaration and the role, at most: {calls:#?}"
    );
    assert!(!calls
        .iter()
        .any(|c| c.body.to_string().contains("looking at the gateway")));
    w.app.shutdown().await;
}

async fn a_burst_of_changes_makes_few_new_cards_ending_in_the_last_state(db: TestDb) {
    let w = World::start(&db).await;
    let r = w
        .app
        .declare(&w.ada, json!({"title": "Search slow", "severity": "SEV3"}))
        .await;
    assert!(w.teams.wait_until(SOON, |t| t.cards().len() == 1).await);
    // Past the least gap between two cards, so the burst starts fresh.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    for i in 0..20 {
        let severity = match i % 3 {
            _ if i == 19 => "SEV1",
            0 => "SEV2",
            1 => "SEV4",
            _ => "SEV3",
        };
        w.patch(&r, json!({"severity": severity})).await;
        tokio::time::sleep(Duration::from_millis(90)).await;
    }
    let shows_sev1 = |t: &FakeTeams| {
        t.cards()
            .last()
            .and_then(|c| c.fact("Severity"))
            .is_some_and(|s| s.starts_with("SEV1"))
    };
    assert!(
        w.teams.wait_until(SOON, shows_sev1).await,
        "the last state wins"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let cards = w.cards_about(&r);
    let updates = cards.len() - 1;
    assert!(
        (1..=3).contains(&updates),
        "{updates} new cards for a burst of 20"
    );
    assert!(shows_sev1(&w.teams));
    assert!(
        cards[1..].iter().all(|c| c.texts()[0] == "Update"),
        "each later card says it is an update"
    );
    // A status update is news too: a new card with it.
    let update = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/status-updates"),
            json!({"body": "Index rebuilt; latency back to normal", "status": "mitigated"}),
        )
        .await;
    assert!(update.status.is_success(), "{}", update.body);
    assert!(
        w.teams
            .wait_until(SOON, |t| t.cards().last().is_some_and(|c| c
                .texts()
                .iter()
                .any(
                    |x| x == "**Latest update:** Index rebuilt; latency back to normal"
                )
                && c.fact("Status").as_deref() == Some("Mitigated")))
            .await,
        "{:#?}",
        w.teams.cards().last()
    );
    w.app.shutdown().await;
}

async fn a_private_incident_is_never_announced(db: TestDb) {
    let w = World::start(&db).await;
    w.app
        .declare(
            &w.ada,
            json!({"title": "Payroll leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let public = w
        .app
        .declare(&w.ada, json!({"title": "Public one", "severity": "SEV3"}))
        .await;
    assert!(w.teams.wait_until(SOON, |t| !t.cards().is_empty()).await);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let calls = w.teams.calls();
    assert_eq!(calls.len(), 1, "{calls:#?}");
    assert_eq!(w.cards_about(&public).len(), 1);
    assert!(!calls[0].body.to_string().contains("Payroll"));
    w.app.shutdown().await;
}

async fn an_incident_made_private_after_its_announcement_gets_nothing_more(db: TestDb) {
    let w = World::start(&db).await;
    let r = w
        .app
        .declare(
            &w.ada,
            json!({"title": "Vendor outage", "severity": "SEV2"}),
        )
        .await;
    assert!(w.teams.wait_until(SOON, |t| t.cards().len() == 1).await);
    w.patch(
        &r,
        json!({"private": true, "reason": "customer data involved"}),
    )
    .await;
    w.patch(
        &r,
        json!({"title": "Customer records exposed", "severity": "SEV1"}),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let calls = w.teams.calls();
    assert_eq!(calls.len(), 1, "only the first announcement: {calls:#?}");
    assert!(!calls
        .iter()
        .any(|c| c.body.to_string().contains("Customer records")));
    w.app.shutdown().await;
}

async fn a_429_is_waited_out_and_the_card_lands_after(db: TestDb) {
    let w = World::start(&db).await;
    w.teams.inject(Fault::RateLimited(2), 1);
    let r = w
        .app
        .declare(
            &w.ada,
            json!({"title": "Queue backlog", "severity": "SEV2"}),
        )
        .await;
    assert!(w.teams.wait_until(SOON, |t| t.cards().len() == 1).await);
    let calls = w.teams.calls();
    assert_eq!(calls.len(), 2, "{calls:#?}");
    assert_eq!((calls[0].status, calls[1].status), (429, 202));
    let waited = calls[1].at - calls[0].at;
    assert!(
        waited >= Duration::from_millis(1900),
        "tried again after {waited:?}, before the 2 s Teams asked for"
    );
    assert_eq!(w.cards_about(&r).len(), 1);
    w.app.shutdown().await;
}

async fn cards_wait_while_teams_is_down_and_land_when_it_is_back(db: TestDb) {
    let w = World::start(&db).await;
    w.teams.set_outage(Some(503));
    let r = w
        .app
        .declare(&w.ada, json!({"title": "DNS flapping", "severity": "SEV3"}))
        .await;
    assert!(w.teams.wait_until(SOON, |t| !t.calls().is_empty()).await);
    w.patch(&r, json!({"severity": "SEV2"})).await;
    let other = w
        .app
        .declare(&w.ada, json!({"title": "Mail delayed", "severity": "SEV4"}))
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(w.teams.cards().is_empty());
    w.teams.set_outage(None);
    assert!(
        w.teams.wait_until(SOON, |t| t.cards().len() >= 2).await,
        "{:#?}",
        w.teams.calls()
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    // Each incident once, as it is now: nothing lost, nothing stale.
    let dns = w.cards_about(&r);
    assert_eq!(dns.len(), 1, "{dns:#?}");
    assert!(dns[0].fact("Severity").unwrap().starts_with("SEV2"));
    assert_eq!(w.cards_about(&other).len(), 1);
    assert!(w.teams.calls().iter().any(|c| c.status == 503));
    w.app.shutdown().await;
}

goldseam_testdb::on_both_databases!(
    an_incident_is_announced_once_as_a_valid_card_with_its_facts,
    a_burst_of_changes_makes_few_new_cards_ending_in_the_last_state,
    a_private_incident_is_never_announced,
    an_incident_made_private_after_its_announcement_gets_nothing_more,
    a_429_is_waited_out_and_the_card_lands_after,
    cards_wait_while_teams_is_down_and_land_when_it_is_back,
);
