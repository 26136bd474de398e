//! Three weeks of a fortnightly slot: the series, an agenda, a cancelled date, deleting.

use super::*;

pub async fn three_weeks_of_a_fortnightly_slot(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let cy = user(&store, "cy", UserRole::Member).await;
    let vic = user(&store, "vic", UserRole::Viewer).await;
    set_zone(&store, &ana, "Europe/Berlin").await;
    set_zone(&store, &bo, "America/New_York").await;
    let (team, checkout) =
        team_with_service(&store, "Payments", &[&ana, &bo, &vic], "Checkout").await;

    // Only admins and the team's members who are not viewers make its slots.
    for outsider in [&cy, &vic] {
        let refused = store
            .create_review_slot(outsider, team, fortnightly_mondays(), None)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, StoreError::Domain(DomainError::Forbidden(_))),
            "{refused:?}"
        );
    }
    let slot = store
        .create_review_slot(&ana, team, fortnightly_mondays(), None)
        .await
        .unwrap();
    assert_eq!(slot.starts_on.to_string(), "2026-12-07");
    assert_eq!(
        store.team_review_slots(team).await.unwrap(),
        vec![slot.clone()]
    );

    // The series goes to every member (the viewer included), kept at 10:00 Berlin.
    let ran = run_due(&store).await;
    assert_eq!(ran.emails.len(), 3, "{:?}", ran.emails);
    assert!(ran.instances.is_empty(), "the first instance's job waits");
    let series = ics(to(&ran.emails, "bo@"));
    for line in [
        "METHOD:REQUEST",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "DTSTART;TZID=Europe/Berlin:20261207T100000",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "SEQUENCE:0",
        &format!("UID:{}", slot.uid),
    ] {
        assert!(series.contains(line), "{line} in {series}");
    }
    assert!(!series.contains("RECURRENCE-ID"));
    assert!(
        to(&ran.emails, "bo@")
            .text
            .contains("Monday 7 December 2026, 04:00–05:00 (America/New_York)"),
        "the reader's own time"
    );

    // Week 1: two postmortems of the team's service, one of an incident with no team.
    let first = published(
        &store,
        &clock,
        "2026-12-02T10:00:00Z",
        (&ana, &bo),
        "Checkout down",
        vec![checkout],
    )
    .await;
    let second = published(
        &store,
        &clock,
        "2026-12-03T15:00:00Z",
        (&bo, &ana),
        "Card retries",
        vec![checkout],
    )
    .await;
    published(
        &store,
        &clock,
        "2026-12-03T16:00:00Z",
        (&ana, &bo),
        "Office wifi",
        vec![],
    )
    .await;
    let ran = run_due(&store).await;
    assert_eq!(
        ran.joined,
        vec![1, 1, 0],
        "the teamless incident joins nothing"
    );
    let (_, agenda) = store.review_slot_agenda(&cy, slot.id, 2).await.unwrap();
    assert_eq!(agenda[0].start, at("2026-12-07T09:00:00Z"));
    assert_eq!(agenda[0].state, "scheduled");
    let listed: Vec<IncidentId> = agenda[0]
        .postmortems
        .iter()
        .map(|p| p.incident_id)
        .collect();
    assert_eq!(listed, vec![first, second]);
    assert_eq!(agenda[1].start, at("2026-12-21T09:00:00Z"));
    assert!(agenda[1].postmortems.is_empty());

    // A day before week 1's meeting its agenda goes out, once, listing both with links.
    clock.set(at("2026-12-06T09:00:00Z"));
    let ran = run_due(&store).await;
    assert_eq!(ran.instances, vec![InstanceOutcome::AgendaSent(2)]);
    let mail = to(&ran.emails, "ana@");
    assert_eq!(
        mail.subject,
        "Agenda: Payments review — Monday 7 December 2026, 10:00–11:00 (Europe/Berlin)"
    );
    for part in [
        "to review 2 postmortems",
        &format!(
            "{}: Checkout down\n  {URL}/incidents/{}/postmortem",
            first.reference(),
            first.reference()
        ),
        &format!("{}: Card retries", second.reference()),
    ] {
        assert!(mail.text.contains(part), "{part} in {}", mail.text);
    }
    assert!(mail.calendar.is_none(), "the meeting itself is unchanged");
    let again = InstanceJob {
        slot_id: slot.id,
        instance: at("2026-12-07T09:00:00Z"),
    };
    assert_eq!(
        store.run_review_slot_instance(again).await.unwrap(),
        InstanceOutcome::Nothing,
        "once only"
    );
    assert!(
        run_due(&store).await.emails.is_empty(),
        "nothing sent twice"
    );

    // Week 3: nothing was published for it, so a day ahead it is cancelled for that date
    // alone (SEQUENCE + 1, RECURRENCE-ID in the slot's zone); the series goes on.
    clock.set(at("2026-12-20T09:00:00Z"));
    let ran = run_due(&store).await;
    assert_eq!(ran.instances, vec![InstanceOutcome::Cancelled]);
    assert_eq!(ran.emails.len(), 3);
    let mail = to(&ran.emails, "ana@");
    assert!(mail
        .subject
        .starts_with("Cancelled: Payments review — Monday 21 December 2026"));
    let cancel = ics(mail);
    for line in [
        "METHOD:CANCEL",
        "RECURRENCE-ID;TZID=Europe/Berlin:20261221T100000",
        "STATUS:CANCELLED",
        "SEQUENCE:1",
        &format!("UID:{}", slot.uid),
    ] {
        assert!(cancel.contains(line), "{line} in {cancel}");
    }
    assert!(
        !cancel.contains("RRULE:FREQ=WEEKLY"),
        "one date, not the series"
    );

    // Published within the day before week 3's meeting: it waits for the one after.
    let late = published(
        &store,
        &clock,
        "2026-12-20T10:00:00Z",
        (&ana, &bo),
        "Refund lag",
        vec![checkout],
    )
    .await;
    assert_eq!(run_due(&store).await.joined, vec![1]);
    let (_, agenda) = store.review_slot_agenda(&ana, slot.id, 2).await.unwrap();
    assert_eq!(
        (agenda[0].start, agenda[0].state.as_str()),
        (at("2026-12-21T09:00:00Z"), "cancelled")
    );
    assert_eq!(
        (agenda[1].start, agenda[1].state.as_str()),
        (at("2027-01-04T09:00:00Z"), "scheduled")
    );
    assert_eq!(agenda[1].postmortems[0].incident_id, late);

    // Deleting the slot cancels the whole series (no RECURRENCE-ID) and ends its jobs.
    store.delete_review_slot(&bo, slot.id).await.unwrap();
    let ran = run_due(&store).await;
    let cancel = ics(to(&ran.emails, "bo@"));
    assert!(
        cancel.contains("METHOD:CANCEL")
            && cancel.contains("SEQUENCE:2")
            && !cancel.contains("RECURRENCE-ID"),
        "{cancel}"
    );
    clock.set(at("2027-01-03T09:00:00Z"));
    let ran = run_due(&store).await;
    assert_eq!(ran.instances, vec![InstanceOutcome::Nothing]);
    assert!(ran.emails.is_empty());
    assert!(matches!(
        store.review_slot_agenda(&ana, slot.id, 2).await,
        Err(StoreError::NotFound(_))
    ));
}
