//! Invitations through a real SMTP server (aiosmtpd), read back the way a calendar client
//! reads them: Python's `email` package for the MIME structure and the `icalendar` package
//! (with dateutil for the RRULE) for the calendar. A REQUEST, a rescheduled REQUEST and a
//! CANCEL for one meeting; a recurring slot whose instances stay at 10:00 in Berlin on both
//! sides of each daylight-saving change, also when the client must use our VTIMEZONE.

use goldseam_core::delivery::EmailMessage;
use goldseam_core::ical::itip::{
    EventStatus, Invitation, InvitedAttendee, Method, Partstat, Person, Recurrence,
};
use goldseam_integrations::*;
use goldseam_testdb::smtp::SmtpServer;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(5);
const ORGANIZER: &str = "reviews@goldseam.example.com";

/// Reads each raw message (a JSON list on stdin): its parts in order, the calendar part's
/// MIME parameters, and the calendar as icalendar parses it. With a TZID rename (argv[1] ->
/// argv[2]) the client cannot use its own zone database and must use the VTIMEZONE.
const READ: &str = r#"
import email, email.policy, json, sys, datetime, icalendar
from dateutil.rrule import rrulestr
rename = sys.argv[1:3]
out = []
for raw in json.load(sys.stdin):
    m = email.message_from_string(raw, policy=email.policy.default)
    leaves = [p for p in m.walk() if not p.is_multipart()]
    cal_part = leaves[-1]
    text = cal_part.get_payload(decode=True).decode('utf-8')
    if rename:
        text = text.replace(rename[0], rename[1])
    cal = icalendar.Calendar.from_ical(text)
    ev = cal.walk('VEVENT')[0]
    start = ev.decoded('DTSTART')
    instances = []
    if ev.get('RRULE'):
        rule = ev['RRULE'].to_ical().decode()
        for d in rrulestr(rule, dtstart=start):
            if d.year > 2026:
                break
            instances.append([d.isoformat(), d.astimezone(datetime.timezone.utc).isoformat()])
    rid = ev.decoded('RECURRENCE-ID') if ev.get('RECURRENCE-ID') else None
    atts = ev.get('ATTENDEE')
    atts = atts if isinstance(atts, list) else [atts]
    out.append({
        'top': m.get_content_type(),
        'parts': [p.get_content_type() for p in leaves],
        'mime_method': cal_part.get_param('method'),
        'charset': cal_part.get_param('charset'),
        'cte': str(cal_part['Content-Transfer-Encoding']),
        'from': str(m['From']),
        'ics': text,
        'method': str(cal['METHOD']),
        'uid': str(ev['UID']),
        'sequence': int(ev['SEQUENCE']),
        'status': str(ev['STATUS']),
        'start': start.isoformat(),
        'start_utc': start.astimezone(datetime.timezone.utc).isoformat(),
        'recurrence_id': rid.isoformat() if rid else None,
        'organizer': str(ev['ORGANIZER']),
        'attendees': [{'address': str(a), 'cn': a.params.get('CN'), 'role': a.params.get('ROLE'),
                       'partstat': a.params.get('PARTSTAT'), 'rsvp': a.params.get('RSVP')}
                      for a in atts],
        'instances': instances,
    })
print(json.dumps(out))
"#;

