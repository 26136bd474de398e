//! The SQL translation of the visibility rule (store::policy) agrees with core's `can_view`
//! for every user and incident of a varied population, in lists, reads and event replays.

mod common;

use common::{declaration, open, user};
use goldseam_core::policy::{can_view, Visibility};
use goldseam_core::text::Reason;
use goldseam_core::{Command, EventId, IncidentId, UserId, UserRole};
use goldseam_store::incidents::{Change, IncidentFilter};
use goldseam_testdb::TestDb;
use std::collections::{BTreeSet, HashMap};

async fn list_queries_agree_with_the_core_rule(db: TestDb) {
    let store = open(&db).await;
    let roles = [
        UserRole::Admin,
        UserRole::Member,
        UserRole::Member,
        UserRole::Viewer,
        UserRole::Member,
    ];
    let mut people = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        people.push(user(&store, &format!("u{i}"), *role).await);
    }
    // Participants we expect, per incident, built alongside the writes.
    let mut participants: HashMap<IncidentId, BTreeSet<UserId>> = HashMap::new();
    let mut private: HashMap<IncidentId, bool> = HashMap::new();
    for n in 0..12usize {
        let declarer = &people[[1, 2, 4, 0][n % 4]];
        let mut d = declaration(&format!("incident {n}"), "SEV2");
        d.private = Some(n % 3 != 0);
        let inc = store.declare(declarer, &d, None).await.unwrap().incident;
        participants
            .entry(inc.id)
            .or_default()
            .insert(declarer.user_id);
        private.insert(inc.id, inc.private);
        let r = inc.id;
        if n % 2 == 0 {
            let responder = &people[(n / 2) % people.len()];
            let assign = Change::Core(Command::AssignRole {
                role: "responder".into(),
                user_id: responder.user_id,
            });
            store
                .change(declarer, r, &[assign], None, false)
                .await
                .unwrap();
            participants
                .get_mut(&inc.id)
                .unwrap()
                .insert(responder.user_id);
        }
        if n % 5 == 1 {
            // Made public later: visible to all from then on.
            store
                .change(
                    declarer,
                    r,
                    &[Change::Core(Command::SetPrivate {
                        private: false,
                        reason: Some(Reason::parse("reason", "cleared by legal").unwrap()),
                    })],
                    None,
                    true,
                )
                .await
                .unwrap();
            private.insert(inc.id, false);
        }
    }
    for actor in &people {
        let expected: BTreeSet<IncidentId> = private
            .iter()
            .filter(|(id, p)| {
                can_view(
                    actor,
                    Visibility {
                        private: **p,
                        actor_participates: participants[id].contains(&actor.user_id),
                    },
                )
            })
            .map(|(id, _)| *id)
            .collect();
        let listed: BTreeSet<IncidentId> = store
            .list_incidents(actor, &IncidentFilter::default(), None, 100)
            .await
            .unwrap()
            .items
            .iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(listed, expected, "list for {:?}", actor);
        for id in private.keys() {
            assert_eq!(
                store.incident(actor, *id).await.is_ok(),
                expected.contains(id),
                "read of {id} by {:?}",
                actor
            );
        }
        let replayed: BTreeSet<IncidentId> = store
            .events_since(actor, None, EventId::from_db(0), 10_000)
            .await
            .unwrap()
            .iter()
            .map(|e| e.record.incident_id)
            .collect();
        assert_eq!(replayed, expected, "replay for {:?}", actor);
    }
}

goldseam_testdb::on_both_databases!(list_queries_agree_with_the_core_rule);
