use super::digest::{day_to_send, digest, Owed};
use super::*;
use crate::error::DomainError;
use crate::event::EventPayload;
use crate::id::{EventId, TeamId, UserId};
use crate::text::{Reason, Title};
use jiff::civil::date;

const TODAY: jiff::civil::Date = date(2026, 12, 3);

fn new(status: FollowUpStatus) -> NewFollowUp {
    NewFollowUp {
        title: Title::parse("title", "Alert on queue depth").unwrap(),
        description: None,
        owner_id: Some(UserId::from_db(5)),
        team_id: None,
        due_on: Some(date(2026, 12, 10)),
        priority: Priority::High,
        status,
    }
}

fn current(status: FollowUpStatus) -> FollowUpState {
    FollowUpState {
        id: EventId::from_db(57),
        title: "Alert on queue depth".into(),
        description: None,
        owner_id: Some(UserId::from_db(5)),
        team_id: Some(TeamId::from_db(2)),
        due_on: Some(date(2026, 12, 10)),
        priority: Priority::Medium,
        status,
        reason: None,
    }
}

fn field(e: DomainError) -> String {
    match e {
        DomainError::Invalid { field, .. } => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn changes(e: EventPayload) -> FollowUpChanges {
    match e {
        EventPayload::FollowUpChanged { changes, .. } => changes,
        other => panic!("expected follow_up_changed, got {other:?}"),
    }
}

#[test]
fn a_proposal_needs_nothing_but_a_title() {
    let mut idea = new(FollowUpStatus::Proposed);
    idea.owner_id = None;
    idea.due_on = None;
    assert!(matches!(
        add(&idea, TODAY),
        Ok(EventPayload::FollowUpAdded {
            status: FollowUpStatus::Proposed,
            ..
        })
    ));
}

#[test]
fn a_promise_needs_an_owner_and_a_date() {
    let mut f = new(FollowUpStatus::Committed);
    f.owner_id = None;
    assert_eq!(field(add(&f, TODAY).unwrap_err()), "owner_id");
    let mut f = new(FollowUpStatus::InProgress);
    f.due_on = None;
    assert_eq!(field(add(&f, TODAY).unwrap_err()), "due_on");
    // Clearing the owner of a committed one is refused the same way.
    let patch = FollowUpPatch {
        owner_id: Some(None),
        ..Default::default()
    };
    assert_eq!(
        field(change(&current(FollowUpStatus::Committed), &patch, TODAY).unwrap_err()),
        "owner_id"
    );
}

#[test]
fn a_due_date_in_the_past_is_refused_but_an_old_one_may_stay() {
    let mut f = new(FollowUpStatus::Committed);
    f.due_on = Some(date(2026, 12, 2));
    assert_eq!(field(add(&f, TODAY).unwrap_err()), "due_on");
    f.due_on = Some(TODAY);
    assert!(add(&f, TODAY).is_ok());
    // Weeks later the date has passed; marking it in progress does not ask for a new one.
    let later = date(2027, 1, 5);
    let patch = FollowUpPatch {
        status: Some(FollowUpStatus::InProgress),
        ..Default::default()
    };
    let c = changes(change(&current(FollowUpStatus::Committed), &patch, later).unwrap());
    assert_eq!(c.status, Some(FollowUpStatus::InProgress));
    assert_eq!(c.due_on, None);
    let patch = FollowUpPatch {
        due_on: Some(Some(date(2027, 1, 4))),
        ..Default::default()
    };
    assert_eq!(
        field(change(&current(FollowUpStatus::Committed), &patch, later).unwrap_err()),
        "due_on"
    );
}

#[test]
fn it_cannot_start_finished() {
    for status in [FollowUpStatus::Done, FollowUpStatus::WontDo] {
        assert_eq!(field(add(&new(status), TODAY).unwrap_err()), "status");
    }
}

#[test]
fn wont_do_takes_a_reason_and_leaving_it_clears_the_reason() {
    let patch = FollowUpPatch {
        status: Some(FollowUpStatus::WontDo),
        ..Default::default()
    };
    assert_eq!(
        field(change(&current(FollowUpStatus::Committed), &patch, TODAY).unwrap_err()),
        "reason"
    );
    let patch = FollowUpPatch {
        status: Some(FollowUpStatus::WontDo),
        reason: Some(Reason::parse("reason", "the queue is being retired").unwrap()),
        ..Default::default()
    };
    let c = changes(change(&current(FollowUpStatus::Committed), &patch, TODAY).unwrap());
    assert_eq!(c.status, Some(FollowUpStatus::WontDo));
    assert_eq!(c.reason, Some(Some("the queue is being retired".into())));

    let mut decided = current(FollowUpStatus::WontDo);
    decided.reason = Some("the queue is being retired".into());
    let reopen = FollowUpPatch {
        status: Some(FollowUpStatus::Committed),
        ..Default::default()
    };
    let c = changes(change(&decided, &reopen, TODAY).unwrap());
    assert_eq!(c.reason, Some(None));
    // A reason without "won't do" is a mistake, not something to store silently.
    let stray = FollowUpPatch {
        reason: Some(Reason::parse("reason", "x").unwrap()),
        ..Default::default()
    };
    assert_eq!(
        field(change(&current(FollowUpStatus::Committed), &stray, TODAY).unwrap_err()),
        "reason"
    );
}

#[test]
fn a_change_names_only_what_changed_and_nothing_is_no_change() {
    let patch = FollowUpPatch {
        title: Some(Title::parse("title", "Alert on queue depth").unwrap()),
        priority: Some(Priority::Urgent),
        team_id: Some(Some(TeamId::from_db(2))),
        ..Default::default()
    };
    let c = changes(change(&current(FollowUpStatus::Committed), &patch, TODAY).unwrap());
    assert_eq!(
        c,
        FollowUpChanges {
            priority: Some(Priority::Urgent),
            ..Default::default()
        }
    );
    let same = FollowUpPatch {
        priority: Some(Priority::Medium),
        ..Default::default()
    };
    assert!(matches!(
        change(&current(FollowUpStatus::Committed), &same, TODAY),
        Err(DomainError::NoChange(_))
    ));
}

#[test]
fn cleared_fields_survive_storage_as_null_and_absent_fields_stay_absent() {
    let c = FollowUpChanges {
        owner_id: Some(None),
        status: Some(FollowUpStatus::Proposed),
        ..Default::default()
    };
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"owner_id": null, "status": "proposed"})
    );
    assert_eq!(serde_json::from_value::<FollowUpChanges>(json).unwrap(), c);
}

