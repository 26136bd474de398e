//! The grouping rules, told as stories of alerts arriving.

use super::*;
use jiff::Timestamp;
use std::collections::BTreeMap;

pub(super) fn t(secs: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + secs).unwrap()
}

pub(super) fn alert(key: &str, status: AlertStatus, group: Option<&str>) -> AlertSignal {
    AlertSignal {
        dedup_key: key.into(),
        key_from: KeySource::Fingerprint,
        status,
        summary: "Disk almost full".into(),
        severity: AlertSeverity::Error,
        source: Some("db-1".into()),
        labels: BTreeMap::from([("alertname".to_string(), "DiskFull".to_string())]),
        annotations: BTreeMap::new(),
        links: Vec::new(),
        starts_at: None,
        ends_at: None,
        sender_group: group.map(str::to_owned),
    }
}

pub(super) struct Run {
    pub(super) book: Book,
    policy: AlertPolicy,
}

impl Run {
    pub(super) fn new(policy: AlertPolicy) -> Run {
        Run {
            book: Book::new(),
            policy,
        }
    }

    pub(super) fn send(&mut self, a: &AlertSignal, at: i64) -> Receipt {
        let route = self.policy.route_for(a).into_owned();
        let key = route.group_key(a);
        receive(&mut self.book, &self.policy, &route, &key, a, t(at))
    }

    pub(super) fn fire(&mut self, key: &str, at: i64) -> Receipt {
        self.send(
            &alert(
                key,
                AlertStatus::Firing,
                Some("{}:{alertname=\"DiskFull\"}"),
            ),
            at,
        )
    }

    pub(super) fn resolve(&mut self, key: &str, at: i64) -> Receipt {
        self.send(
            &alert(
                key,
                AlertStatus::Resolved,
                Some("{}:{alertname=\"DiskFull\"}"),
            ),
            at,
        )
    }

    fn group(&self, r: &Receipt) -> &GroupState {
        self.book.group(r.group.expect("a group")).expect("loaded")
    }
}

#[test]
fn two_alerts_with_one_summary_are_two_alerts_in_one_sender_group() {
    // GoAlert #4461 merged these because it keyed Alertmanager alerts by summary.
    let mut run = Run::new(AlertPolicy::default());
    let a = run.fire("fp-a", 0);
    let b = run.fire("fp-b", 1);
    assert_eq!((a.outcome, b.outcome), (Outcome::New, Outcome::New));
    assert_eq!(a.placement, Placement::Opened);
    assert_eq!(b.placement, Placement::Joined);
    assert_eq!(a.group, b.group);
    assert_eq!(a.effects, vec![Effect::Trigger]);
    assert_eq!(b.effects, vec![Effect::Joined]);
    let g = run.group(&b);
    assert_eq!((g.alerts, g.firing), (2, 2));
    assert!(run.book.alert("fp-a").is_some() && run.book.alert("fp-b").is_some());
}

#[test]
fn a_repeat_is_a_duplicate_and_a_changed_repeat_an_update() {
    let mut run = Run::new(AlertPolicy::default());
    run.fire("fp-a", 0);
    let again = run.fire("fp-a", 30);
    assert_eq!(again.outcome, Outcome::Duplicate);
    assert!(again.effects.is_empty());
    assert!(again.reason.contains("deduplicated"), "{}", again.reason);
    let mut changed = alert(
        "fp-a",
        AlertStatus::Firing,
        Some("{}:{alertname=\"DiskFull\"}"),
    );
    changed.annotations.insert("value".into(), "97%".into());
    assert_eq!(run.send(&changed, 60).outcome, Outcome::Updated);
    let g = run.group(&again);
    assert_eq!((g.alerts, g.firing, g.received), (1, 1, 3));
}

