//! Teams, services, contact methods, verification, notification rules and profiles on both
//! databases.

mod common;

use common::{open, user};
use goldseam_core::people::rules::RuleInput;
use goldseam_core::people::verification::VerificationCode;
use goldseam_core::people::{
    ContactAddress, ContactKind, Description, Name, TeamRole, TimeZoneName, WorkingHours,
};
use goldseam_core::{
    DomainError, EscalationPolicyId, ScheduleId, ServiceId, Tag, TeamId, UserId, UserRole,
};
use goldseam_store::people::{
    Issued, NewService, NewTeam, ProfileChange, ServiceChange, TeamChange,
};
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

fn name(s: &str) -> Name {
    Name::parse("name", s).unwrap()
}

fn team(n: &str, members: Vec<(UserId, Option<&str>)>) -> NewTeam {
    NewTeam {
        name: name(n),
        description: Description::parse("description", "Keeps money moving").unwrap(),
        schedule_id: Some(ScheduleId::from_db(7)),
        escalation_policy_id: None,
        members: members
            .into_iter()
            .map(|(u, r)| (u, r.map(|r| TeamRole::parse("role", r).unwrap())))
            .collect(),
    }
}

fn sms(n: &str) -> ContactAddress {
    ContactAddress::parse("address", ContactKind::Sms, n).unwrap()
}

async fn teams_have_unique_names_and_members(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let payments = store
        .create_team(&team(
            "Payments",
            vec![(bo.user_id, None), (ana.user_id, Some("lead"))],
        ))
        .await
        .unwrap();
    assert_eq!(payments.schedule_id.map(ScheduleId::get), Some(7));
    let members: Vec<_> = payments
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.role.as_ref().map(|r| r.as_str())))
        .collect();
    assert_eq!(members, [("ana", Some("lead")), ("bo", None)]);

    // Names are unique ignoring case, on create and on rename.
    let err = store
        .create_team(&team("PAYMENTS", vec![]))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::NameTaken { .. }) && err.to_string().contains("already exists"),
        "{err}"
    );
    let search = store.create_team(&team("Search", vec![])).await.unwrap();
    let rename = TeamChange {
        name: Some(name("payments")),
        ..Default::default()
    };
    assert!(matches!(
        store.update_team(search.id, &rename).await,
        Err(StoreError::NameTaken { .. })
    ));
    // An unknown member is named by field, and nothing is written.
    let err = store
        .create_team(&team(
            "Ghosts",
            vec![(ana.user_id, None), (UserId::from_db(999), None)],
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Domain(DomainError::Invalid { field, .. }) if field == "members[1].user_id"),
        "{err}"
    );
    assert_eq!(
        store
            .list_teams(TeamId::from_db(0), 100)
            .await
            .unwrap()
            .len(),
        2
    );

    // Renaming a team to another case of its own name is allowed; clearing an id works.
    let change = TeamChange {
        name: Some(name("PAYMENTS")),
        schedule_id: Some(None),
        escalation_policy_id: Some(Some(EscalationPolicyId::from_db(3))),
        ..Default::default()
    };
    let changed = store.update_team(payments.id, &change).await.unwrap();
    assert_eq!(
        (
            changed.name.as_str(),
            changed.schedule_id.map(ScheduleId::get),
            changed.escalation_policy_id.map(EscalationPolicyId::get)
        ),
        ("PAYMENTS", None, Some(3))
    );
    assert_eq!(changed.description, "Keeps money moving");

    // Membership: add, re-role, remove.
    let carl = user(&store, "carl", UserRole::Viewer).await;
    let lead = TeamRole::parse("role", "lead").unwrap();
    store
        .set_team_member(payments.id, carl.user_id, None)
        .await
        .unwrap();
    let t = store
        .set_team_member(payments.id, carl.user_id, Some(&lead))
        .await
        .unwrap();
    assert_eq!(t.members.len(), 3);
    assert_eq!(
        store
            .team_membership(payments.id, carl.user_id)
            .await
            .unwrap(),
        Some(Some(lead))
    );
    store
        .remove_team_member(payments.id, carl.user_id)
        .await
        .unwrap();
    assert_eq!(
        store
            .team_membership(payments.id, carl.user_id)
            .await
            .unwrap(),
        None
    );
    assert!(matches!(
        store.remove_team_member(payments.id, carl.user_id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .set_team_member(payments.id, UserId::from_db(999), None)
            .await,
        Err(StoreError::NotFound(_))
    ));

    // Pages.
    let first = store.list_teams(TeamId::from_db(0), 1).await.unwrap();
    assert_eq!(first[0].id, payments.id);
    assert_eq!(
        store.list_teams(first[0].id, 10).await.unwrap()[0].id,
        search.id
    );
}

