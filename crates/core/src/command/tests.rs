use super::*;
use crate::actor::UserRole;
use crate::event::EventRecord;
use crate::id::{EventId, IncidentId};
use crate::severity::{SeverityKey, TypeKey};
use crate::tags::Tag;
use crate::text::{Body, Reason, Title};
use jiff::Timestamp;

fn user(id: i64) -> UserId {
    UserId::from_db(id)
}

fn sev(key: &str) -> SeverityKey {
    SeverityKey::parse("severity", key).unwrap()
}

fn member(id: i64) -> Actor {
    Actor {
        user_id: user(id),
        role: UserRole::Member,
    }
}

fn declared(catalog: &Catalog) -> IncidentState {
    let d = Declaration {
        title: Title::parse("title", "Checkout down #payments").unwrap(),
        summary: None,
        severity: sev("SEV2"),
        incident_type: None,
        tags: vec![Tag::parse("tags[0]", "EU").unwrap()],
        private: None,
        services: vec![],
    };
    let mut state = IncidentState::new(
        IncidentId::from_db(1),
        Timestamp::UNIX_EPOCH,
        sev("SEV2"),
        TypeKey::parse("type", "other").unwrap(),
    );
    apply_all(&mut state, declare(&d, catalog).unwrap(), 1);
    state
}

fn apply_all(state: &mut IncidentState, events: Vec<EventPayload>, actor: i64) {
    for payload in events {
        let seq = state.last_seq + 1;
        let record = EventRecord {
            id: EventId::from_db(seq),
            incident_id: state.id,
            seq,
            actor_id: Some(user(actor)),
            at: Timestamp::UNIX_EPOCH,
            payload,
        };
        state.apply(&record);
    }
}

#[test]
fn declaring_records_explicit_tags_then_hashtags() {
    let catalog = Catalog::default();
    let state = declared(&catalog);
    assert_eq!(state.tags, ["eu", "payments"]);
    assert_eq!(state.incident_type, "other");
    assert!(!state.private);
    assert_eq!(state.last_seq, 3);
}

#[test]
fn unknown_severity_lists_the_valid_ones() {
    let catalog = Catalog::default();
    let d = Declaration {
        title: Title::parse("title", "x").unwrap(),
        summary: None,
        severity: sev("SEV9"),
        incident_type: None,
        tags: vec![],
        private: None,
        services: vec![],
    };
    let err = declare(&d, &catalog).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown severity \"SEV9\"; valid severities are SEV0, SEV1, SEV2, SEV3, SEV4"
    );
}

#[test]
fn security_incidents_start_private_unless_told_otherwise() {
    let catalog = Catalog::default();
    let mut d = Declaration {
        title: Title::parse("title", "leak").unwrap(),
        summary: None,
        severity: sev("SEV1"),
        incident_type: Some("security".into()),
        tags: vec![],
        private: None,
        services: vec![],
    };
    match &declare(&d, &catalog).unwrap()[0] {
        EventPayload::Declared {
            private,
            private_because,
            ..
        } => {
            assert!(private);
            assert_eq!(
                private_because.as_deref(),
                Some("Security incidents start private")
            );
        }
        other => panic!("{other:?}"),
    }
    d.private = Some(false);
    assert!(matches!(
        &declare(&d, &catalog).unwrap()[0],
        EventPayload::Declared {
            private: false,
            private_because: None,
            ..
        }
    ));
    // The declarer's own choice needs no explaining.
    d.private = Some(true);
    assert!(matches!(
        &declare(&d, &catalog).unwrap()[0],
        EventPayload::Declared {
            private: true,
            private_because: None,
            ..
        }
    ));
}

#[test]
fn single_holder_roles_replace_and_multi_holder_roles_accumulate() {
    let catalog = Catalog::default();
    let mut state = declared(&catalog);
    let assign = |role: &str, user_id| Command::AssignRole {
        role: role.into(),
        user_id: user(user_id),
    };
    let ev = decide(&state, &assign("incident_manager", 5), &member(1), &catalog).unwrap();
    apply_all(&mut state, ev, 1);
    let ev = decide(&state, &assign("incident_manager", 6), &member(1), &catalog).unwrap();
    assert!(matches!(
        &ev[0],
        EventPayload::RoleAssigned {
            replaced_user_id: Some(replaced),
            ..
        } if *replaced == user(5)
    ));
    apply_all(&mut state, ev, 1);
    for user in [5, 6] {
        let ev = decide(&state, &assign("responder", user), &member(1), &catalog).unwrap();
        apply_all(&mut state, ev, 1);
    }
    let holders: Vec<_> = state
        .roles
        .iter()
        .map(|r| (r.role.as_str(), r.user_id.get()))
        .collect();
    assert_eq!(
        holders,
        [("incident_manager", 6), ("responder", 5), ("responder", 6)]
    );
    assert!(decide(&state, &assign("responder", 5), &member(1), &catalog).is_err());
    assert!(matches!(
        decide(&state, &assign("chef", 5), &member(1), &catalog),
        Err(DomainError::UnknownRole { .. })
    ));
}

#[test]
fn comments_add_their_hashtags_once() {
    let catalog = Catalog::default();
    let state = declared(&catalog);
    let body = Body::parse("body", "still #payments, now #db and #DB").unwrap();
    let ev = decide(&state, &Command::Comment(body), &member(1), &catalog).unwrap();
    let kinds: Vec<_> = ev.iter().map(|e| e.kind()).collect();
    assert_eq!(kinds, ["comment_added", "tag_added"]);
}

