//! Chat storage, on both databases: an event is stored once however often the platform
//! retries it and waits until processed; announcement edits are coalesced (a burst of wishes
//! makes one due edit, no sooner than two seconds after the last); a message is found from
//! its event and back; the engine's lease lets one holder advance the cursor; a chat change
//! marks its events with where it came from.

mod common;

use goldseam_core::chat::inbound::Inbound;
use goldseam_core::chat::settings::ChatSettings;
use goldseam_core::chat::{origin_of, ChatOrigin, Platform};
use goldseam_core::text::Body;
use goldseam_core::{Command, EventPayload, UserRole};
use goldseam_store::alerts::Stored;
use goldseam_store::incidents::Change;
use goldseam_store::time::{Clock, FixedClock};
use goldseam_store::{Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use std::sync::Arc;

const SLACK: Platform = Platform::Slack;

async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at("2026-12-01T10:00:00Z".parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

fn said(ts: &str) -> Inbound {
    Inbound::Message {
        channel: "C1".into(),
        user: "U1".into(),
        ts: ts.into(),
        thread_ts: None,
        text: "db is back".into(),
        files: vec![],
    }
}

async fn an_event_is_stored_once_and_waits_until_processed(db: TestDb) {
    let (store, _) = fixed_store(&db).await;
    let first = store
        .chat_inbox_put(SLACK, "Ev1", &said("1.1"))
        .await
        .unwrap();
    let retry = store
        .chat_inbox_put(SLACK, "Ev1", &said("1.1"))
        .await
        .unwrap();
    store
        .chat_inbox_put(SLACK, "Ev2", &said("1.2"))
        .await
        .unwrap();
    assert_eq!((first, retry), (Stored::New, Stored::Repeat));
    let waiting = store.chat_inbox_waiting(SLACK, 10).await.unwrap();
    assert_eq!(
        waiting
            .iter()
            .map(|r| r.dedup_id.as_str())
            .collect::<Vec<_>>(),
        ["Ev1", "Ev2"]
    );
    assert_eq!(waiting[0].inbound, said("1.1"));
    store
        .chat_inbox_done(waiting[0].id, "comment 12")
        .await
        .unwrap();
    // A failing event is tried again, then set aside with its reason.
    for _ in 0..4 {
        assert!(!store
            .chat_inbox_failed(waiting[1].id, "boom")
            .await
            .unwrap());
    }
    assert!(store
        .chat_inbox_failed(waiting[1].id, "boom")
        .await
        .unwrap());
    assert!(store
        .chat_inbox_waiting(SLACK, 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .chat_inbox_outcome(SLACK, "Ev2")
            .await
            .unwrap()
            .as_deref(),
        Some("failed: boom")
    );
    // Another platform's ids are its own.
    let other = store
        .chat_inbox_put(Platform::Mattermost, "Ev1", &said("1.1"))
        .await
        .unwrap();
    assert_eq!(other, Stored::New);
}

async fn announcement_edits_are_coalesced(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let admin = common::user(&store, "Ada", UserRole::Admin).await;
    let inc = store
        .declare(&admin, &common::declaration("Checkout down", "SEV1"), None)
        .await
        .unwrap()
        .incident
        .id;
    let t0 = store.now();
    store
        .want_chat_announcement(SLACK, inc, "C9")
        .await
        .unwrap();
    let (due, _) = store.due_chat_announcements(SLACK, t0, 10).await.unwrap();
    assert_eq!(due.len(), 1, "a new post is due at once");
    store
        .chat_announcement_sent(SLACK, &due[0], Some("1.000100"), Some("h1"), true)
        .await
        .unwrap();
    // A burst of changes right after the post: one edit, two seconds after the post.
    for _ in 0..20 {
        clock.set(clock.now() + SignedDuration::from_millis(50));
        store
            .want_chat_announcement(SLACK, inc, "C9")
            .await
            .unwrap();
    }
    let (due, next) = store
        .due_chat_announcements(SLACK, store.now(), 10)
        .await
        .unwrap();
    assert!(due.is_empty());
    assert_eq!(next, Some(t0 + SignedDuration::from_secs(2)));
    clock.set(t0 + SignedDuration::from_secs(2));
    let (due, _) = store
        .due_chat_announcements(SLACK, store.now(), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    // A change landing while the edit is sent keeps the post due.
    store
        .want_chat_announcement(SLACK, inc, "C9")
        .await
        .unwrap();
    store
        .chat_announcement_sent(SLACK, &due[0], Some("1.000100"), Some("h2"), true)
        .await
        .unwrap();
    let posts = store.chat_announcements_of(SLACK, inc).await.unwrap();
    assert_eq!(posts[0].edits, 1);
    assert_eq!(posts[0].rendered.as_deref(), Some("h2"));
    assert!(
        posts[0].due_at.is_some(),
        "the change during the send is not lost"
    );
    // Sent with nothing new: cleared.
    let (due, _) = store
        .due_chat_announcements(SLACK, store.now() + SignedDuration::from_secs(5), 10)
        .await
        .unwrap();
    store
        .chat_announcement_sent(SLACK, &due[0], Some("1.000100"), Some("h2"), false)
        .await
        .unwrap();
    let posts = store.chat_announcements_of(SLACK, inc).await.unwrap();
    assert_eq!((posts[0].edits, posts[0].due_at), (1, None));
}

async fn messages_channels_and_people_are_found_both_ways(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let admin = common::user(&store, "Ada", UserRole::Admin).await;
    let out = store
        .declare(&admin, &common::declaration("Checkout down", "SEV1"), None)
        .await
        .unwrap();
    let inc = out.incident.id;
    let ev = out.events[0].record.id;
    store
        .put_chat_channel(SLACK, inc, "C7", "inc-1-checkout-down", false)
        .await
        .unwrap();
    store
        .put_chat_channel(SLACK, inc, "C8", "second", true)
        .await
        .unwrap();
    assert_eq!(
        store
            .chat_channel_of(SLACK, inc)
            .await
            .unwrap()
            .unwrap()
            .channel_id,
        "C7"
    );
    assert_eq!(
        store
            .chat_channel_by_id(SLACK, "C7")
            .await
            .unwrap()
            .unwrap()
            .incident_id,
        inc
    );
    store
        .put_chat_message(SLACK, "C7", "1.5", inc, ev)
        .await
        .unwrap();
    assert_eq!(
        store.chat_message(SLACK, "C7", "1.5").await.unwrap(),
        Some((inc, ev))
    );
    assert_eq!(
        store.chat_message_of_event(SLACK, ev).await.unwrap(),
        Some(("C7".into(), "1.5".into()))
    );
    // Archiving: due after close, found when due, done once.
    let at = store.now() + SignedDuration::from_hours(24 * 7);
    store
        .set_chat_channel_archive(SLACK, inc, Some(at))
        .await
        .unwrap();
    assert!(store
        .chat_channels_to_archive(SLACK, store.now())
        .await
        .unwrap()
        .is_empty());
    clock.set(at);
    assert_eq!(
        store
            .chat_channels_to_archive(SLACK, at)
            .await
            .unwrap()
            .len(),
        1
    );
    store.chat_channel_archived(SLACK, inc).await.unwrap();
    assert!(store
        .chat_channels_to_archive(SLACK, at)
        .await
        .unwrap()
        .is_empty());

    let person = goldseam_store::chat::ChatPerson {
        chat_user: "U1".into(),
        name: "ada".into(),
        email: Some("ada@example.com".into()),
        user_id: Some(admin.user_id),
        fetched_at: store.now(),
    };
    store.put_chat_person(SLACK, &person).await.unwrap();
    assert_eq!(
        store.chat_person(SLACK, "U1").await.unwrap(),
        Some(person.clone())
    );
    assert_eq!(
        store
            .chat_user_of(SLACK, admin.user_id)
            .await
            .unwrap()
            .as_deref(),
        Some("U1")
    );
    assert!(person.fresh(store.now()));
    assert!(!person.fresh(store.now() + SignedDuration::from_hours(2)));
}

async fn one_instance_holds_the_engine(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let admin = common::user(&store, "Ada", UserRole::Admin).await;
    store
        .declare(&admin, &common::declaration("Before chat", "SEV2"), None)
        .await
        .unwrap();
    let newest = store.latest_event_id().await.unwrap();
    let lease = SignedDuration::from_secs(30);
    // The cursor starts at the newest event: turning chat on does not replay the past.
    assert_eq!(
        store.chat_engine_lease(SLACK, "a", lease).await.unwrap(),
        Some(newest)
    );
    assert_eq!(
        store.chat_engine_lease(SLACK, "b", lease).await.unwrap(),
        None
    );
    let out = store
        .declare(&admin, &common::declaration("After", "SEV2"), None)
        .await
        .unwrap();
    let last = out.events.last().unwrap().record.id;
    assert!(store.chat_engine_advance(SLACK, "a", last).await.unwrap());
    assert!(!store.chat_engine_advance(SLACK, "b", last).await.unwrap());
    // The lease lapses: b takes over where a left off.
    clock.set(clock.now() + SignedDuration::from_secs(31));
    assert_eq!(
        store.chat_engine_lease(SLACK, "b", lease).await.unwrap(),
        Some(last)
    );
    store.chat_engine_release(SLACK, "b").await.unwrap();
    assert_eq!(
        store.chat_engine_lease(SLACK, "a", lease).await.unwrap(),
        Some(last)
    );
}

async fn a_chat_change_carries_its_origin(db: TestDb) {
    let store = common::open(&db).await;
    let admin = common::user(&store, "Ada", UserRole::Admin).await;
    let inc = store
        .declare(&admin, &common::declaration("Checkout down", "SEV1"), None)
        .await
        .unwrap()
        .incident
        .id;
    let origin = ChatOrigin {
        platform: "slack".into(),
        channel: "C7".into(),
        message: "1.7".into(),
        thread: None,
    };
    let body = |s: &str| Body::parse("body", s).unwrap();
    let out = store
        .change(
            &admin,
            inc,
            &[Change::FromChat {
                origin: origin.clone(),
                reply_to: None,
                change: Box::new(Change::Core(Command::Comment(body("db is back #db")))),
            }],
            None,
            false,
        )
        .await
        .unwrap();
    let comment = &out.events[0].record;
    assert_eq!(origin_of(&comment.payload), Some(&origin));
    // Read back from the database, the marker is there; the hashtag's tag is not a chat event.
    let stored = store.event(&admin, inc, comment.id).await.unwrap();
    assert_eq!(origin_of(&stored.record.payload), Some(&origin));
    assert!(out
        .events
        .iter()
        .any(|e| matches!(e.record.payload, EventPayload::TagAdded { .. })));
    // A reply in the thread names the comment it answers.
    let reply = store
        .change(
            &admin,
            inc,
            &[Change::FromChat {
                origin: ChatOrigin {
                    message: "1.8".into(),
                    thread: Some("1.7".into()),
                    ..origin.clone()
                },
                reply_to: Some(comment.id),
                change: Box::new(Change::Core(Command::Comment(body("confirmed")))),
            }],
            None,
            false,
        )
        .await
        .unwrap();
    assert!(matches!(
        reply.events[0].record.payload,
        EventPayload::CommentAdded { reply_to: Some(id), .. } if id == comment.id
    ));
}

async fn settings_are_checked_and_kept(db: TestDb) {
    let store = common::open(&db).await;
    assert_eq!(
        store.chat_settings().await.unwrap(),
        ChatSettings::default()
    );
    let mut s = ChatSettings {
        announcement_channel: Some("C0INCIDENTS".into()),
        ..ChatSettings::default()
    };
    store.put_chat_settings(&s).await.unwrap();
    assert_eq!(store.chat_settings().await.unwrap(), s);
    s.channel_name_template = "no-number".into();
    assert!(matches!(
        store.put_chat_settings(&s).await,
        Err(StoreError::Domain(_))
    ));
    assert_eq!(
        store.chat_settings().await.unwrap().channel_name_template,
        "inc-{number}-{title}"
    );
}

goldseam_testdb::on_both_databases!(
    an_event_is_stored_once_and_waits_until_processed,
    announcement_edits_are_coalesced,
    messages_channels_and_people_are_found_both_ways,
    one_instance_holds_the_engine,
    a_chat_change_carries_its_origin,
    settings_are_checked_and_kept,
);