#[test]
fn a_group_resolves_when_all_its_alerts_have_by_default() {
    let mut run = Run::new(AlertPolicy::default());
    run.fire("fp-a", 0);
    run.fire("fp-b", 0);
    let first = run.resolve("fp-a", 10);
    assert!(first.effects.is_empty());
    assert_eq!(run.group(&first).status, GroupStatus::Open);
    let last = run.resolve("fp-b", 20);
    assert_eq!(last.effects, vec![Effect::Resolve]);
    assert_eq!(run.group(&last).status, GroupStatus::Resolved);
    assert_eq!(run.group(&last).resolved_at, Some(t(20)));
}

#[test]
fn first_and_last_and_never_resolve_policies() {
    for (policy, resolves_on_a, resolves_on_b) in [
        (ResolvePolicy::First, true, false),
        (ResolvePolicy::Last, false, true),
        (ResolvePolicy::Never, false, false),
    ] {
        let mut run = Run::new(AlertPolicy {
            resolve: policy,
            ..AlertPolicy::default()
        });
        run.fire("fp-a", 0);
        run.fire("fp-b", 1);
        let a = run.resolve("fp-a", 10);
        assert_eq!(
            a.effects.contains(&Effect::Resolve),
            resolves_on_a,
            "{policy:?}"
        );
        if !resolves_on_a {
            let b = run.resolve("fp-b", 11);
            assert_eq!(
                b.effects.contains(&Effect::Resolve),
                resolves_on_b,
                "{policy:?}"
            );
        }
    }
}

#[test]
fn repeats_of_an_alert_still_firing_after_a_first_policy_resolve_stay_quiet() {
    let mut run = Run::new(AlertPolicy {
        resolve: ResolvePolicy::First,
        ..AlertPolicy::default()
    });
    run.fire("fp-a", 0);
    run.fire("fp-b", 0);
    run.resolve("fp-a", 10);
    let repeat = run.fire("fp-b", 40);
    assert_eq!(repeat.outcome, Outcome::Duplicate);
    assert_eq!(run.group(&repeat).status, GroupStatus::Resolved);
}

#[test]
fn a_late_resolve_never_opens_a_group() {
    let mut run = Run::new(AlertPolicy::default());
    let r = run.resolve("fp-never-fired", 0);
    assert_eq!(r.outcome, Outcome::Ignored);
    assert_eq!(r.group, None);
    assert_eq!(run.book.changed_groups().count(), 0);
    assert!(r.reason.contains("never opens a group"), "{}", r.reason);
    // And a second resolve of a resolved alert changes nothing either.
    run.fire("fp-a", 0);
    run.resolve("fp-a", 5);
    let again = run.resolve("fp-a", 6);
    assert_eq!(again.outcome, Outcome::Ignored);
    assert!(again.effects.is_empty());
}

#[test]
fn a_refire_within_the_window_reopens_and_too_many_make_it_flap() {
    let mut run = Run::new(AlertPolicy::default());
    let opened = run.fire("fp-a", 0);
    let gid = opened.group;
    let mut pages = 0;
    for n in 1..=4 {
        run.resolve("fp-a", n * 100);
        let again = run.fire("fp-a", n * 100 + 60);
        assert_eq!(again.outcome, Outcome::Refired);
        assert_eq!(again.placement, Placement::Reopened);
        assert_eq!(again.group, gid, "the same group reopens");
        let g = run.group(&again);
        assert_eq!(g.alerts, 1, "still one distinct alert");
        assert_eq!(
            g.opened_at,
            t(n * 100 + 60),
            "opened_at says when it reopened"
        );
        if again.effects.contains(&Effect::Reopen { page: true }) {
            pages += 1;
        }
        if n >= 3 {
            assert!(run.group(&again).flapping);
            assert!(again.reason.contains("flapping"), "{}", again.reason);
            assert!(again.effects.contains(&Effect::Reopen { page: false }));
        }
    }
    assert_eq!(
        pages, 2,
        "flap_limit 3: the third reopening stops re-paging"
    );
}

