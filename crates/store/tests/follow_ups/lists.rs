//! The lists: filters, order, pages, and what a private incident hides.

use super::{declare, field_of, fixed_store, item};
use crate::common::declaration;
use crate::common::user;
use goldseam_core::follow_up::{FollowUpPatch, FollowUpStatus};
use goldseam_core::people::{Description, Name};
use goldseam_core::text::Reason;
use goldseam_core::{DomainError, ServiceId, Tag, UserRole};
use goldseam_store::follow_ups::{FollowUpFilter, StatusFilter, TeamFilter};
use goldseam_store::people::{NewService, NewTeam};
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;
use jiff::civil::date;

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

goldseam_testdb::on_both_databases!(lists_filter_page_and_keep_private_incidents_private);
