use super::*;
use crate::{Catalog, DomainError, UserId};
use jiff::civil::date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn fields(errors: Vec<DomainError>) -> Vec<String> {
    errors
        .into_iter()
        .map(|e| match e {
            DomainError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn business_days_skip_weekends_in_the_owners_zone() {
    let berlin = TimeZone::get("Europe/Berlin").unwrap();
    // Friday 2026-12-04 23:30 in Berlin is Friday 22:30 UTC; two business days: Tuesday.
    let friday_night = at("2026-12-04T22:30:00Z");
    assert_eq!(
        add_business_days(friday_night, &berlin, 2),
        date(2026, 12, 8)
    );
    // The same instant in Tokyo is already Saturday: counting starts on Monday.
    let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
    assert_eq!(
        add_business_days(friday_night, &tokyo, 2),
        date(2026, 12, 9)
    );
    assert_eq!(
        add_business_days(friday_night, &berlin, 0),
        date(2026, 12, 4)
    );
    assert_eq!(
        add_business_days(at("2026-12-05T10:00:00Z"), &berlin, 1),
        date(2026, 12, 8)
    );
}

#[test]
fn the_default_asks_serious_incidents_for_the_whole_flow_and_checks_pass() {
    let catalog = Catalog::default();
    let policy = default_learning_policy(&catalog);
    assert_eq!(
        validate_learning_policy(&policy, &catalog),
        Ok(policy.clone())
    );
    let rule = policy
        .rule_for("SEV1", "other")
        .expect("SEV1 owes a postmortem");
    assert_eq!(
        rule.steps.iter().map(|s| s.step).collect::<Vec<_>>(),
        [
            Step::Drafted,
            Step::Reviewed,
            Step::FollowUpsCommitted,
            Step::Published,
            Step::Distributed
        ]
    );
    assert!(
        policy.rule_for("SEV4", "other").is_none(),
        "minor incidents owe nothing"
    );
}

#[test]
fn every_problem_with_a_policy_is_named() {
    let catalog = Catalog::default();
    let step = |step, role: &str, days| StepRule {
        step,
        owner_role: role.into(),
        due_business_days: days,
    };
    let bad = LearningPolicy {
        rules: vec![
            LearningRule {
                name: " ".into(),
                severities: vec!["SEV9".into()],
                types: vec![],
                steps: vec![
                    step(Step::Drafted, "incident_manager", 0),
                    step(Step::Drafted, "wizard", 3),
                ],
            },
            LearningRule {
                name: "Empty".into(),
                severities: vec![],
                types: vec!["nope".into()],
                steps: vec![],
            },
        ],
    };
    assert_eq!(
        fields(validate_learning_policy(&bad, &catalog).unwrap_err()),
        [
            "rules[0].name",
            "rules[0].severities[0]",
            "rules[0].steps[0].due_business_days",
            "rules[0].steps[1].step",
            "rules[0].steps[1].owner_role",
            "rules[1].types[0]",
            "rules[1].steps",
        ]
    );
    assert!(Step::parse("step", "published").is_ok());
    assert!(Step::parse("step", "lunch").is_err());
}

#[test]
fn steps_are_done_by_events_overdue_by_their_owners_day_and_block_closing_until_waived() {
    let berlin = TimeZone::get("Europe/Berlin").unwrap();
    let policy = default_learning_policy(&Catalog::default());
    let steps = &policy.rules[0].steps;
    let ana = UserId::from_db(7);
    let owner = |_: &str| StepOwner {
        user_id: Some(ana),
        zone: berlin.clone(),
    };
    let mut facts = LearningFacts {
        resolved_at: Some(at("2026-12-01T10:00:00Z")),
        ..Default::default()
    };
    facts.done.insert(Step::Drafted, at("2026-12-02T09:00:00Z"));
    // Tuesday resolution: drafted due Friday 4th, reviewed/follow-ups due Tuesday 8th.
    let now = at("2026-12-08T23:30:00Z"); // already Wednesday 9th in Berlin
    let list = checklist(steps, &facts, owner, now);
    assert_eq!(list[0].done_at, Some(at("2026-12-02T09:00:00Z")));
    assert!(!list[0].overdue, "done is never overdue");
    assert_eq!(list[1].due_on, Some(date(2026, 12, 8)));
    assert!(list[1].overdue);
    assert_eq!(list[3].due_on, Some(date(2026, 12, 10)));
    assert!(!list[3].overdue);
    assert_eq!(list[1].owner, Some(ana));
    assert_eq!(
        close_blockers(&list),
        [
            Step::Reviewed,
            Step::FollowUpsCommitted,
            Step::Published,
            Step::Distributed
        ]
    );
    let refusal = close_refusal(&close_blockers(&list[..2]));
    assert_eq!(
        refusal,
        DomainError::Conflict("the incident still owes a step: Postmortem reviewed; finish it or ask an admin to waive it with a reason".into())
    );

    // Waivers: admins only, only owed, open steps, once.
    assert!(matches!(
        check_waiver(&list, Step::Reviewed, false),
        Err(DomainError::Forbidden(_))
    ));
    assert!(
        matches!(check_waiver(&list, Step::MeetingHeld, true), Err(DomainError::Invalid { ref field, .. }) if field == "step")
    );
    assert!(matches!(
        check_waiver(&list, Step::Drafted, true),
        Err(DomainError::Conflict(_))
    ));
    assert_eq!(check_waiver(&list, Step::Reviewed, true), Ok(()));
    facts.waived.insert(
        Step::Reviewed,
        Waiver {
            by: Some(ana),
            reason: "reviewed in the weekly meeting".into(),
            at: now,
        },
    );
    let list = checklist(
        steps,
        &facts,
        |_: &str| StepOwner {
            user_id: None,
            zone: TimeZone::UTC,
        },
        now,
    );
    assert!(!list[1].overdue && list[1].settled());
    assert!(
        matches!(check_waiver(&list, Step::Reviewed, true), Err(DomainError::Conflict(ref m)) if m.contains("waived already"))
    );
    assert!(!close_blockers(&list).contains(&Step::Reviewed));

    // Not resolved yet: nothing is due.
    let fresh = checklist(
        steps,
        &LearningFacts::default(),
        |_: &str| StepOwner {
            user_id: None,
            zone: TimeZone::UTC,
        },
        now,
    );
    assert!(fresh.iter().all(|s| s.due_on.is_none() && !s.overdue));
}

#[test]
fn feedback_is_checked_and_summed_up_without_names() {
    assert!(Feedback::parse(0, None).is_err());
    assert_eq!(
        fields(Feedback::parse(6, Some(&"x".repeat(2_001))).unwrap_err()),
        ["score", "comment"]
    );
    assert_eq!(
        Feedback::parse(4, Some("  ")).unwrap(),
        Feedback {
            score: 4,
            comment: None
        }
    );
    let s = summarize([
        (
            5,
            Some("Calm and quick".to_string()),
            at("2026-12-01T10:00:00Z"),
        ),
        (
            2,
            Some("Paged too late".to_string()),
            at("2026-12-02T10:00:00Z"),
        ),
        (5, None, at("2026-12-03T10:00:00Z")),
    ]);
    assert_eq!((s.responses, s.scores), (3, [0, 1, 0, 0, 2]));
    assert_eq!(s.average, Some(4.0));
    assert_eq!(s.comments, ["Paged too late", "Calm and quick"]);
    assert_eq!(summarize([]).average, None);
}
