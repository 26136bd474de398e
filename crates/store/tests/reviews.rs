//! The review meeting in storage, on both databases: calendar credentials sealed at rest,
//! booking and moving (the UID kept, the sequence growing, answers asked again), stale answers
//! ignored, invitations fanned out once per person and sequence (CANCEL to the uninvited), the
//! meeting recorded as held once it is over, answer links, and the fairness ledger.

mod common;

use common::{declaration, user};
use goldseam_core::review::{Answer, Invitee};
use goldseam_core::{Command, UserRole};
use goldseam_store::incidents::Change;
use goldseam_store::reviews::calendars::{CalendarKind, NewCalendar};
use goldseam_store::reviews::invitations::{InvitationJob, Method};
use goldseam_store::reviews::meeting::AnswerOutcome;
use goldseam_store::reviews::{
    ReviewJob, CALENDAR_KIND, INBOX_KIND, INVITATION_KIND, REPICK_KIND, SEND_KIND,
};
use goldseam_store::secrets::Secret;
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at("2026-12-01T10:00:00Z".parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

/// Claims every due job, returning (kind, payload) and completing them.
async fn take_jobs(store: &Store) -> Vec<(String, serde_json::Value)> {
    let jobs = store
        .claim("test", store.now(), SignedDuration::from_secs(60), 100)
        .await
        .unwrap();
    let mut out = Vec::new();
    for job in jobs {
        out.push((job.kind.clone(), job.payload.clone()));
        let _ = store.complete(job.id, "test").await.unwrap();
    }
    out
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn calendar_secrets_are_sealed_and_read_back(db: TestDb) {
    let store = common::open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let new = NewCalendar {
        kind: CalendarKind::Ics,
        url: Secret::new("https://calendar.example.com/ical/ana/private-s3cr3t/basic.ics"),
        username: String::new(),
        password: Secret::new(""),
        discovered: serde_json::json!({}),
    };
    store.connect_calendar(ana.user_id, &new).await.unwrap();
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url)
        .await
        .unwrap();
    let stored: String =
        sqlx::query_scalar("SELECT url || sealed_secret FROM calendar_connections")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(
        !stored.contains("s3cr3t"),
        "the address is sealed: {stored}"
    );
    let got = store
        .calendar_connection(ana.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.url.expose(), new.url.expose());
    assert_eq!(got.shown_url, "https://calendar.example.com/…");
    assert!(!format!("{got:?}").contains("s3cr3t"));
    store
        .record_calendar_read(ana.user_id, Some("no answer within 5 s"))
        .await
        .unwrap();
    let got = store
        .calendar_connection(ana.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.last_error.as_deref(), Some("no answer within 5 s"));
    assert!(store.disconnect_calendar(ana.user_id).await.unwrap());
    assert!(store
        .calendar_connection(ana.user_id)
        .await
        .unwrap()
        .is_none());
}

async fn booking_moving_answering_and_holding(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let cy = user(&store, "cy", UserRole::Member).await;
    let r = store
        .declare(&ana, &declaration("Checkout is down", "SEV1"), None)
        .await
        .unwrap()
        .incident
        .id;
    let take = Change::Core(Command::AssignRole {
        role: "incident_manager".parse().unwrap(),
        user_id: bo.user_id,
    });
    store.change(&ana, r, &[take], None, false).await.unwrap();
    // Cy asked to follow this incident: optional.
    store
        .subscribe(cy.user_id, &goldseam_core::SubscriptionTarget::Incident(r))
        .await
        .unwrap();
    let incident = store.incident(&ana, r).await.unwrap();
    // Bo holds a role: required; Ana declared: optional.
    let defaults = store.default_invitees(&incident).await.unwrap();
    assert_eq!(
        defaults,
        vec![
            Invitee {
                user_id: ana.user_id,
                required: false
            },
            Invitee {
                user_id: bo.user_id,
                required: true
            },
            Invitee {
                user_id: cy.user_id,
                required: false
            },
        ]
    );
    let _ = take_jobs(&store).await;

    let invitees = vec![
        Invitee {
            user_id: bo.user_id,
            required: true,
        },
        Invitee {
            user_id: cy.user_id,
            required: true,
        },
    ];
    let first = store
        .book_review(
            &ana,
            r,
            at("2026-12-03T15:00:00Z"),
            at("2026-12-03T16:00:00Z"),
            invitees,
            "earliest".into(),
        )
        .await
        .unwrap();
    assert_eq!((first.sequence, first.state.as_str()), (0, "booked"));
    assert_eq!(first.attendees.len(), 2);
    let jobs = take_jobs(&store).await;
    let mut kinds: Vec<&str> = jobs.iter().map(|(k, _)| k.as_str()).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        vec![CALENDAR_KIND, INBOX_KIND, SEND_KIND],
        "the held job waits for the end"
    );

    // The send job fans out one invitation per attendee, once.
    let send = ReviewJob {
        incident_id: r,
        sequence: 0,
    };
    assert_eq!(store.send_review_invitations(send).await.unwrap(), 2);
    assert_eq!(store.send_review_invitations(send).await.unwrap(), 2);
    let jobs = take_jobs(&store).await;
    assert_eq!(jobs.len(), 2, "the same keys enqueue nothing twice");
    assert!(jobs.iter().all(|(k, _)| k == INVITATION_KIND));

    // Cy accepts; Bo declines, which asks for a new time.
    assert_eq!(
        store
            .answer_review(r, cy.user_id, Answer::Accepted, 0)
            .await
            .unwrap(),
        AnswerOutcome::Recorded
    );
    assert_eq!(
        store
            .answer_review(r, cy.user_id, Answer::Accepted, 0)
            .await
            .unwrap(),
        AnswerOutcome::Unchanged
    );
    store
        .answer_review(r, bo.user_id, Answer::Declined, 0)
        .await
        .unwrap();
    let jobs = take_jobs(&store).await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].0, REPICK_KIND);
    let e = store
        .answer_review(r, ana.user_id, Answer::Accepted, 0)
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::NotFound(_)),
        "ana is not invited: {e:?}"
    );

    // Moving keeps the UID, raises the sequence, asks everyone again, and cancels for the dropped.
    let moved = store
        .book_review(
            &ana,
            r,
            at("2026-12-04T15:00:00Z"),
            at("2026-12-04T16:00:00Z"),
            vec![Invitee {
                user_id: cy.user_id,
                required: true,
            }],
            "Bo declined".into(),
        )
        .await
        .unwrap();
    assert_eq!(
        (moved.uid.as_str(), moved.sequence),
        (first.uid.as_str(), 1)
    );
    assert!(moved.attendees.iter().all(|a| a.answer.is_none()));
    let _ = take_jobs(&store).await;
    store
        .send_review_invitations(ReviewJob {
            incident_id: r,
            sequence: 1,
        })
        .await
        .unwrap();
    let mut sent: Vec<(i64, Method)> = take_jobs(&store)
        .await
        .into_iter()
        .map(|(_, p)| serde_json::from_value::<InvitationJob>(p).unwrap())
        .map(|j| (j.user_id.get(), j.method))
        .collect();
    sent.sort_by_key(|(u, _)| *u);
    assert_eq!(
        sent,
        vec![
            (bo.user_id.get(), Method::Cancel),
            (cy.user_id.get(), Method::Request)
        ]
    );
    // The overtaken sequence sends nothing any more; its stale answer is ignored.
    assert_eq!(store.send_review_invitations(send).await.unwrap(), 0);
    assert_eq!(
        store
            .answer_review(r, cy.user_id, Answer::Declined, 0)
            .await
            .unwrap(),
        AnswerOutcome::Stale
    );
    store
        .answer_review(r, cy.user_id, Answer::Accepted, 1)
        .await
        .unwrap();

    // Others' booked reviews are busy time for their attendees.
    let busy = store
        .booked_reviews(
            &[cy.user_id, bo.user_id],
            at("2026-12-01T00:00:00Z"),
            at("2026-12-10T00:00:00Z"),
            goldseam_core::IncidentId::from_db(999),
        )
        .await
        .unwrap();
    assert_eq!(busy[&cy.user_id][0].start, at("2026-12-04T15:00:00Z"));
    assert!(!busy.contains_key(&bo.user_id));

    // Over: held, with who accepted; the learning step completes.
    let held = ReviewJob {
        incident_id: r,
        sequence: 1,
    };
    assert!(
        !store.record_review_held(held).await.unwrap(),
        "not over yet"
    );
    clock.set(at("2026-12-04T16:00:00Z"));
    assert!(store.record_review_held(held).await.unwrap());
    assert!(!store.record_review_held(held).await.unwrap(), "once");
    let m = store.review_meeting(r).await.unwrap().unwrap();
    assert_eq!(m.state, "held");
    let timeline = store.timeline(&ana, r, 0, 1000).await.unwrap();
    let last = &timeline.last().unwrap().record.payload;
    assert_eq!(last.kind(), "review_meeting_held");
    assert!(
        matches!(last, goldseam_core::EventPayload::ReviewMeetingHeld { attended } if attended == &vec![cy.user_id])
    );
}

