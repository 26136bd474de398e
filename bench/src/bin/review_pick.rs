//! The review-slot budget (DESIGN.md): picking a slot for 20 attendees over 10 business days
//! once calendars are fetched (p99 < 50 ms), and fetching 20 calendars in parallel within one
//! bound. Run by `make bench-reviews`; prints a Markdown section for bench/RESULTS.md.
//!
//! The fetch part reads a real Radicale (from PyPI, as the tests do) once, then 20 times at once
//! (all 20 on the one Radicale process, which answers one request at a time: the worst case for
//! the parallel read), then the same with one calendar that never answers, to show the bound.

use goldseam_core::review::{bench_request, pick};
use goldseam_integrations::calendars::{CalendarSource, Calendars};
use goldseam_integrations::Secret;
use goldseam_testdb::caldav::Radicale;
use jiff::tz::TimeZone;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "n={}, p50 {}, p99 {}, max {}",
        samples.len(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().expect("samples"))
    )
}

fn event(i: usize) -> String {
    let day = 2 + (i % 12);
    let hour = 8 + (i % 9);
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Goldseam bench//EN\r\nBEGIN:VEVENT\r\nUID:bench-{i}\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:202603{day:02}T{hour:02}0000Z\r\nDTEND:202603{day:02}T{hour:02}4500Z\r\nSUMMARY:meeting {i}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let request = bench_request();
    for _ in 0..50 {
        pick(&request).expect("the bench case picks");
    }
    let picks: Vec<Duration> = (0..2000)
        .map(|_| {
            let start = Instant::now();
            let proposal = pick(&request).expect("the bench case picks");
            let took = start.elapsed();
            assert!(proposal.best.is_some());
            took
        })
        .collect();

    let radicale = Radicale::start();
    let seeded: Vec<String> = (0..60).map(event).collect();
    let refs: Vec<&str> = seeded.iter().map(String::as_str).collect();
    radicale.seed("work", &refs);
    let source = CalendarSource::CalDav {
        url: radicale.url(),
        username: Radicale::USER.into(),
        password: Secret::new(Radicale::PASSWORD),
    };
    // The server's default bound (the delivery timeout).
    let bound = Duration::from_secs(10);
    let calendars = Calendars::new(bound);
    let from = "2026-03-02T00:00:00Z".parse().expect("instant");
    let until = "2026-03-16T00:00:00Z".parse().expect("instant");
    let utc = TimeZone::UTC;
    let twenty = || {
        (0..20)
            .map(|_| (source.clone(), utc.clone()))
            .collect::<Vec<_>>()
    };
    let mut singles = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        calendars
            .free_busy(&source, from, until, &utc)
            .await
            .expect("one read");
        singles.push(start.elapsed());
    }
    let mut fetches = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        let reads = calendars.free_busy_many(twenty(), from, until).await;
        fetches.push(start.elapsed());
        assert!(
            reads.iter().all(Result::is_ok),
            "{:?}",
            reads.iter().find(|r| r.is_err())
        );
    }
    // One calendar that accepts the connection and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let silent_url = format!("http://{}/", silent.local_addr().expect("addr"));
    let mut with_silent = twenty();
    with_silent[7].0 = CalendarSource::CalDav {
        url: silent_url,
        username: "x".into(),
        password: Secret::new("x"),
    };
    let start = Instant::now();
    let reads = calendars.free_busy_many(with_silent, from, until).await;
    let bounded = start.elapsed();
    let failed = reads.iter().filter(|r| r.is_err()).count();

    println!("## Review meetings (issue 15): slot picking and calendar fetching\n");
    println!("Command: `make bench-reviews` (`goldseam-bench`'s `review_pick`, release build), commit {}.", std::env::var("GIT_COMMIT").unwrap_or_else(|_| "unknown".into()));
    println!(
        "Budget: picking for 20 attendees over 10 business days, calendars fetched, p99 < 50 ms.\n"
    );
    println!("```");
    println!(
        "pick (20 attendees, 8 required, 9 zones, 10 business days, 60 min): {}",
        summary(picks)
    );
    println!(
        "fetch 1 calendar (Radicale on loopback, 60 events: discovery + free-busy REPORT): {}",
        summary(singles)
    );
    println!(
        "fetch 20 calendars at once (all on that one Radicale process): {}",
        summary(fetches)
    );
    println!(
        "fetch 20 with one that never answers (bound {} s): {} for all, {} reported unknown",
        bound.as_secs(),
        ms(bounded),
        failed
    );
    println!("```");
    drop(silent);
}
