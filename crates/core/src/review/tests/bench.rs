//! The benchmark's case runs, and (in release, on request) meets its budget.

use super::*;
use std::time::Instant;

#[test]
fn the_bench_case_books_a_slot() {
    let request = bench_request();
    assert_eq!(request.attendees.len(), 20);
    let p = pick(&request).unwrap();
    let slot = p.best.as_ref().expect("a slot for everyone required");
    assert!(slot.start >= request.window.from && slot.end <= request.window.until);
    for a in &slot.attendees {
        if a.attendance == Attendance::Required {
            assert!(
                matches!(
                    a.status,
                    SlotStatus::Free | SlotStatus::Tentative | SlotStatus::Unknown
                ),
                "{a:?}"
            );
        }
    }
    assert_eq!(p.unconfirmed.len(), 1);
    assert_eq!(p.alternatives.len(), 3);
}

/// `cargo test --release -p goldseam-core review::tests::bench -- --ignored --nocapture`
/// p50 and p99 of `runs` picks, in microseconds.
fn percentiles(request: &PickRequest, runs: usize) -> (u128, u128) {
    let mut times: Vec<u128> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(pick(std::hint::black_box(request)).unwrap());
            t.elapsed().as_micros()
        })
        .collect();
    times.sort_unstable();
    (times[runs / 2], times[runs * 99 / 100 - 1])
}

/// `cargo test --release -p goldseam-core --lib review::tests::bench -- --ignored --nocapture`
#[test]
#[ignore = "a timing check: run in release"]
fn the_bench_case_takes_under_50_ms_at_p99() {
    let request = bench_request();
    let (p50, p99) = percentiles(&request, 300);
    println!("pick, 20 attendees, 10 business days: p50 {p50} µs, p99 {p99} µs");
    assert!(p99 < 50_000, "p99 {p99} µs");
    // Everyone required: no slot, so every start is scored as a miss too.
    let mut all = request;
    for a in &mut all.attendees {
        a.attendance = Attendance::Required;
    }
    let (p50, p99) = percentiles(&all, 300);
    println!("the same, everyone required (nearest misses): p50 {p50} µs, p99 {p99} µs");
    assert!(p99 < 50_000, "p99 {p99} µs");
}