async fn cancelling_sends_cancel_to_everyone(db: TestDb) {
    let store = common::open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let r = store
        .declare(&ana, &declaration("Slow", "SEV2"), None)
        .await
        .unwrap()
        .incident
        .id;
    let e = store.cancel_review(&ana, r, "no".into()).await.unwrap_err();
    assert!(
        e.to_string().contains("has no booked review meeting"),
        "{e}"
    );
    let invitees = vec![Invitee {
        user_id: bo.user_id,
        required: true,
    }];
    store
        .book_review(
            &ana,
            r,
            at("2026-12-03T15:00:00Z"),
            at("2026-12-03T15:30:00Z"),
            invitees,
            "x".into(),
        )
        .await
        .unwrap();
    store
        .cancel_review(&ana, r, "The postmortem was withdrawn".into())
        .await
        .unwrap();
    let m = store.review_meeting(r).await.unwrap().unwrap();
    assert_eq!((m.state.as_str(), m.sequence), ("cancelled", 1));
    let _ = take_jobs(&store).await;
    assert_eq!(
        store
            .send_review_invitations(ReviewJob {
                incident_id: r,
                sequence: 1
            })
            .await
            .unwrap(),
        1
    );
    let jobs = take_jobs(&store).await;
    let invitations: Vec<InvitationJob> = jobs
        .iter()
        .filter(|(k, _)| k == INVITATION_KIND)
        .map(|(_, p)| serde_json::from_value(p.clone()).unwrap())
        .collect();
    assert_eq!(invitations.len(), 1);
    assert_eq!(invitations[0].method, Method::Cancel);
}

