//! Calendars against real servers started here: Radicale (htpasswd; free/busy by REPORT) and
//! Xandikos (scheduling outbox and inbox, availability), seeded by the Python `caldav`
//! package; plus a server that never answers and a tiny one serving feeds.

use goldseam_core::people::profile::weekday_name;
use goldseam_core::review::BusyPeriod;
use goldseam_integrations::calendars::*;
use goldseam_integrations::Secret;
use goldseam_testdb::caldav::{Radicale, Xandikos};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);
const FROM: &str = "2026-03-09T00:00:00Z";
const UNTIL: &str = "2026-03-14T00:00:00Z";

const BERLIN: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";

fn event(body: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Goldseam tests//EN\r\n{body}END:VCALENDAR\r\n"
    )
}

fn simple(uid: &str, start: &str, end: &str, extra: &str) -> String {
    event(&format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{uid}\r\n{extra}END:VEVENT\r\n"))
}

/// Busy, tentative, transparent, cancelled, and a daily stand-up at 09:00 Berlin with one day
/// excluded and one moved to 15:00.
fn seeded() -> Vec<String> {
    let standup = event(&format!("{BERLIN}BEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260309T090000\r\nDTEND;TZID=Europe/Berlin:20260309T093000\r\nRRULE:FREQ=DAILY;COUNT=5\r\nEXDATE;TZID=Europe/Berlin:20260311T090000\r\nSUMMARY:stand-up\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20260301T000000Z\r\nRECURRENCE-ID;TZID=Europe/Berlin:20260312T090000\r\nDTSTART;TZID=Europe/Berlin:20260312T150000\r\nDTEND;TZID=Europe/Berlin:20260312T153000\r\nSUMMARY:stand-up, moved\r\nEND:VEVENT\r\n"));
    vec![
        simple("busy", "20260310T100000Z", "20260310T110000Z", ""),
        simple(
            "tentative",
            "20260310T120000Z",
            "20260310T130000Z",
            "STATUS:TENTATIVE\r\n",
        ),
        simple(
            "transparent",
            "20260310T140000Z",
            "20260310T150000Z",
            "TRANSP:TRANSPARENT\r\n",
        ),
        simple(
            "cancelled",
            "20260310T160000Z",
            "20260310T170000Z",
            "STATUS:CANCELLED\r\n",
        ),
        standup,
    ]
}

fn expected() -> Vec<String> {
    [
        "Busy 2026-03-09T08:00:00Z..2026-03-09T08:30:00Z",
        "Busy 2026-03-10T08:00:00Z..2026-03-10T08:30:00Z",
        "Busy 2026-03-10T10:00:00Z..2026-03-10T11:00:00Z",
        "Tentative 2026-03-10T12:00:00Z..2026-03-10T13:00:00Z",
        "Busy 2026-03-12T14:00:00Z..2026-03-12T14:30:00Z",
        "Busy 2026-03-13T08:00:00Z..2026-03-13T08:30:00Z",
    ]
    .map(String::from)
    .to_vec()
}

fn show(v: &[BusyPeriod]) -> Vec<String> {
    v.iter()
        .map(|p| format!("{:?} {}..{}", p.kind, p.start, p.end))
        .collect()
}

fn window() -> (Timestamp, Timestamp) {
    (FROM.parse().unwrap(), UNTIL.parse().unwrap())
}

fn radicale_source(r: &Radicale, password: &str) -> CalendarSource {
    CalendarSource::CalDav {
        url: r.url(),
        username: Radicale::USER.into(),
        password: Secret::new(password),
    }
}

fn xandikos_source(x: &Xandikos) -> CalendarSource {
    CalendarSource::CalDav {
        url: x.url(),
        username: "alice".into(),
        password: Secret::new("unused"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn radicale_answers_free_busy_by_report_equal_to_the_seeded_events() {
    let radicale = Radicale::start();
    let events = seeded();
    radicale.seed(
        "work",
        &events.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let source = radicale_source(&radicale, Radicale::PASSWORD);
    let calendars = Calendars::new(TIMEOUT);
    let Discovery::CalDav(account) = calendars.check(&source).await.unwrap() else {
        panic!("a CalDAV account");
    };
    assert_eq!(account.calendars.len(), 1);
    assert_eq!(account.calendars[0].name.as_deref(), Some("work"));
    assert_eq!(
        account.outbox, None,
        "Radicale offers no RFC 6638 scheduling"
    );

    let (from, until) = window();
    let fb = calendars
        .free_busy(&source, from, until, &TimeZone::UTC)
        .await
        .unwrap();
    assert_eq!(fb.via, BusyVia::FreeBusyReport);
    assert_eq!(show(&fb.periods), expected());
    // The same events read by Goldseam itself (calendar-query) give the same set.
    let own = calendars
        .busy_from_events(&source, from, until, &TimeZone::UTC)
        .await
        .unwrap();
    assert_eq!(show(&own.periods), expected());
    assert!(own.skipped.is_empty(), "{:?}", own.skipped);
    assert_eq!(calendars.availability(&source).await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn radicale_refuses_a_wrong_password_and_finds_no_calendar_with_specific_errors() {
    let radicale = Radicale::start();
    let source = radicale_source(&radicale, "wrong");
    let err = Calendars::new(TIMEOUT).check(&source).await.unwrap_err();
    assert_eq!(err, CalendarError::Refused { status: 401 });
    assert_eq!(
        err.to_string(),
        "the server refused the user name or app password (401)"
    );
    assert!(
        !format!("{source:?}").contains("wrong"),
        "password redacted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xandikos_answers_through_the_outbox_and_publishes_availability() {
    let xandikos = Xandikos::start();
    let events = seeded();
    xandikos.seed(&events.iter().map(String::as_str).collect::<Vec<_>>());
    let source = xandikos_source(&xandikos);
    let calendars = Calendars::new(TIMEOUT);
    let Discovery::CalDav(account) = calendars.check(&source).await.unwrap() else {
        panic!("a CalDAV account");
    };
    assert!(account.outbox.is_some() && account.inbox.is_some());
    assert_eq!(
        account.own_address(),
        Some(format!("mailto:{}", Xandikos::EMAIL).as_str())
    );

    let (from, until) = window();
    let fb = calendars
        .free_busy(&source, from, until, &TimeZone::UTC)
        .await
        .unwrap();
    assert_eq!(fb.via, BusyVia::Outbox);
    assert_eq!(show(&fb.periods), expected());
    let own = calendars
        .busy_from_events(&source, from, until, &TimeZone::UTC)
        .await
        .unwrap();
    assert_eq!(show(&own.periods), expected());

    assert_eq!(calendars.availability(&source).await.unwrap(), None);
    xandikos.set_availability(&event(&format!("{BERLIN}BEGIN:VAVAILABILITY\r\nUID:hours\r\nDTSTAMP:20260301T000000Z\r\nBEGIN:AVAILABLE\r\nUID:hours-1\r\nDTSTAMP:20260301T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260302T080000\r\nDTEND;TZID=Europe/Berlin:20260302T160000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\nEND:AVAILABLE\r\nEND:VAVAILABILITY\r\n")));
    let (hours, zone) = calendars.availability(&source).await.unwrap().unwrap();
    assert_eq!(zone.iana_name(), Some("Europe/Berlin"));
    let windows: Vec<String> = hours
        .windows()
        .iter()
        .map(|w| format!("{} {}-{}", weekday_name(w.day), w.start, w.end))
        .collect();
    assert_eq!(
        windows,
        ["monday", "tuesday", "wednesday", "thursday", "friday"].map(|d| format!("{d} 480-960"))
    );
    // Availability lives beside the events: it must not turn into busy time.
    let again = calendars
        .busy(&source, from, until, &TimeZone::UTC)
        .await
        .unwrap();
    assert_eq!(show(&again), expected());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xandikos_takes_the_booked_event_and_its_inbox_holds_replies() {
    let xandikos = Xandikos::start();
    let source = xandikos_source(&xandikos);
    let calendars = Calendars::new(TIMEOUT);
    let review = simple("review-42@goldseam", "20260311T140000Z", "20260311T150000Z", &format!("ORGANIZER:mailto:{}\r\nATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.com\r\n", Xandikos::EMAIL));
    let stored = calendars
        .put_event(&source, "review-42@goldseam", &review, PutMode::Create)
        .await
        .unwrap();
    assert!(
        stored.href.ends_with("/review-42@goldseam.ics"),
        "{}",
        stored.href
    );
    let again = calendars
        .put_event(&source, "review-42@goldseam", &review, PutMode::Create)
        .await
        .unwrap_err();
    assert!(matches!(again, CalendarError::Conflict { .. }), "{again}");
    let etag = stored.etag.expect("an ETag");
    let moved = review
        .replace("20260311T14", "20260312T14")
        .replace("20260311T15", "20260312T15");
    calendars
        .put_event(
            &source,
            "review-42@goldseam",
            &moved,
            PutMode::IfMatch(&etag),
        )
        .await
        .unwrap();
    let (from, until) = window();
    let busy = calendars
        .busy(&source, from, until, &TimeZone::UTC)
        .await
        .unwrap();
    assert_eq!(
        show(&busy),
        ["Busy 2026-03-12T14:00:00Z..2026-03-12T15:00:00Z"]
    );

    assert!(calendars.inbox_items(&source).await.unwrap().is_empty());
    let reply = event(&format!("METHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:review-42@goldseam\r\nDTSTAMP:20260305T000000Z\r\nSEQUENCE:1\r\nDTSTART:20260312T140000Z\r\nDTEND:20260312T150000Z\r\nORGANIZER:mailto:{}\r\nATTENDEE;PARTSTAT=DECLINED:mailto:bob@example.com\r\nEND:VEVENT\r\n", Xandikos::EMAIL));
    xandikos.deliver_to_inbox("reply-1.ics", &reply);
    let items = calendars.inbox_items(&source).await.unwrap();
    assert_eq!(items.len(), 1);
    assert!(
        items[0].ics.contains("PARTSTAT=DECLINED"),
        "{}",
        items[0].ics
    );
    calendars
        .delete(&source, &items[0].href, items[0].etag.as_deref())
        .await
        .unwrap();
    assert!(calendars.inbox_items(&source).await.unwrap().is_empty());
}

/// Serves `routes` (path, status, content type, body) on a free port until the test ends.
fn serve(routes: Vec<(&'static str, u16, &'static str, String)>) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 8192];
            let n = stream.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).to_string();
            let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, ctype, body) = routes
                .iter()
                .find(|(p, ..)| *p == path)
                .map(|(_, s, c, b)| (*s, *c, b.clone()))
                .unwrap_or((404, "text/plain", "not found".into()));
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

#[tokio::test]
async fn feeds_are_read_and_a_malformed_one_names_its_line() {
    let events = seeded();
    let whole = event(&format!(
        "{BERLIN}{}",
        events
            .iter()
            .map(|e| {
                let inner = e.split_once("PRODID:-//Goldseam tests//EN\r\n").unwrap().1;
                inner
                    .trim_end_matches("END:VCALENDAR\r\n")
                    .replace(BERLIN, "")
            })
            .collect::<String>()
    ));
    let broken = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Europe/Berlin 20260310T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let port = serve(vec![
        ("/private-s3cr3t/basic.ics", 200, "text/calendar", whole),
        (
            "/private-br0ken/basic.ics",
            200,
            "text/calendar",
            broken.into(),
        ),
        ("/dav/", 200, "text/html", "<html>hello</html>".into()),
    ]);
    let calendars = Calendars::new(TIMEOUT);
    let feed = |path: &str| CalendarSource::IcsFeed {
        url: Secret::new(format!("http://127.0.0.1:{port}{path}")),
    };
    let good = feed("/private-s3cr3t/basic.ics");
    assert!(
        !format!("{good:?}").contains("s3cr3t"),
        "feed address redacted"
    );
    assert_eq!(
        calendars.check(&good).await.unwrap(),
        Discovery::Feed {
            events: 6,
            skipped: vec![]
        }
    );
    let (from, until) = window();
    let busy = calendars
        .busy(&good, from, until, &TimeZone::UTC)
        .await
        .unwrap();
    assert_eq!(show(&busy), expected());

    let err = calendars
        .check(&feed("/private-br0ken/basic.ics"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the calendar is not valid iCalendar: line 5: expected ':' after the property name in \"DTSTART;TZID=Europe/Berlin 20260310T090000\""
    );
    let gone = calendars
        .check(&feed("/private-g0ne/basic.ics"))
        .await
        .unwrap_err();
    assert_eq!(gone, CalendarError::FeedGone { status: 404 });
    assert!(!gone.to_string().contains("g0ne"));

    let html = CalendarSource::CalDav {
        url: format!("http://127.0.0.1:{port}/dav/"),
        username: "a".into(),
        password: Secret::new("b"),
    };
    let err = calendars.check(&html).await.unwrap_err();
    assert!(matches!(err, CalendarError::NotCalDav { .. }), "{err}");
    assert!(err.to_string().contains("is not a CalDAV server"), "{err}");
}

/// A server that accepts and holds every connection without a word; its port.
fn silent_server() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    port
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let port = silent_server();
    let source = CalendarSource::CalDav {
        url: format!("http://127.0.0.1:{port}/"),
        username: "a".into(),
        password: Secret::new("b"),
    };
    let bound = Duration::from_millis(800);
    let started = Instant::now();
    let err = Calendars::new(bound).check(&source).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(err, CalendarError::Timeout { after: bound });
    assert_eq!(err.to_string(), "no answer within 800 ms");
    assert!(took < bound + Duration::from_millis(500), "took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_server_and_wrong_tls_are_told_apart() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let calendars = Calendars::new(TIMEOUT);
    let at = |url: String| CalendarSource::CalDav {
        url,
        username: "a".into(),
        password: Secret::new("b"),
    };
    let err = calendars
        .check(&at(format!("http://127.0.0.1:{port}/")))
        .await
        .unwrap_err();
    assert!(matches!(err, CalendarError::Connect { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("could not connect to 127.0.0.1:{port}")),
        "{err}"
    );

    // https to a server that speaks plain HTTP.
    let radicale = Radicale::start();
    let plain = radicale.url().replace("http://", "https://");
    let err = calendars.check(&at(plain)).await.unwrap_err();
    assert!(matches!(err, CalendarError::Tls { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_calendars_are_read_at_once_within_the_bound() {
    let radicale = Radicale::start();
    let events = seeded();
    radicale.seed(
        "work",
        &events.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let silent = silent_server();
    let sources: Vec<(CalendarSource, TimeZone)> = (0..20)
        .map(|i| {
            let source = if i % 2 == 0 {
                radicale_source(&radicale, Radicale::PASSWORD)
            } else {
                CalendarSource::CalDav {
                    url: format!("http://127.0.0.1:{silent}/"),
                    username: "a".into(),
                    password: Secret::new("b"),
                }
            };
            (source, TimeZone::UTC)
        })
        .collect();
    let bound = Duration::from_secs(4);
    let (from, until) = window();
    let started = Instant::now();
    let results = Calendars::new(bound)
        .free_busy_many(sources, from, until)
        .await;
    let took = started.elapsed();
    assert!(took < bound + Duration::from_secs(1), "took {took:?}");
    assert_eq!(results.len(), 20);
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(fb) if i % 2 == 0 => assert_eq!(show(&fb.periods), expected()),
            Err(CalendarError::Timeout { .. }) if i % 2 == 1 => {}
            other => panic!("calendar {i}: {other:?}"),
        }
    }
}