async fn services_need_an_owner_and_keep_it(db: TestDb) {
    let store = open(&db).await;
    let payments = store.create_team(&team("Payments", vec![])).await.unwrap();
    let search = store.create_team(&team("Search", vec![])).await.unwrap();
    let tags = vec![
        Tag::parse("t", "pci").unwrap(),
        Tag::parse("t", "#EU").unwrap(),
        Tag::parse("t", "pci").unwrap(),
    ];
    let new = NewService {
        name: name("Checkout API"),
        description: Description::default(),
        team_id: payments.id,
        tags,
    };
    let checkout = store.create_service(&new).await.unwrap();
    assert_eq!(checkout.team_name, "Payments");
    assert_eq!(
        checkout.tags.iter().map(Tag::as_str).collect::<Vec<_>>(),
        ["eu", "pci"]
    );

    let dup = NewService {
        name: name("checkout api"),
        ..new.clone()
    };
    assert!(matches!(
        store.create_service(&dup).await,
        Err(StoreError::NameTaken { .. })
    ));
    let orphan = NewService {
        name: name("Orphan"),
        team_id: TeamId::from_db(999),
        ..new.clone()
    };
    let err = store.create_service(&orphan).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Domain(DomainError::Invalid { field, .. }) if field == "team_id"),
        "{err}"
    );

    // A team that owns services cannot be deleted; the refusal names them.
    store
        .create_service(&NewService {
            name: name("Ledger"),
            ..new.clone()
        })
        .await
        .unwrap();
    let err = store.delete_team(payments.id).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::TeamOwnsServices { .. })
            && err.to_string().contains("Checkout API, Ledger"),
        "{err}"
    );
    assert!(store.team(payments.id).await.is_ok());

    // Move one, delete the other, then the team goes.
    let moved = store
        .update_service(
            checkout.id,
            &ServiceChange {
                team_id: Some(search.id),
                tags: Some(vec![]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((moved.team_name.as_str(), moved.tags.len()), ("Search", 0));
    assert_eq!(
        store
            .list_services(Some(payments.id), ServiceId::from_db(0), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let ledger = store
        .list_services(Some(payments.id), ServiceId::from_db(0), 10)
        .await
        .unwrap()
        .remove(0);
    store.delete_service(ledger.id).await.unwrap();
    store.delete_team(payments.id).await.unwrap();
    assert!(matches!(
        store.team(payments.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .list_services(None, ServiceId::from_db(0), 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn open_at(db: &TestDb, clock: Arc<FixedClock>) -> Store {
    Store::open(StoreOptions {
        clock,
        ..StoreOptions::new(&db.url)
    })
    .await
    .unwrap()
}

fn code_of(issued: &Issued) -> (VerificationCode, String) {
    match issued {
        Issued::Sent { job, .. } => (
            VerificationCode::parse("code", job.payload["secret_code"].as_str().unwrap()).unwrap(),
            job.destination.clone(),
        ),
        Issued::TooSoon(w) => panic!("too soon: {w:?}"),
    }
}

async fn contact_methods_are_verified_by_code(db: TestDb) {
    let t0: Timestamp = "2025-01-01T12:00:00Z".parse().unwrap();
    let clock = Arc::new(FixedClock::at(t0));
    let store = open_at(&db, clock.clone()).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;

    let m = store
        .add_contact_method(ana.user_id, ContactKind::Sms, &sms("+1 555 123 4567"))
        .await
        .unwrap();
    assert_eq!((m.address.as_str(), m.verified_at), ("+15551234567", None));
    assert!(matches!(
        store
            .add_contact_method(ana.user_id, ContactKind::Sms, &sms("+15551234567"))
            .await,
        Err(StoreError::ContactMethodTaken { .. })
    ));
    // The same number as a voice method is another method; someone else may add it too.
    store
        .add_contact_method(ana.user_id, ContactKind::Voice, &sms("+15551234567"))
        .await
        .unwrap();
    store
        .add_contact_method(bo.user_id, ContactKind::Sms, &sms("+15551234567"))
        .await
        .unwrap();
    // Another person's method is not found.
    let code = VerificationCode::from_random(1);
    assert!(matches!(
        store.issue_verification_with(bo.user_id, m.id, &code).await,
        Err(StoreError::NotFound(_))
    ));

    let issued = store
        .issue_verification_with(ana.user_id, m.id, &VerificationCode::from_random(987_650))
        .await
        .unwrap();
    let (code, destination) = code_of(&issued);
    assert_eq!(
        (code.expose(), destination.as_str()),
        ("987650", "sms:+15551234567")
    );
    let Issued::Sent {
        job, expires_at, ..
    } = &issued
    else {
        unreachable!()
    };
    assert_eq!(job.kind, "verify");
    assert_eq!(*expires_at, t0 + SignedDuration::from_mins(15));
    // The job is queued for the delivery engine.
    let claimed = store
        .claim("w", t0, SignedDuration::from_secs(60), 10)
        .await
        .unwrap();
    assert_eq!(claimed.iter().map(|j| j.id).collect::<Vec<_>>(), [job.id]);
    // Only a hash is stored.
    assert!(!format!(
        "{:?}",
        store.contact_method(ana.user_id, m.id).await.unwrap()
    )
    .contains("987650"));

    // A new code within a minute is refused with the wait.
    clock.set(t0 + SignedDuration::from_secs(20));
    match store
        .issue_verification_with(ana.user_id, m.id, &VerificationCode::from_random(1))
        .await
        .unwrap()
    {
        Issued::TooSoon(wait) => assert_eq!(wait, SignedDuration::from_secs(40)),
        other => panic!("{other:?}"),
    }

    // A wrong code counts a try; the right one verifies.
    let wrong = VerificationCode::from_random(654_321);
    let err = store
        .confirm_verification(ana.user_id, m.id, &wrong)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("4 tries are left"), "{err}");
    let verified = store
        .confirm_verification(ana.user_id, m.id, &code)
        .await
        .unwrap();
    assert_eq!(
        verified.verified_at,
        Some(t0 + SignedDuration::from_secs(20))
    );
    // Confirming again is harmless; asking for a code now is a conflict.
    assert!(store
        .confirm_verification(ana.user_id, m.id, &wrong)
        .await
        .is_ok());
    assert!(matches!(
        store
            .issue_verification_with(ana.user_id, m.id, &code)
            .await,
        Err(StoreError::Domain(DomainError::Conflict(_)))
    ));

    // Changing the address makes it unverified again; the same address changes nothing.
    let same = store
        .change_contact_address(ana.user_id, m.id, &sms("+1-555-123-4567"))
        .await
        .unwrap();
    assert!(same.verified_at.is_some());
    let moved = store
        .change_contact_address(ana.user_id, m.id, &sms("+15557654321"))
        .await
        .unwrap();
    assert_eq!(moved.verified_at, None);
    assert!(!moved.code_outstanding);
}

async fn codes_lock_after_five_wrong_tries_and_expire(db: TestDb) {
    let t0: Timestamp = "2025-01-01T12:00:00Z".parse().unwrap();
    let clock = Arc::new(FixedClock::at(t0));
    let store = open_at(&db, clock.clone()).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let m = store
        .add_contact_method(ana.user_id, ContactKind::Sms, &sms("+15551234567"))
        .await
        .unwrap();
    let (code, _) = code_of(
        &store
            .issue_verification_with(ana.user_id, m.id, &VerificationCode::from_random(111_111))
            .await
            .unwrap(),
    );
    let wrong = VerificationCode::from_random(222_222);
    for _ in 0..5 {
        let err = store
            .confirm_verification(ana.user_id, m.id, &wrong)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Domain(DomainError::Invalid { .. })),
            "{err}"
        );
    }
    // Locked: even the right code is refused now.
    let err = store
        .confirm_verification(ana.user_id, m.id, &code)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    assert_eq!(
        store
            .contact_method(ana.user_id, m.id)
            .await
            .unwrap()
            .verified_at,
        None
    );

    // A new code (after the resend wait) starts over; it expires after 15 minutes.
    clock.set(t0 + SignedDuration::from_secs(61));
    let (code, _) = code_of(
        &store
            .issue_verification_with(ana.user_id, m.id, &VerificationCode::from_random(333_333))
            .await
            .unwrap(),
    );
    clock.set(t0 + SignedDuration::from_secs(61) + SignedDuration::from_mins(15));
    let err = store
        .confirm_verification(ana.user_id, m.id, &code)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("expired"), "{err}");
}

async fn notification_rules_use_verified_methods_only(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let m = store
        .add_contact_method(ana.user_id, ContactKind::Sms, &sms("+15551234567"))
        .await
        .unwrap();
    let rule = |id, delay| RuleInput {
        contact_method_id: id,
        delay_minutes: delay,
        urgency: None,
    };
    let err = store
        .replace_notification_rules(ana.user_id, &[rule(m.id, 0)])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not verified"), "{err}");
    assert!(store
        .notification_rules(ana.user_id)
        .await
        .unwrap()
        .is_empty());

    let (code, _) = code_of(
        &store
            .issue_verification_with(ana.user_id, m.id, &VerificationCode::from_random(5))
            .await
            .unwrap(),
    );
    store
        .confirm_verification(ana.user_id, m.id, &code)
        .await
        .unwrap();
    let saved = store
        .replace_notification_rules(ana.user_id, &[rule(m.id, 3), rule(m.id, 0)])
        .await
        .unwrap();
    let read = store.notification_rules(ana.user_id).await.unwrap();
    assert_eq!(read, saved);
    assert_eq!(
        read.iter().map(|r| r.delay_minutes).collect::<Vec<_>>(),
        [3, 0]
    );

    // A method in use can be neither re-addressed nor deleted.
    let err = store
        .change_contact_address(ana.user_id, m.id, &sms("+15550000000"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::ContactMethodInUse { .. })
            && err.to_string().contains("notification rules"),
        "{err}"
    );
    assert!(matches!(
        store.delete_contact_method(ana.user_id, m.id).await,
        Err(StoreError::ContactMethodInUse { .. })
    ));
    store
        .replace_notification_rules(ana.user_id, &[])
        .await
        .unwrap();
    store
        .delete_contact_method(ana.user_id, m.id)
        .await
        .unwrap();
    assert!(store.contact_methods(ana.user_id).await.unwrap().is_empty());
}

async fn profiles_keep_zone_and_hours(db: TestDb) {
    let store = open(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let p = store.profile(ana.user_id).await.unwrap();
    assert_eq!((p.time_zone, p.working_hours.windows().len()), (None, 0));
    let hours = WorkingHours::parse(&[
        ("monday".into(), "09:00".into(), "17:30".into()),
        ("sunday".into(), "22:00".into(), "24:00".into()),
    ])
    .unwrap();
    let change = ProfileChange {
        time_zone: Some(Some(
            TimeZoneName::parse("time_zone", "Europe/Paris").unwrap(),
        )),
        working_hours: Some(hours.clone()),
    };
    store.update_profile(ana.user_id, &change).await.unwrap();
    // A change of zone alone keeps the hours.
    let zone_only = ProfileChange {
        time_zone: Some(Some(
            TimeZoneName::parse("time_zone", "Asia/Tokyo").unwrap(),
        )),
        working_hours: None,
    };
    store.update_profile(ana.user_id, &zone_only).await.unwrap();
    let p = store.profile(ana.user_id).await.unwrap();
    assert_eq!(p.time_zone.unwrap().as_str(), "Asia/Tokyo");
    assert_eq!(p.working_hours, hours);
}

goldseam_testdb::on_both_databases!(
    teams_have_unique_names_and_members,
    services_need_an_owner_and_keep_it,
    contact_methods_are_verified_by_code,
    codes_lock_after_five_wrong_tries_and_expire,
    notification_rules_use_verified_methods_only,
    profiles_keep_zone_and_hours,
);