fn read(raw: &[String], rename: Option<(&str, &str)>) -> Vec<Value> {
    let mut cmd = Command::new("python3");
    cmd.args(["-c", READ]);
    if let Some((from, to)) = rename {
        cmd.args([from, to]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 with icalendar (pip install icalendar; .ci/run does)");
    let input = serde_json::to_vec(raw).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn attendee(name: &str, email: &str, required: bool) -> InvitedAttendee {
    InvitedAttendee {
        name: name.into(),
        email: email.into(),
        required,
        partstat: Partstat::NeedsAction,
    }
}

fn review() -> Invitation {
    Invitation {
        method: Method::Request,
        uid: "review-42@goldseam.example.com".into(),
        sequence: 0,
        dtstamp: ts("2026-03-02T08:00:00Z"),
        organizer: Person {
            name: "Goldseam reviews".into(),
            email: ORGANIZER.into(),
        },
        attendees: vec![
            attendee("Díaz, Ana", "ana@example.com", true),
            attendee("Priya Nair", "priya@example.com", false),
        ],
        start: ts("2026-03-09T14:00:00Z"),
        end: ts("2026-03-09T15:00:00Z"),
        summary: "Review: INC-42 checkout errors".into(),
        description: "Postmortem review for INC-42.\nhttps://goldseam.example.com/pm/42".into(),
        url: Some("https://goldseam.example.com/pm/42".into()),
        location: None,
        status: EventStatus::Confirmed,
        recurrence: None,
        recurrence_id: None,
    }
}

async fn send_all(invitations: &[Invitation]) -> Vec<String> {
    let smtp = SmtpServer::start();
    let email = Email::new(SmtpConfig {
        url: Secret::new(smtp.url()),
        from: format!("Goldseam reviews <{ORGANIZER}>"),
        timeout: TIMEOUT,
    })
    .unwrap();
    for (i, inv) in invitations.iter().enumerate() {
        let m = EmailMessage {
            to: "ana@example.com".into(),
            subject: format!("Invitation: {}", inv.summary),
            text: inv.description.clone(),
            html: None,
            link: inv.url.clone(),
            list_unsubscribe: None,
            calendar: Some(inv.calendar_part().unwrap()),
        };
        email.send(&m, &format!("invite:{i}")).await.unwrap();
    }
    assert_eq!(
        smtp.wait_for(invitations.len(), TIMEOUT).await,
        invitations.len()
    );
    smtp.raw_messages()
}

/// The MIME shape RFC 6047 and the clients want, and the calendar exactly as written.
fn assert_imip(mail: &Value, sent: &Invitation) {
    assert_eq!(mail["top"], "multipart/alternative");
    assert_eq!(
        mail["parts"],
        serde_json::json!(["text/plain", "text/html", "text/calendar"]),
        "the calendar is the last alternative"
    );
    assert_eq!(
        mail["mime_method"], mail["method"],
        "method= equals METHOD:"
    );
    assert_eq!(mail["charset"], "UTF-8");
    assert_ne!(mail["cte"], "base64");
    assert!(mail["from"].as_str().unwrap().contains(ORGANIZER));
    assert_eq!(mail["organizer"], format!("mailto:{ORGANIZER}"));
    let written = sent.to_ics().unwrap().replace("\r\n", "\n");
    assert_eq!(mail["ics"].as_str().unwrap().replace("\r\n", "\n"), written);
}

#[tokio::test]
async fn a_request_a_reschedule_and_a_cancel_read_as_one_meeting() {
    let request = review();
    let moved = Invitation {
        sequence: 1,
        dtstamp: ts("2026-03-05T10:00:00Z"),
        start: ts("2026-03-10T13:00:00Z"),
        end: ts("2026-03-10T14:00:00Z"),
        ..review()
    };
    let cancel = Invitation {
        method: Method::Cancel,
        status: EventStatus::Cancelled,
        sequence: 2,
        dtstamp: ts("2026-03-06T10:00:00Z"),
        ..moved.clone()
    };
    let sent = [request, moved, cancel];
    let mut mails = read(&send_all(&sent).await, None);
    // The maildir's order is not the sending order; SEQUENCE is.
    mails.sort_by_key(|m| m["sequence"].as_i64());
    let seqs: Vec<i64> = mails
        .iter()
        .map(|m| m["sequence"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [0, 1, 2], "SEQUENCE strictly increases");
    for (mail, inv) in mails.iter().zip(&sent) {
        assert_imip(mail, inv);
        assert_eq!(
            mail["uid"], "review-42@goldseam.example.com",
            "a stable UID"
        );
        let atts = mail["attendees"].as_array().unwrap();
        assert_eq!(atts.len(), 2);
        assert_eq!(atts[0]["address"], "mailto:ana@example.com");
        assert_eq!(atts[0]["cn"], "Díaz, Ana");
        assert_eq!(atts[0]["role"], "REQ-PARTICIPANT");
        assert_eq!(atts[1]["role"], "OPT-PARTICIPANT");
        for a in atts {
            assert_eq!(a["partstat"], "NEEDS-ACTION");
        }
    }
    let methods: Vec<&str> = mails
        .iter()
        .map(|m| m["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["REQUEST", "REQUEST", "CANCEL"]);
    assert_eq!(mails[0]["start_utc"], "2026-03-09T14:00:00+00:00");
    assert_eq!(mails[1]["start_utc"], "2026-03-10T13:00:00+00:00");
    for request in &mails[..2] {
        assert_eq!(request["status"], "CONFIRMED");
        for a in request["attendees"].as_array().unwrap() {
            assert_eq!(a["rsvp"], "TRUE");
        }
    }
    assert_eq!(mails[2]["status"], "CANCELLED");
    assert!(
        mails[2]["attendees"][0]["rsvp"].is_null(),
        "a cancel asks no answer"
    );
}

/// Every other Monday 10:00-10:30 in Berlin, from before the March change.
fn slot() -> Invitation {
    Invitation {
        uid: "slot-7@goldseam.example.com".into(),
        start: ts("2026-03-16T09:00:00Z"),
        end: ts("2026-03-16T09:30:00Z"),
        summary: "Payments incident reviews".into(),
        description: "The payments team's fortnightly review slot.".into(),
        url: None,
        recurrence: Some(Recurrence {
            rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO".into(),
            zone: "Europe/Berlin".into(),
        }),
        ..review()
    }
}

#[tokio::test]
async fn a_recurring_slot_stays_at_ten_in_berlin_across_both_changes() {
    let cancel_one = Invitation {
        method: Method::Cancel,
        status: EventStatus::Cancelled,
        sequence: 1,
        start: ts("2026-11-02T09:00:00Z"),
        end: ts("2026-11-02T09:30:00Z"),
        recurrence_id: Some(ts("2026-11-02T09:00:00Z")),
        ..slot()
    };
    let raw = send_all(&[slot(), cancel_one.clone()]).await;
    let berlin = TimeZone::get("Europe/Berlin").unwrap();
    // With the zone's name the client may use its own database; renamed, only our VTIMEZONE.
    for rename in [None, Some(("Europe/Berlin", "Goldseam/Payments-Berlin"))] {
        let mut mails = read(&raw, rename);
        mails.sort_by_key(|m| m["sequence"].as_i64());
        let series = &mails[0];
        if rename.is_none() {
            assert_imip(series, &slot());
            assert_imip(&mails[1], &cancel_one);
        }
        let instances = series["instances"].as_array().unwrap();
        assert_eq!(instances.len(), 21, "{instances:?}");
        let mut offsets = std::collections::BTreeSet::new();
        for pair in instances {
            let (local, utc) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            assert_eq!(&local[10..19], "T10:00:00", "{local} with {rename:?}");
            // jiff says when 10:00 Berlin is on that date; the client must agree.
            let date: jiff::civil::Date = local[..10].parse().unwrap();
            let want = date.at(10, 0, 0, 0).to_zoned(berlin.clone()).unwrap();
            let got: Timestamp = utc.parse().unwrap();
            assert_eq!(got, want.timestamp(), "{local} with {rename:?}");
            offsets.insert(local[19..].to_string());
        }
        assert_eq!(offsets.len(), 2, "both sides of a change: {offsets:?}");
        assert_eq!(instances[0][1], "2026-03-16T09:00:00+00:00");
        assert_eq!(instances[1][1], "2026-03-30T08:00:00+00:00");
        // October 26 is the first Monday after the change back.
        assert!(instances
            .iter()
            .any(|p| p[1] == "2026-10-26T09:00:00+00:00"));
        let cancel = &mails[1];
        assert_eq!(cancel["method"], "CANCEL");
        assert_eq!(cancel["status"], "CANCELLED");
        assert_eq!(cancel["recurrence_id"], "2026-11-02T10:00:00+01:00");
        assert_eq!(cancel["uid"], series["uid"]);
    }
}