async fn answer_links_and_the_ledger(db: TestDb) {
    let store = common::open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let r = goldseam_core::IncidentId::from_db(7);
    let token = store.review_answer_token(r, ana.user_id).await.unwrap();
    assert_eq!(
        store.review_answer_link(&token).await.unwrap(),
        (r, ana.user_id)
    );
    let forged = token.replacen(&format!("v7.{}", ana.user_id.get()), "v7.999", 1);
    assert!(store.review_answer_link(&forged).await.is_err());
    assert!(store.review_answer_link("v7.1").await.is_err());

    store
        .charge_review_ledger(&[(ana.user_id, 60)])
        .await
        .unwrap();
    store
        .charge_review_ledger(&[(ana.user_id, 30)])
        .await
        .unwrap();
    let ledger = store
        .review_ledger(&[ana.user_id, goldseam_core::UserId::from_db(999)])
        .await
        .unwrap();
    assert_eq!(ledger[&ana.user_id], 90);
    assert_eq!(ledger[&goldseam_core::UserId::from_db(999)], 0);
}

goldseam_testdb::on_both_databases!(
    calendar_secrets_are_sealed_and_read_back,
    booking_moving_answering_and_holding,
    cancelling_sends_cancel_to_everyone,
    answer_links_and_the_ledger
);