#[test]
fn only_promises_are_late() {
    let due = Some(date(2026, 12, 1));
    assert!(is_overdue(FollowUpStatus::Committed, due, TODAY));
    assert!(is_overdue(FollowUpStatus::InProgress, due, TODAY));
    assert!(!is_overdue(FollowUpStatus::Proposed, due, TODAY));
    assert!(!is_overdue(FollowUpStatus::Done, due, TODAY));
    assert!(!is_overdue(FollowUpStatus::Committed, Some(TODAY), TODAY));
}

fn owed(id: i64, due: Option<jiff::civil::Date>, status: FollowUpStatus) -> Owed {
    Owed {
        id,
        reference: "INC-7".into(),
        incident_title: "Checkout <down>".into(),
        title: format!("item {id}"),
        due_on: due,
        priority: Priority::High,
        status,
    }
}

#[test]
fn the_digest_lists_late_and_near_promises_only() {
    let items = [
        owed(1, Some(date(2026, 11, 30)), FollowUpStatus::Committed),
        owed(2, Some(TODAY), FollowUpStatus::InProgress),
        owed(3, Some(date(2026, 12, 5)), FollowUpStatus::Committed),
        owed(4, Some(date(2026, 12, 6)), FollowUpStatus::Committed),
        owed(5, Some(date(2026, 11, 1)), FollowUpStatus::Done),
        owed(6, Some(date(2026, 11, 1)), FollowUpStatus::WontDo),
        owed(7, Some(date(2026, 11, 1)), FollowUpStatus::Proposed),
        owed(8, None, FollowUpStatus::Committed),
    ];
    let d = digest(&items, TODAY).unwrap();
    let ids = |v: &[Owed]| v.iter().map(|o| o.id).collect::<Vec<_>>();
    assert_eq!(ids(&d.overdue), [1]);
    assert_eq!(ids(&d.due_soon), [2, 3]);
    assert_eq!(d.subject(), "Follow-ups: 1 overdue, 2 due soon");
    let text = d.text("https://g.example/follow-ups?owner=me");
    assert!(
        text.contains("- INC-7 Checkout <down>: item 1 (high, due 2026-11-30, 3 days late)"),
        "{text}"
    );
    assert!(
        text.contains("item 2 (high, due today, 2026-12-03)"),
        "{text}"
    );
    let html = d.html("https://g.example/follow-ups?owner=me");
    assert!(
        html.contains("Checkout &lt;down&gt;") && !html.contains("<down>"),
        "{html}"
    );
    // Nothing late or near: no message at all.
    assert_eq!(digest(&items[3..], TODAY), None);
}

#[test]
fn the_digest_goes_out_from_nine_in_the_owners_own_day() {
    let zone = jiff::tz::TimeZone::get("Asia/Kolkata").unwrap();
    // 03:00 UTC is 08:30 in Kolkata: not yet; 03:30 UTC is 09:00 there.
    let early: jiff::Timestamp = "2026-12-03T03:00:00Z".parse().unwrap();
    let nine: jiff::Timestamp = "2026-12-03T03:30:00Z".parse().unwrap();
    assert_eq!(day_to_send(early, &zone), None);
    assert_eq!(day_to_send(nine, &zone), Some(TODAY));
    // 20:00 UTC on the 3rd is already 07:00 on the 4th in Sydney: before nine there.
    let sydney = jiff::tz::TimeZone::get("Australia/Sydney").unwrap();
    let evening: jiff::Timestamp = "2026-12-03T20:00:00Z".parse().unwrap();
    assert_eq!(day_to_send(evening, &sydney), None);
    assert_eq!(
        day_to_send("2026-12-03T22:00:00Z".parse().unwrap(), &sydney),
        Some(date(2026, 12, 4))
    );
}
