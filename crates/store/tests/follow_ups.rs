//! Follow-ups in storage, on both databases: added and changed through the incident's write path
//! and on its timeline, the lists people work from (filters, pages, what a private incident
//! hides), and the daily digest on a clock the test sets.

mod common;

use common::{declaration, user};
use goldseam_core::follow_up::{FollowUpPatch, FollowUpStatus, NewFollowUp, Priority};
use goldseam_core::people::{Description, Name, TimeZoneName};
use goldseam_core::text::{Reason, Title};
use goldseam_core::{Actor, DomainError, IncidentId, ServiceId, Tag, TeamId, UserRole};
use goldseam_store::follow_ups::{FollowUpFilter, StatusFilter, TeamFilter};
use goldseam_store::people::{NewService, NewTeam, ProfileChange};
use goldseam_store::time::{Clock, FixedClock};
use goldseam_store::{Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::civil::{date, Date};
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

/// 2026-12-03 08:30 in Berlin.
const START: &str = "2026-12-03T07:30:00Z";

async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at(START.parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

fn item(
    title: &str,
    owner: Option<&Actor>,
    due: Option<Date>,
    status: FollowUpStatus,
) -> NewFollowUp {
    NewFollowUp {
        title: Title::parse("title", title).unwrap(),
        description: None,
        owner_id: owner.map(|a| a.user_id),
        team_id: None,
        due_on: due,
        priority: Priority::High,
        status,
    }
}

fn field_of(e: StoreError) -> String {
    match e {
        StoreError::Domain(DomainError::Invalid { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn declare(store: &Store, actor: &Actor, title: &str) -> IncidentId {
    store
        .declare(actor, &declaration(title, "SEV2"), None)
        .await
        .unwrap()
        .incident
        .id
}

async fn added_changed_and_on_the_timeline(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let viewer = user(&store, "vi", UserRole::Viewer).await;
    let r = declare(&store, &ana, "Checkout down").await;

    // An idea needs only a title; a promise needs an owner and a date.
    let idea = store
        .add_follow_up(
            &ana,
            r,
            item("Retire the old queue", None, None, FollowUpStatus::Proposed),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        (idea.status, idea.owner.clone(), idea.committed_at),
        (FollowUpStatus::Proposed, None, None)
    );
    let e = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Alert on depth",
                None,
                Some(date(2026, 12, 10)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(e), "owner_id");
    let e = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Alert on depth",
                Some(&bo),
                Some(date(2026, 12, 2)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(field_of(e), "due_on");
    let mut unknown = item("Alert on depth", Some(&bo), None, FollowUpStatus::Proposed);
    unknown.owner_id = Some(goldseam_core::UserId::from_db(999));
    assert_eq!(
        field_of(
            store
                .add_follow_up(&ana, r, unknown, None)
                .await
                .unwrap_err()
        ),
        "owner_id"
    );
    let mut no_team = item("Alert on depth", None, None, FollowUpStatus::Proposed);
    no_team.team_id = Some(TeamId::from_db(999));
    assert_eq!(
        field_of(
            store
                .add_follow_up(&ana, r, no_team, None)
                .await
                .unwrap_err()
        ),
        "team_id"
    );
    assert!(matches!(
        store
            .add_follow_up(
                &viewer,
                r,
                item("x", None, None, FollowUpStatus::Proposed),
                None
            )
            .await,
        Err(StoreError::Domain(DomainError::Forbidden(_)))
    ));

    let promised = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Alert on depth",
                Some(&bo),
                Some(date(2026, 12, 10)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap();
    assert!(promised.committed_at.is_some());
    assert_eq!(promised.owner.as_ref().map(|(_, n)| n.as_str()), Some("bo"));
    assert_eq!(
        promised.created_by.as_ref().map(|(u, _)| *u),
        Some(ana.user_id)
    );

    // Won't do takes a reason; done records when; reopening clears it but not the first promise.
    let wont = FollowUpPatch {
        status: Some(FollowUpStatus::WontDo),
        ..Default::default()
    };
    assert_eq!(
        field_of(
            store
                .update_follow_up(&bo, promised.id, wont)
                .await
                .unwrap_err()
        ),
        "reason"
    );
    let done = store
        .update_follow_up(
            &bo,
            promised.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::Done),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(done.completed_at.is_some());
    let reopened = store
        .update_follow_up(
            &bo,
            promised.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::InProgress),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (reopened.completed_at, reopened.committed_at),
        (None, promised.committed_at)
    );
    let decided = store
        .update_follow_up(
            &ana,
            idea.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::WontDo),
                reason: Some(Reason::parse("reason", "the queue goes away in Q1").unwrap()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(decided.reason.as_deref(), Some("the queue goes away in Q1"));
    let same = FollowUpPatch {
        priority: Some(Priority::High),
        ..Default::default()
    };
    assert!(matches!(
        store.update_follow_up(&ana, promised.id, same).await,
        Err(StoreError::Domain(DomainError::NoChange(_)))
    ));

    // The timeline tells the same story, naming the follow-up by its id.
    let kinds: Vec<(String, i64)> = store
        .timeline(&ana, r, 0, 100)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.record.payload.kind().starts_with("follow_up"))
        .map(|e| {
            (
                e.record.payload.kind().to_string(),
                match &e.record.payload {
                    goldseam_core::EventPayload::FollowUpChanged { follow_up_id, .. } => {
                        follow_up_id.get()
                    }
                    _ => e.record.id.get(),
                },
            )
        })
        .collect();
    let (i, p) = (idea.id.get(), promised.id.get());
    assert_eq!(
        kinds,
        [
            ("follow_up_added".into(), i),
            ("follow_up_added".into(), p),
            ("follow_up_changed".into(), p),
            ("follow_up_changed".into(), p),
            ("follow_up_changed".into(), i),
        ]
    );
}

async fn lists_filter_page_and_keep_private_incidents_private(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let admin = user(&store, "admin", UserRole::Admin).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let team = store
        .create_team(&NewTeam {
            name: Name::parse("name", "Payments").unwrap(),
            description: Description::parse("description", "Money").unwrap(),
            schedule_id: None,
            escalation_policy_id: None,
            members: vec![(ana.user_id, None)],
        })
        .await
        .unwrap();
    let service = store
        .create_service(&NewService {
            name: Name::parse("name", "checkout").unwrap(),
            description: Description::parse("description", "Takes money").unwrap(),
            team_id: team.id,
            tags: vec![Tag::parse("tags", "eu").unwrap()],
        })
        .await
        .unwrap();
    let mut d = declaration("Checkout down", "SEV2");
    d.services = vec![service.id];
    let checkout = store.declare(&ana, &d, None).await.unwrap().incident.id;
    let other = declare(&store, &bo, "Search slow").await;

    // Ana is in one team: her follow-ups belong to it unless said otherwise.
    let a1 = store
        .add_follow_up(
            &ana,
            checkout,
            item(
                "a1",
                Some(&ana),
                Some(date(2026, 12, 4)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap();
    assert_eq!(a1.team.as_ref().map(|(t, _)| *t), Some(team.id));
    let a2 = store
        .add_follow_up(
            &ana,
            checkout,
            item(
                "a2",
                Some(&ana),
                Some(date(2026, 12, 3)),
                FollowUpStatus::InProgress,
            ),
            None,
        )
        .await
        .unwrap();
    let a3 = store
        .add_follow_up(
            &ana,
            checkout,
            item("a3", Some(&ana), None, FollowUpStatus::Proposed),
            None,
        )
        .await
        .unwrap();
    store
        .add_follow_up(
            &bo,
            other,
            item(
                "b1",
                Some(&bo),
                Some(date(2026, 12, 5)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap();

    let list = |f: FollowUpFilter| {
        let store = store.clone();
        let ana = ana.clone();
        async move {
            store
                .list_follow_ups(&ana, &f)
                .await
                .unwrap()
                .items
                .iter()
                .map(|f| f.title.clone())
                .collect::<Vec<_>>()
        }
    };
    let base = FollowUpFilter {
        limit: 50,
        ..Default::default()
    };
    // Soonest due first, undated last.
    assert_eq!(
        list(FollowUpFilter {
            owner: Some(ana.user_id),
            ..base.clone()
        })
        .await,
        ["a2", "a1", "a3"]
    );
    assert_eq!(
        list(FollowUpFilter {
            team: Some(TeamFilter::Mine),
            ..base.clone()
        })
        .await,
        ["a2", "a1", "a3"]
    );
    assert_eq!(
        list(FollowUpFilter {
            incident: Some(other),
            ..base.clone()
        })
        .await,
        ["b1"]
    );
    assert_eq!(
        list(FollowUpFilter {
            service: Some(service.id),
            ..base.clone()
        })
        .await,
        ["a2", "a1", "a3"]
    );
    assert_eq!(
        list(FollowUpFilter {
            service: Some(ServiceId::from_db(service.id.get() + 100)),
            ..base.clone()
        })
        .await,
        Vec::<String>::new()
    );

    // Two days later a1 and a2 are late; a proposal with no date never is.
    clock.set("2026-12-05T10:00:00Z".parse().unwrap());
    assert_eq!(
        list(FollowUpFilter {
            overdue: true,
            ..base.clone()
        })
        .await,
        ["a2", "a1"]
    );
    store
        .update_follow_up(
            &ana,
            a2.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::Done),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        list(FollowUpFilter {
            overdue: true,
            ..base.clone()
        })
        .await,
        ["a1"]
    );
    assert_eq!(list(base.clone()).await, ["a1", "b1", "a3"]);
    assert_eq!(
        list(FollowUpFilter {
            status: StatusFilter::All,
            ..base.clone()
        })
        .await,
        ["a2", "a1", "b1", "a3"]
    );
    assert_eq!(
        list(FollowUpFilter {
            status: StatusFilter::Only(FollowUpStatus::Done),
            ..base.clone()
        })
        .await,
        ["a2"]
    );

    // Pages of one walk the same order without repeats or gaps.
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list_follow_ups(
                &ana,
                &FollowUpFilter {
                    status: StatusFilter::All,
                    limit: 1,
                    cursor: cursor.clone(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|f| f.title.clone()));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen, ["a2", "a1", "b1", "a3"]);
    assert!(matches!(
        store
            .list_follow_ups(
                &ana,
                &FollowUpFilter {
                    cursor: Some("nonsense".into()),
                    ..base.clone()
                }
            )
            .await,
        Err(StoreError::Domain(DomainError::Invalid { .. }))
    ));

    // Once the incident is private, bo sees none of its follow-ups, by list or by id, and cannot
    // be given one.
    store
        .change(
            &admin,
            checkout,
            &[goldseam_store::incidents::Change::Core(
                goldseam_core::Command::SetPrivate {
                    private: true,
                    reason: Some(Reason::parse("reason", "customer data").unwrap()),
                },
            )],
            None,
            false,
        )
        .await
        .unwrap();
    let bo_sees = store
        .list_follow_ups(
            &bo,
            &FollowUpFilter {
                status: StatusFilter::All,
                ..base.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        bo_sees
            .items
            .iter()
            .map(|f| f.title.as_str())
            .collect::<Vec<_>>(),
        ["b1"]
    );
    assert!(matches!(
        store.follow_up(&bo, a3.id).await,
        Err(StoreError::NotFound(_))
    ));
    let give = FollowUpPatch {
        owner_id: Some(Some(bo.user_id)),
        ..Default::default()
    };
    assert_eq!(
        field_of(store.update_follow_up(&ana, a3.id, give).await.unwrap_err()),
        "owner_id"
    );
    assert_eq!(
        store
            .incident_follow_ups(&ana, checkout)
            .await
            .unwrap()
            .len(),
        3
    );
}

/// The email deliveries queued and due now, taken off the queue.
async fn emails(store: &Store, now: Timestamp) -> Vec<(String, String, String)> {
    let jobs = store
        .claim("test", now, SignedDuration::from_secs(60), 100)
        .await
        .unwrap();
    let mut out = Vec::new();
    for j in jobs {
        let _ = store.complete(j.id, "test").await.unwrap();
        if j.kind == "email" {
            let p = &j.payload;
            out.push((
                p["to"].as_str().unwrap().to_string(),
                p["subject"].as_str().unwrap().to_string(),
                p["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

async fn the_digest_comes_once_a_day_in_the_owners_morning_and_stops_when_done(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let berlin = TimeZoneName::parse("time_zone", "Europe/Berlin").unwrap();
    store
        .update_profile(
            ana.user_id,
            &ProfileChange {
                time_zone: Some(Some(berlin)),
                working_hours: None,
            },
        )
        .await
        .unwrap();
    let r = declare(&store, &ana, "Checkout down").await;
    let soon = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Alert on depth",
                Some(&ana),
                Some(date(2026, 12, 4)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap();
    let later = store
        .add_follow_up(
            &ana,
            r,
            item(
                "Load test",
                Some(&ana),
                Some(date(2026, 12, 20)),
                FollowUpStatus::Committed,
            ),
            None,
        )
        .await
        .unwrap();
    // Resolving and closing the incident does not stop the reminders.
    for to in [
        goldseam_core::Status::Resolved,
        goldseam_core::Status::Closed,
    ] {
        store
            .change(
                &ana,
                r,
                &[goldseam_store::incidents::Change::Core(
                    goldseam_core::Command::ChangeStatus { to, reason: None },
                )],
                None,
                false,
            )
            .await
            .unwrap();
    }
    let url = "https://goldseam.example";

    // 08:30 in Berlin: not yet.
    store.run_reminder_tick(url).await.unwrap();
    assert_eq!(emails(&store, clock.now()).await, vec![]);
    // 09:05: one digest, listing what is due soon and not what is weeks away.
    clock.set("2026-12-03T08:05:00Z".parse().unwrap());
    store.run_reminder_tick(url).await.unwrap();
    let sent = emails(&store, clock.now()).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (to, subject, text) = &sent[0];
    assert_eq!(
        (to.as_str(), subject.as_str()),
        ("ana@example.com", "Follow-ups: 1 due soon")
    );
    assert!(
        text.contains("Alert on depth (high, due 2026-12-04)") && !text.contains("Load test"),
        "{text}"
    );
    assert!(
        text.contains("https://goldseam.example/follow-ups?owner=me"),
        "{text}"
    );
    // Later ticks of the same day send nothing more.
    clock.set("2026-12-03T15:00:00Z".parse().unwrap());
    store.run_reminder_tick(url).await.unwrap();
    assert_eq!(emails(&store, clock.now()).await, vec![]);
    // Two days on, it is late: the next morning's digest says so.
    clock.set("2026-12-05T08:10:00Z".parse().unwrap());
    store.run_reminder_tick(url).await.unwrap();
    let sent = emails(&store, clock.now()).await;
    assert_eq!(
        sent.iter().map(|s| s.1.as_str()).collect::<Vec<_>>(),
        ["Follow-ups: 1 overdue"]
    );
    // Marked done: the next tick has nothing to say, and nothing is sent.
    store
        .update_follow_up(
            &ana,
            soon.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::Done),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    clock.set("2026-12-06T08:10:00Z".parse().unwrap());
    store.run_reminder_tick(url).await.unwrap();
    assert_eq!(emails(&store, clock.now()).await, vec![]);
    // Back to a proposal, it is no promise: nothing is reminded of.
    clock.set("2026-12-18T08:10:00Z".parse().unwrap());
    store
        .update_follow_up(
            &ana,
            later.id,
            FollowUpPatch {
                status: Some(FollowUpStatus::Proposed),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    store.run_reminder_tick(url).await.unwrap();
    assert_eq!(emails(&store, clock.now()).await, vec![]);
}

goldseam_testdb::on_both_databases!(
    added_changed_and_on_the_timeline,
    lists_filter_page_and_keep_private_incidents_private,
    the_digest_comes_once_a_day_in_the_owners_morning_and_stops_when_done
);
