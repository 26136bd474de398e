//! The Alertmanager harness works: a single Alertmanager notifies a webhook of a firing alert
//! and of its resolution; a two-peer cluster notifies once between them. The timings printed
//! (run with `--nocapture`) are what tests built on the harness should allow for.

use goldseam_testdb::alertmanager::{Alertmanager, Receivers, Recorded, Recorder, TestAlert};
use std::time::{Duration, Instant};

/// Generous next to the ~0.5 s (firing) and <= 1 s (resolved) seen, for loaded machines.
const WAIT: Duration = Duration::from_secs(15);

fn statuses(seen: &[Recorded]) -> Vec<String> {
    seen.iter()
        .map(|r| r.json()["status"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Which Alertmanager sent each notification, and when after `since`.
fn senders(seen: &[Recorded], since: Instant) -> Vec<String> {
    seen.iter()
        .map(|r| {
            let body = r.json();
            format!(
                "{} {} +{:?}",
                body["status"].as_str().unwrap_or(""),
                body["externalURL"].as_str().unwrap_or(""),
                r.at.saturating_duration_since(since)
            )
        })
        .collect()
}

fn disk_full() -> TestAlert {
    TestAlert::new(&[
        ("alertname", "DiskFull"),
        ("instance", "db-1:9100"),
        ("severity", "critical"),
    ])
    .annotation("summary", "Disk almost full on db-1")
}

#[test]
fn a_single_alertmanager_notifies_the_firing_and_the_resolved_alert() {
    let hook = Recorder::start();
    let am = Alertmanager::start(&Receivers::new().webhook(&format!("{}/hook", hook.url())));

    let posted = Instant::now();
    am.post_alerts(&[disk_full()]);
    let seen = hook.wait_for(1, WAIT);
    eprintln!("post -> firing webhook: {:?}", seen[0].at - posted);
    let firing = seen[0].json();
    assert_eq!(seen[0].path, "/hook");
    assert_eq!(firing["status"], "firing");
    assert_eq!(firing["receiver"], "goldseam");
    assert_eq!(firing["externalURL"], am.url());
    assert_eq!(firing["alerts"][0]["labels"]["instance"], "db-1:9100");
    assert_eq!(
        firing["alerts"][0]["annotations"]["summary"],
        "Disk almost full on db-1"
    );

    let resolved_at = Instant::now();
    am.post_alerts(&[disk_full().resolved()]);
    let seen = hook.wait_for(2, WAIT);
    eprintln!(
        "resolve -> resolved webhook: {:?}",
        seen[1].at - resolved_at
    );
    let resolved = seen[1].json();
    assert_eq!(resolved["status"], "resolved");
    let alert = &resolved["alerts"][0];
    assert_eq!(alert["status"], "resolved");
    assert_eq!(
        alert["fingerprint"], firing["alerts"][0]["fingerprint"],
        "the same alert, resolved"
    );
    assert_eq!(
        alert["startsAt"], firing["alerts"][0]["startsAt"],
        "it started when it first fired"
    );
    assert_ne!(alert["endsAt"], "0001-01-01T00:00:00Z");
    assert_eq!(statuses(&hook.requests()), ["firing", "resolved"]);
}

#[test]
fn a_two_peer_cluster_notifies_once_and_ends_resolved() {
    let hook = Recorder::start();
    let receivers = Receivers::new().webhook(&format!("{}/hook", hook.url()));
    let started = Instant::now();
    let cluster = Alertmanager::cluster(2, &receivers);
    eprintln!("cluster of 2 settled in {:?}", started.elapsed());
    // The second peer's wait (group_interval + 1 s) and a flush more, with room to spare.
    let settle = Duration::from_millis(3500);

    let posted = Instant::now();
    cluster.post_alerts(&[disk_full()]);
    let seen = hook.wait_for(1, WAIT);
    eprintln!("post -> firing webhook: {:?}", seen[0].at - posted);
    // The other peer finds the first one's notification in the gossiped log and stays quiet.
    let seen = hook.wait_quiet(settle, WAIT);
    eprintln!("firing: {:?}", senders(&seen, posted));
    assert_eq!(
        statuses(&seen),
        ["firing"],
        "one notification from the pair"
    );

    let resolved_at = Instant::now();
    cluster.post_alerts(&[disk_full().resolved()]);
    let seen = hook.wait_for(2, WAIT);
    eprintln!(
        "resolve -> resolved webhook: {:?}",
        seen[1].at - resolved_at
    );
    let seen = hook.wait_quiet(settle, WAIT);
    eprintln!("after the resolve: {:?}", senders(&seen[1..], resolved_at));
    let statuses = statuses(&seen);
    assert_eq!(statuses[..2], ["firing", "resolved"]);
    // Usually that is all; sometimes the other peer sends a stale "firing" and its own
    // "resolved" after (see Alertmanager::cluster). Either way the receiver ends resolved.
    assert_eq!(statuses.last().map(String::as_str), Some("resolved"));
    assert!(statuses.len() <= 4, "{statuses:?}");
}
