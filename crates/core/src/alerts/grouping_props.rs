//! The grouping rules' books, whatever order alerts arrive in (a property test).

use super::grouping_tests::{alert, Run};
use super::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Fire(u8),
    Resolve(u8),
    Ack(u8),
    Wait(u16),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..6).prop_map(Step::Fire),
        (0u8..6).prop_map(Step::Resolve),
        (0u8..6).prop_map(Step::Ack),
        (0u16..900).prop_map(Step::Wait),
    ]
}

proptest! {
    /// Whatever order alerts arrive in: each group's firing count is the number of its alerts
    /// firing or acknowledged, no two open groups share a route and key, and only a fire ever
    /// makes a group.
    #[test]
    fn grouping_keeps_its_books(steps in proptest::collection::vec(step(), 1..120), resolve in 0usize..4) {
        let resolve = [ResolvePolicy::All, ResolvePolicy::First, ResolvePolicy::Last, ResolvePolicy::Never][resolve];
        let mut run = Run::new(AlertPolicy { resolve, ..AlertPolicy::default() });
        let mut now = 0i64;
        for s in steps {
            let groups_before = run.book.changed_groups().count();
            let r = match s {
                Step::Fire(k) => Some(run.fire(&format!("k{}", k % 3), now)),
                Step::Resolve(k) => Some(run.resolve(&format!("k{}", k % 3), now)),
                Step::Ack(k) => Some(run.send(&alert(&format!("k{}", k % 3), AlertStatus::Acknowledged, Some("g")), now)),
                Step::Wait(s) => { now += i64::from(s); None }
            };
            if let (Some(r), Step::Resolve(_) | Step::Ack(_)) = (&r, &s) {
                prop_assert!(r.effects.iter().all(|e| *e != Effect::Trigger));
                // Every group here was made in this book, so this counts all of them.
                prop_assert_eq!(run.book.changed_groups().count(), groups_before, "a resolve or ack made a group");
            }
            let mut open = std::collections::HashSet::new();
            for g in run.book.changed_groups() {
                if g.is_open() && !g.storm {
                    prop_assert!(open.insert((g.route.clone(), g.key.clone())), "two open groups for {:?}", g.key);
                }
                if resolve == ResolvePolicy::All {
                    let live = (0..3).filter_map(|k| run.book.alert(&format!("k{k}")))
                        .filter(|a| a.group == Some(g.id) && a.status != AlertStatus::Resolved)
                        .count() as u64;
                    prop_assert_eq!(g.firing, live, "group {}", g.id);
                }
            }
        }
    }
}
