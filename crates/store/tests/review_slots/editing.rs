//! Editing a slot: the series sent again, what waits moves with it.

use super::*;

pub async fn editing_resends_the_series_and_moves_what_waits(db: TestDb) {
    let (store, clock) = fixed_store(&db).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let (team, index) = team_with_service(&store, "Search", &[&ana, &bo], "Index").await;
    let weekly = "FREQ=WEEKLY;BYDAY=MO";
    let slot = store
        .create_review_slot(&ana, team, rule("10:00", weekly, "Search review"), None)
        .await
        .unwrap();
    // A first meeting less than a day away is refused, naming the field.
    let today: jiff::civil::Date = "2026-12-01".parse().unwrap();
    let tuesdays = rule("10:00", "FREQ=WEEKLY;BYDAY=TU", "x");
    let e = store
        .update_review_slot(&ana, slot.id, tuesdays, Some(today))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Domain(DomainError::Invalid { field, .. }) if field == "starts_on"),
        "{e:?}"
    );

    // Renamed before the invitations went out: only the update is sent, the series unmoved.
    let renamed = store
        .update_review_slot(
            &ana,
            slot.id,
            rule("10:00", weekly, "Search learning"),
            None,
        )
        .await
        .unwrap();
    assert_eq!((renamed.sequence, renamed.starts_on), (1, slot.starts_on));
    let ran = run_due(&store).await;
    assert_eq!(
        ran.emails.len(),
        2,
        "the overtaken invitations send nothing"
    );
    let mail = to(&ran.emails, "ana@");
    assert!(
        mail.subject.starts_with("Updated: Search learning"),
        "{}",
        mail.subject
    );
    assert!(ics(mail).contains("SEQUENCE:1"));

    // A postmortem waits for Monday 7th; the slot moves to Tuesdays 14:00, and it follows.
    let r = published(
        &store,
        &clock,
        "2026-12-02T10:00:00Z",
        (&ana, &bo),
        "Stale results",
        vec![index],
    )
    .await;
    assert_eq!(run_due(&store).await.joined, vec![1]);
    clock.set(at("2026-12-03T10:00:00Z"));
    let moved = store
        .update_review_slot(
            &bo,
            slot.id,
            rule("14:00", "FREQ=WEEKLY;BYDAY=TU", "Search learning"),
            None,
        )
        .await
        .unwrap();
    assert_eq!(moved.starts_on.to_string(), "2026-12-08");
    let ran = run_due(&store).await;
    let series = ics(to(&ran.emails, "bo@"));
    assert!(
        series.contains("DTSTART;TZID=Europe/Berlin:20261208T140000")
            && series.contains("RRULE:FREQ=WEEKLY;BYDAY=TU")
            && series.contains("SEQUENCE:2"),
        "{series}"
    );
    let (_, agenda) = store.review_slot_agenda(&ana, slot.id, 1).await.unwrap();
    assert_eq!(agenda[0].start, at("2026-12-08T13:00:00Z"));
    assert_eq!(agenda[0].postmortems[0].incident_id, r);

    // The old Monday's job finds no such instance; the new Tuesday's sends the agenda.
    clock.set(at("2026-12-07T13:00:00Z"));
    let ran = run_due(&store).await;
    assert_eq!(
        ran.instances,
        vec![InstanceOutcome::Nothing, InstanceOutcome::AgendaSent(1)]
    );
    assert_eq!(ran.emails.len(), 2);
}
