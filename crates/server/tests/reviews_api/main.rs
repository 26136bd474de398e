//! The review meeting through a real server, its delivery engine, real calendars (Radicale,
//! Xandikos) and a real SMTP server (aiosmtpd), on both databases, with the clock set to
//! Tuesday 1 December 2026, 08:00 UTC.
//!
//! - journey: connecting calendars checks them at once; the proposal avoids everyone's busy
//!   times inside both zones' working hours; one click books it; each invitee gets one
//!   invitation with an iTIP REQUEST; a required attendee declining by their personal link moves
//!   the meeting (SEQUENCE 1, the reason stated, everyone told again); cancelling sends CANCEL.
//! - caldav: the organizer's CalDAV calendar holds the meeting, its published hours are used,
//!   and replies in its scheduling inbox count as answers.
//! - policy: booking by itself when the postmortem goes to review; bad input.

mod caldav;
#[path = "../common/mod.rs"]
mod common;
mod journey;
mod policy;

use common::{TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_integrations::Secret;
use goldseam_store::time::FixedClock;
use goldseam_testdb::smtp::{Mail, SmtpServer};
use goldseam_testdb::TestDb;
use reqwest::Method;
use std::sync::Arc;
use std::time::Duration;

use caldav::the_organizers_caldav_calendar_holds_the_meeting_and_its_inbox_answers;
use journey::a_decline_moves_the_meeting_and_everyone_is_told;
use policy::{
    bad_input_gets_a_specific_answer, the_policy_books_by_itself_when_the_postmortem_goes_to_review,
};

pub(crate) async fn spawn(db: &TestDb, smtp: &SmtpServer) -> TestApp {
    // Tuesday 1 December 2026, 08:00 UTC.
    spawn_at(
        db,
        smtp,
        Arc::new(FixedClock::at("2026-12-01T08:00:00Z".parse().unwrap())),
    )
    .await
}

pub(crate) async fn spawn_at(db: &TestDb, smtp: &SmtpServer, clock: Arc<FixedClock>) -> TestApp {
    TestApp::spawn_mailing(db, &smtp.url(), clock).await
}

pub(crate) async fn set_zone(app: &TestApp, user: &TestUser, zone: &str) {
    app.set_zone(user, zone).await
}

pub(crate) fn event(uid: &str, start: &str, end: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Goldseam tests//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{uid}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
}

pub(crate) async fn put(
    app: &TestApp,
    user: &TestUser,
    path: &str,
    body: serde_json::Value,
) -> common::Reply {
    app.call(user, Method::PUT, path, Some(body)).await
}

/// Waits until the sink holds `n` messages, then returns them.
pub(crate) async fn mails(smtp: &SmtpServer, n: usize) -> Vec<Mail> {
    let got = smtp.wait_for(n, Duration::from_secs(30)).await;
    assert_eq!(got, n, "messages received");
    smtp.messages()
}

pub(crate) fn answer_token(mail: &Mail) -> String {
    let at = mail.text.find("/rsvp/").expect("a personal answer link") + "/rsvp/".len();
    mail.text[at..]
        .split(['?', ' ', '\n'])
        .next()
        .unwrap()
        .to_string()
}

goldseam_testdb::on_both_databases!(
    the_policy_books_by_itself_when_the_postmortem_goes_to_review,
    a_decline_moves_the_meeting_and_everyone_is_told,
    the_organizers_caldav_calendar_holds_the_meeting_and_its_inbox_answers,
    bad_input_gets_a_specific_answer
);
