//! Escalation policies, response rules and the incident-manager setting on both databases.

mod common;

use common::open;
use goldseam_core::response::{
    EscalationLevel, EscalationPolicy, ResponseRule, RuleActions, RuleConditions, Target,
};
use goldseam_core::{EscalationPolicyId, ResponseRuleId, ScheduleId, TeamId, UserId};
use goldseam_store::response::IncidentManagerSetting;
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;

fn policy(name: &str, targets: Vec<Target>) -> EscalationPolicy {
    EscalationPolicy {
        id: EscalationPolicyId::UNSAVED,
        name: name.into(),
        levels: vec![
            EscalationLevel {
                delay: SignedDuration::ZERO,
                targets,
            },
            EscalationLevel {
                delay: SignedDuration::from_mins(5),
                targets: vec![Target::User(UserId::from_db(1))],
            },
        ],
        repeat: 2,
        repeat_after: SignedDuration::from_mins(15),
    }
}

async fn policies_are_saved_whole_with_unique_names_and_no_loops(db: TestDb) {
    let store = open(&db).await;
    let a = store
        .save_escalation_policy(&policy(
            "Payments",
            vec![Target::Schedule(ScheduleId::from_db(3))],
        ))
        .await
        .unwrap();
    assert!(a.id.get() > 0);
    assert_eq!(store.escalation_policy(a.id).await.unwrap(), a);
    assert_eq!(a.levels[1].delay, SignedDuration::from_mins(5));
    let dup = store
        .save_escalation_policy(&policy("payments ", vec![Target::User(UserId::from_db(2))]))
        .await
        .unwrap_err();
    assert!(
        matches!(&dup, StoreError::NameTaken { .. }) && dup.to_string().contains("already exists"),
        "{dup}"
    );

    let b = store
        .save_escalation_policy(&policy("Platform", vec![Target::Policy(a.id)]))
        .await
        .unwrap();
    // a → b while b → a would loop; nothing is saved.
    let looping = EscalationPolicy {
        levels: vec![EscalationLevel {
            delay: SignedDuration::ZERO,
            targets: vec![Target::Policy(b.id)],
        }],
        ..a.clone()
    };
    let err = store.save_escalation_policy(&looping).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::HandoverLoop { .. })
            && err.to_string().contains("Payments → Platform → Payments"),
        "{err}"
    );
    assert_eq!(store.escalation_policy(a.id).await.unwrap(), a);

    let refused = store.delete_escalation_policy(a.id).await.unwrap_err();
    assert!(
        matches!(&refused, StoreError::PolicyHandedOverTo { .. })
            && refused.to_string().contains("Platform"),
        "{refused}"
    );
    store.delete_escalation_policy(b.id).await.unwrap();
    store.delete_escalation_policy(a.id).await.unwrap();
    assert!(matches!(
        store.escalation_policy(a.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.escalation_policies().await.unwrap().is_empty());
}

async fn rules_keep_their_order_and_the_setting_round_trips(db: TestDb) {
    let store = open(&db).await;
    let rule = |name: &str| ResponseRule {
        id: ResponseRuleId::UNSAVED,
        name: name.into(),
        enabled: true,
        when: RuleConditions {
            types: vec!["security".into()],
            ..Default::default()
        },
        then: RuleActions {
            page_teams: vec![TeamId::from_db(1)],
            make_private: true,
            ..Default::default()
        },
    };
    let first = store.save_response_rule(&rule("Security")).await.unwrap();
    let second = store.save_response_rule(&rule("Legal")).await.unwrap();
    let edited = store
        .save_response_rule(&ResponseRule {
            enabled: false,
            ..first.clone()
        })
        .await
        .unwrap();
    assert!(!edited.enabled);
    let names: Vec<String> = store
        .response_rules()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    // After the rule every installation starts with.
    assert_eq!(
        names,
        [
            "Security incidents page Security, inform Legal and PR",
            "Security",
            "Legal"
        ]
    );
    store.delete_response_rule(second.id).await.unwrap();
    assert!(matches!(
        store.delete_response_rule(second.id).await,
        Err(StoreError::NotFound(_))
    ));

    assert_eq!(store.incident_manager_setting().await.unwrap(), None);
    let s = IncidentManagerSetting {
        schedule_id: ScheduleId::from_db(4),
        min_severity: "SEV1".into(),
    };
    store.set_incident_manager_setting(Some(&s)).await.unwrap();
    let s2 = IncidentManagerSetting {
        schedule_id: ScheduleId::from_db(5),
        min_severity: "SEV2".into(),
    };
    store.set_incident_manager_setting(Some(&s2)).await.unwrap();
    assert_eq!(store.incident_manager_setting().await.unwrap(), Some(s2));
    store.set_incident_manager_setting(None).await.unwrap();
    assert_eq!(store.incident_manager_setting().await.unwrap(), None);
}

async fn what_declarations_decide_from_follows_every_change(db: TestDb) {
    let store = open(&db).await;
    let first = store.response_config().await.unwrap();
    assert_eq!(first.rules.len(), 1, "the starter rule");
    assert_eq!(first.manager, None);
    let again = store.response_config().await.unwrap();
    if db.url.starts_with("sqlite") {
        // (On PostgreSQL a change in another test's schema clears the copy too: the
        // notification channel is database-wide.)
        assert!(std::sync::Arc::ptr_eq(&first, &again), "kept in memory");
    }
    let s = IncidentManagerSetting {
        schedule_id: ScheduleId::from_db(4),
        min_severity: "SEV1".into(),
    };
    store.set_incident_manager_setting(Some(&s)).await.unwrap();
    assert_eq!(store.response_config().await.unwrap().manager, Some(s));
    let mut rule = first.rules[0].clone();
    rule.enabled = false;
    store.save_response_rule(&rule).await.unwrap();
    assert!(!store.response_config().await.unwrap().rules[0].enabled);
    store.delete_response_rule(rule.id).await.unwrap();
    assert!(store.response_config().await.unwrap().rules.is_empty());
}

async fn a_rule_changed_on_one_instance_reaches_the_others(db: TestDb) {
    let store = open(&db).await;
    // On PostgreSQL a second store, with connections of its own, stands for another instance;
    // SQLite has one process.
    let other = if db.url.starts_with("sqlite") {
        store.clone()
    } else {
        open(&db).await
    };
    let kept = other.response_config().await.unwrap();
    assert!(kept.rules[0].enabled, "the starter rule");
    let mut rule = kept.rules[0].clone();
    rule.enabled = false;
    store.save_response_rule(&rule).await.unwrap();
    // Well before the other instance would stop trusting its copy on its own.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    while other.response_config().await.unwrap().rules[0].enabled {
        assert!(
            std::time::Instant::now() < deadline,
            "the other instance still decides from the rule as it was"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    store.delete_response_rule(rule.id).await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    while !other.response_config().await.unwrap().rules.is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the other instance still has a deleted rule"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

goldseam_testdb::on_both_databases!(
    policies_are_saved_whole_with_unique_names_and_no_loops,
    rules_keep_their_order_and_the_setting_round_trips,
    what_declarations_decide_from_follows_every_change,
    a_rule_changed_on_one_instance_reaches_the_others
);