#[test]
fn a_stale_firing_after_a_resolve_with_the_same_start_changes_nothing() {
    // Seen with two clustered Alertmanagers: firing, resolved, then the other peer's stale
    // firing (same fingerprint, same startsAt), then its resolved.
    let mut run = Run::new(AlertPolicy::default());
    let mut a = alert("fp-a", AlertStatus::Firing, Some("g"));
    a.starts_at = Some(t(-30));
    run.send(&a, 0);
    let mut resolved = a.clone();
    resolved.status = AlertStatus::Resolved;
    assert_eq!(run.send(&resolved, 5).effects, vec![Effect::Resolve]);
    let stale = run.send(&a, 6);
    assert_eq!(stale.outcome, Outcome::Ignored);
    assert!(stale.effects.is_empty());
    assert_eq!(run.send(&resolved, 7).outcome, Outcome::Ignored);
    // Alertmanager's starts have nanoseconds; the stored start has microseconds.
    let mut b = alert("fp-b", AlertStatus::Firing, Some("h"));
    b.starts_at = Some(t(-30) + jiff::SignedDuration::from_nanos(123_456_789));
    let mut stored = b.clone();
    stored.starts_at = Some(t(-30) + jiff::SignedDuration::from_micros(123_456));
    run.send(&stored, 0);
    let mut resolved_b = stored.clone();
    resolved_b.status = AlertStatus::Resolved;
    run.send(&resolved_b, 5);
    assert_eq!(run.send(&b, 6).outcome, Outcome::Ignored);
    // A real new fire starts anew.
    a.starts_at = Some(t(100));
    let again = run.send(&a, 100);
    assert_eq!(again.placement, Placement::Reopened);
}

#[test]
fn a_refire_after_the_window_opens_a_new_group() {
    let mut run = Run::new(AlertPolicy::default());
    let first = run.fire("fp-a", 0);
    run.resolve("fp-a", 10);
    let later = run.fire("fp-a", 10 + 601);
    assert_eq!(later.placement, Placement::Opened);
    assert_ne!(later.group, first.group);
    assert_eq!(later.effects, vec![Effect::Trigger]);
}

#[test]
fn beyond_the_storm_threshold_new_groups_fold_into_one_storm_group() {
    let mut run = Run::new(AlertPolicy::default());
    let mut triggers = 0;
    let mut storm = None;
    for n in 0..1000 {
        let a = alert(&format!("fp-{n}"), AlertStatus::Firing, None);
        let r = run.send(&a, n / 10);
        triggers += r.effects.iter().filter(|e| **e == Effect::Trigger).count();
        if n >= 10 {
            assert_eq!(r.placement, Placement::Storm, "alert {n}");
            storm = storm.or(r.group);
            assert_eq!(r.group, storm);
        }
    }
    assert_eq!(triggers, 11, "ten groups and one storm group act");
    let g = run.book.group(storm.unwrap()).unwrap();
    assert!(g.storm);
    assert_eq!(g.alerts, 990);
}

#[test]
fn storms_can_be_turned_off() {
    let mut run = Run::new(AlertPolicy {
        storm: StormPolicy {
            new_groups: 0,
            window_secs: 300,
        },
        ..AlertPolicy::default()
    });
    for n in 0..50 {
        let r = run.send(&alert(&format!("fp-{n}"), AlertStatus::Firing, None), 0);
        assert_eq!(r.placement, Placement::Opened);
    }
}

#[test]
fn a_threshold_route_acts_only_once_it_holds_enough_alerts_in_its_window() {
    let policy = AlertPolicy {
        routes: vec![Route {
            name: "noisy".into(),
            group_by: GroupBy::Fields(vec!["labels.alertname".into()]),
            after: Some(Threshold {
                alerts: 3,
                window_secs: 60,
            }),
            ..Route::default()
        }],
        ..AlertPolicy::default()
    };
    let mut run = Run::new(policy);
    assert!(run.fire("fp-1", 0).effects.is_empty());
    // The second comes too late to count with the first.
    let r = run.fire("fp-2", 100);
    assert!(r.reason.contains("waiting: 1 of the 3"), "{}", r.reason);
    assert!(run.fire("fp-3", 110).effects.is_empty());
    let third = run.fire("fp-4", 120);
    assert_eq!(third.effects, vec![Effect::Trigger]);
    assert_eq!(run.fire("fp-5", 130).effects, vec![Effect::Joined]);
}

