//! Rules matching incidents, what matching rules add up to, and their checks.

use super::*;
use crate::response::{plan, ResponsePlan};

fn tag(t: &str) -> Tag {
    Tag::parse("tag", t).unwrap()
}

fn teams(ids: &[i64]) -> Vec<TeamId> {
    ids.iter().copied().map(TeamId::from_db).collect()
}

fn numbers<I: crate::Id>(ids: impl IntoIterator<Item = I>) -> Vec<i64> {
    ids.into_iter().map(I::get).collect()
}

fn facts(t: &str, sev: &str, services: Vec<i64>, tags: Vec<&str>) -> IncidentFacts {
    IncidentFacts {
        incident_type: t.into(),
        severity: sev.into(),
        services: services.into_iter().map(ServiceId::from_db).collect(),
        tags: tags.into_iter().map(tag).collect(),
    }
}

fn security_rule() -> ResponseRule {
    ResponseRule {
        id: ResponseRuleId::from_db(1),
        name: "Security".into(),
        enabled: true,
        when: RuleConditions {
            types: vec!["security".into()],
            ..Default::default()
        },
        then: RuleActions {
            page_teams: teams(&[10]),
            inform_teams: teams(&[20, 30]),
            make_private: true,
            ..Default::default()
        },
    }
}

#[test]
fn a_security_incident_pages_security_informs_legal_and_pr_and_goes_private() {
    let catalog = Catalog::default();
    let p = plan(
        &[security_rule()],
        &facts("security", "SEV3", vec![], vec![]),
        &catalog,
    );
    assert_eq!(numbers(p.matched), vec![1]);
    assert_eq!(numbers(p.page_teams), vec![10]);
    assert_eq!(numbers(p.inform_teams), vec![20, 30]);
    assert!(p.make_private);
    assert_eq!(
        plan(
            &[security_rule()],
            &facts("outage", "SEV0", vec![], vec![]),
            &catalog
        ),
        ResponsePlan::default()
    );
}

#[test]
fn every_condition_must_hold_and_severity_means_at_or_above() {
    let catalog = Catalog::default();
    let rule = ResponseRule {
        id: ResponseRuleId::from_db(2),
        name: "Payments, serious".into(),
        enabled: true,
        when: RuleConditions {
            min_severity: Some("SEV2".into()),
            services: vec![5].into_iter().map(ServiceId::from_db).collect(),
            tags: vec![tag("payments"), tag("checkout")],
            ..Default::default()
        },
        then: RuleActions {
            responders: vec![UserId::from_db(7)],
            ..Default::default()
        },
    };
    assert!(rule.matches(
        &facts("outage", "SEV1", vec![5, 6], vec!["checkout"]),
        &catalog
    ));
    assert!(rule.matches(
        &facts("outage", "SEV2", vec![5], vec!["payments"]),
        &catalog
    ));
    assert!(
        !rule.matches(
            &facts("outage", "SEV3", vec![5], vec!["payments"]),
            &catalog
        ),
        "less severe"
    );
    assert!(
        !rule.matches(
            &facts("outage", "SEV1", vec![6], vec!["payments"]),
            &catalog
        ),
        "other service"
    );
    assert!(
        !rule.matches(&facts("outage", "SEV1", vec![5], vec!["search"]), &catalog),
        "other tag"
    );
    let off = ResponseRule {
        enabled: false,
        ..rule.clone()
    };
    assert!(!off.matches(
        &facts("outage", "SEV1", vec![5], vec!["payments"]),
        &catalog
    ));
    let gone = ResponseRule {
        when: RuleConditions {
            min_severity: Some("SEV9".into()),
            ..Default::default()
        },
        ..rule
    };
    assert!(
        !gone.matches(&facts("outage", "SEV0", vec![], vec![]), &catalog),
        "a deleted severity matches nothing"
    );
}

#[test]
fn matching_rules_add_up() {
    let catalog = Catalog::default();
    let everyone = ResponseRule {
        id: ResponseRuleId::from_db(3),
        name: "Always inform the exec channel".into(),
        enabled: true,
        when: RuleConditions::default(),
        then: RuleActions {
            inform_users: vec![UserId::from_db(99)],
            page_teams: teams(&[10]),
            ..Default::default()
        },
    };
    let p = plan(
        &[security_rule(), everyone],
        &facts("security", "SEV1", vec![], vec![]),
        &catalog,
    );
    assert_eq!(numbers(p.matched), vec![1, 3]);
    assert_eq!(p.page_teams.len(), 1, "team 10 once");
    assert_eq!(
        p.inform_users
            .into_iter()
            .map(UserId::get)
            .collect::<Vec<_>>(),
        vec![99]
    );
}

#[test]
fn pages_are_low_urgency_only_when_every_matching_rule_that_pages_says_low() {
    let catalog = Catalog::default();
    let low = |id, then: RuleActions| ResponseRule {
        id: ResponseRuleId::from_db(id),
        name: format!("rule {id}"),
        enabled: true,
        when: RuleConditions::default(),
        then: RuleActions {
            urgency: Urgency::Low,
            ..then
        },
    };
    let pages_low = low(
        1,
        RuleActions {
            page_teams: teams(&[10]),
            ..Default::default()
        },
    );
    let informs_low = low(
        2,
        RuleActions {
            inform_users: vec![UserId::from_db(5)],
            ..Default::default()
        },
    );
    let pages_high = ResponseRule {
        id: ResponseRuleId::from_db(3),
        then: RuleActions {
            responders: vec![UserId::from_db(7)],
            ..Default::default()
        },
        ..pages_low.clone()
    };
    let f = facts("outage", "SEV3", vec![], vec![]);
    let urgency = |rules: &[ResponseRule]| plan(rules, &f, &catalog).urgency;
    assert_eq!(urgency(std::slice::from_ref(&pages_low)), Urgency::Low);
    assert_eq!(
        urgency(&[pages_low.clone(), informs_low.clone()]),
        Urgency::Low
    );
    assert_eq!(urgency(&[pages_low, pages_high]), Urgency::High);
    assert_eq!(urgency(&[informs_low]), Urgency::High, "nothing pages");
    assert_eq!(urgency(&[]), Urgency::High);
}

#[test]
fn validation_names_unknown_keys_and_empty_rules() {
    let catalog = Catalog::default();
    let bad = ResponseRule {
        id: ResponseRuleId::from_db(0),
        name: " ".into(),
        enabled: true,
        when: RuleConditions {
            types: vec!["security".into(), "nope".into()],
            min_severity: Some("SEV9".into()),
            ..Default::default()
        },
        then: RuleActions::default(),
    };
    let fields: Vec<String> = bad
        .validate(&catalog)
        .into_iter()
        .map(|e| match e {
            DomainError::Invalid { field, .. } => field,
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(
        fields,
        ["name", "when.types[1]", "when.min_severity", "then"]
    );
    assert!(security_rule().validate(&catalog).is_empty());
}