#[test]
fn only_the_author_or_an_admin_edits_a_comment() {
    let catalog = Catalog::default();
    let state = declared(&catalog);
    let comment = CommentState {
        id: EventId::from_db(9),
        author_id: Some(user(1)),
        body: "old".into(),
        deleted: false,
    };
    let body = Body::parse("body", "new").unwrap();
    let edit = Command::EditComment {
        comment: comment.clone(),
        body,
    };
    assert!(decide(&state, &edit, &member(1), &catalog).is_ok());
    assert!(matches!(
        decide(&state, &edit, &member(2), &catalog),
        Err(DomainError::Forbidden(_))
    ));
    let admin = Actor {
        user_id: user(2),
        role: UserRole::Admin,
    };
    assert!(decide(&state, &edit, &admin, &catalog).is_ok());
    let gone = Command::DeleteComment(CommentState {
        deleted: true,
        ..comment
    });
    assert!(matches!(
        decide(&state, &gone, &member(1), &catalog),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn viewers_change_nothing() {
    let catalog = Catalog::default();
    let state = declared(&catalog);
    let viewer = Actor {
        user_id: user(3),
        role: UserRole::Viewer,
    };
    let cmd = Command::Comment(Body::parse("body", "hi").unwrap());
    assert!(matches!(
        decide(&state, &cmd, &viewer, &catalog),
        Err(DomainError::Forbidden(_))
    ));
}

#[test]
fn status_updates_can_move_the_status_and_record_times() {
    let catalog = Catalog::default();
    let mut state = declared(&catalog);
    let update = |status| Command::StatusUpdate {
        body: Body::parse("body", "we rolled back").unwrap(),
        status,
    };
    let ev = decide(
        &state,
        &update(Some(Status::Mitigated)),
        &member(1),
        &catalog,
    )
    .unwrap();
    assert_eq!(
        ev.iter().map(|e| e.kind()).collect::<Vec<_>>(),
        ["status_changed", "status_update"]
    );
    apply_all(&mut state, ev, 1);
    assert_eq!(state.status, Status::Mitigated);
    assert!(state.acknowledged_at.is_some() && state.mitigated_at.is_some());
    assert_eq!(
        state.last_update.as_ref().unwrap().status,
        Status::Mitigated
    );
    assert!(decide(&state, &update(Some(Status::Closed)), &member(1), &catalog).is_err());
}

#[test]
fn reopening_clears_resolution_and_counts() {
    let catalog = Catalog::default();
    let mut state = declared(&catalog);
    for to in [Status::Resolved, Status::Active] {
        let ev = decide(
            &state,
            &Command::ChangeStatus { to, reason: None },
            &member(1),
            &catalog,
        )
        .unwrap();
        apply_all(&mut state, ev, 1);
    }
    assert_eq!(state.reopened_count, 1);
    assert!(state.resolved_at.is_none());
}

#[test]
fn pins_toggle() {
    let catalog = Catalog::default();
    let mut state = declared(&catalog);
    let ev = decide(
        &state,
        &Command::Pin(EventId::from_db(1)),
        &member(1),
        &catalog,
    )
    .unwrap();
    apply_all(&mut state, ev, 1);
    assert_eq!(state.pinned, [EventId::from_db(1)]);
    assert!(decide(
        &state,
        &Command::Pin(EventId::from_db(1)),
        &member(1),
        &catalog
    )
    .is_err());
    let ev = decide(
        &state,
        &Command::Unpin(EventId::from_db(1)),
        &member(1),
        &catalog,
    )
    .unwrap();
    apply_all(&mut state, ev, 1);
    assert!(state.pinned.is_empty());
}

#[test]
fn people_say_why_an_incident_changes_visibility_and_goldseam_names_its_rule() {
    let catalog = Catalog::default();
    let mut state = declared(&catalog);
    let private = |reason: Option<&str>| Command::SetPrivate {
        private: true,
        reason: reason.map(|r| Reason::parse("reason", r).unwrap()),
    };
    let refused = decide(&state, &private(None), &member(1), &catalog).unwrap_err();
    assert!(matches!(refused, DomainError::Invalid { ref field, .. } if field == "reason"));
    assert!(decide(&state, &private(None), &Actor::GOLDSEAM, &catalog).is_ok());

    let ev = decide(
        &state,
        &private(Some("customer data")),
        &member(1),
        &catalog,
    )
    .unwrap();
    assert_eq!(
        ev,
        [EventPayload::VisibilityChanged {
            private: true,
            reason: Some("customer data".into())
        }]
    );
    apply_all(&mut state, ev, 1);
    assert!(state.private);
}

#[test]
fn access_is_granted_on_private_incidents_to_people_who_cannot_see_them_yet() {
    let catalog = Catalog::default();
    let mut state = declared(&catalog);
    let grant = |id: i64| Command::GrantAccess {
        user_id: user(id),
        reason: Reason::parse("reason", "our counsel").unwrap(),
    };
    let public = decide(&state, &grant(7), &member(1), &catalog).unwrap_err();
    assert_eq!(
        public,
        DomainError::Conflict("the incident is public: everyone can already see it".into())
    );
    state.private = true;
    assert!(matches!(
        decide(&state, &grant(1), &member(1), &catalog),
        Err(DomainError::NoChange(_))
    ));
    let ev = decide(&state, &grant(7), &member(1), &catalog).unwrap();
    assert_eq!(
        ev,
        [EventPayload::AccessGranted {
            user_id: user(7),
            reason: "our counsel".into()
        }]
    );
}

mod postmortem;