#[test]
fn an_acknowledged_group_still_takes_new_alerts() {
    let mut run = Run::new(AlertPolicy::default());
    run.fire("fp-a", 0);
    let ack = run.send(
        &alert(
            "fp-a",
            AlertStatus::Acknowledged,
            Some("{}:{alertname=\"DiskFull\"}"),
        ),
        5,
    );
    assert_eq!(ack.outcome, Outcome::Acknowledged);
    assert_eq!(ack.effects, vec![Effect::Acknowledge]);
    assert_eq!(run.group(&ack).status, GroupStatus::Acknowledged);
    let b = run.fire("fp-b", 6);
    assert_eq!(b.placement, Placement::Joined);
    assert_eq!(b.group, ack.group);
}

#[test]
fn only_the_first_alerts_of_a_group_go_on_the_timeline() {
    let mut run = Run::new(AlertPolicy::default());
    let joined = (0..30)
        .map(|n| run.fire(&format!("fp-{n}"), 0))
        .filter(|r| r.effects.contains(&Effect::Joined))
        .count();
    assert_eq!(joined as u64, grouping::TIMELINE_ALERTS - 1);
}

#[test]
fn routes_match_in_order_and_group_by_fields() {
    let policy = AlertPolicy {
        routes: vec![
            Route {
                name: "db".into(),
                when: vec![Matcher {
                    field: "labels.team".into(),
                    op: MatchOp::Equals,
                    value: "db".into(),
                }],
                group_by: GroupBy::Fields(vec!["labels.cluster".into()]),
                ..Route::default()
            },
            Route {
                name: "rest".into(),
                ..Route::default()
            },
        ],
        ..AlertPolicy::default()
    };
    let mut a = alert("x", AlertStatus::Firing, None);
    a.labels.insert("team".into(), "db".into());
    a.labels.insert("cluster".into(), "eu-1".into());
    let route = policy.route_for(&a);
    assert_eq!(route.name, "db");
    assert_eq!(route.group_key(&a), "fields:labels.cluster=eu-1");
    a.labels.insert("team".into(), "web".into());
    assert_eq!(policy.route_for(&a).name, "rest");
    assert!(policy.problems().is_empty());
}

#[test]
fn bad_policies_name_their_fields() {
    let policy = AlertPolicy {
        routes: vec![
            Route {
                name: "".into(),
                when: vec![Matcher {
                    field: "colour".into(),
                    op: MatchOp::Equals,
                    value: "red".into(),
                }],
                ..Route::default()
            },
            Route::default(),
            Route::default(),
        ],
        reopen_window_secs: 999_999,
        ..AlertPolicy::default()
    };
    let fields: Vec<String> = policy.problems().into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "routes[0].name",
            "routes[0].when[0].field",
            "routes[2].name",
            "reopen_window_secs"
        ]
    );
}

#[test]
fn an_hour_without_reopening_ends_the_flapping() {
    let mut run = Run::new(AlertPolicy {
        reopen_window_secs: 7200,
        flap_limit: 2,
        ..AlertPolicy::default()
    });
    run.fire("fp-a", 0);
    run.resolve("fp-a", 10);
    run.fire("fp-a", 20);
    run.resolve("fp-a", 30);
    let flapping = run.fire("fp-a", 40);
    assert_eq!(flapping.effects, vec![Effect::Reopen { page: false }]);
    run.resolve("fp-a", 50);
    let later = run.fire("fp-a", 50 + 3700);
    assert_eq!(later.placement, Placement::Reopened);
    assert_eq!(later.effects, vec![Effect::Reopen { page: true }]);
    assert!(!run.group(&later).flapping);
}
