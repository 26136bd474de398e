//! Opening and moving the postmortem through the incident's commands.

use super::*;

#[test]
fn the_postmortem_opens_once_and_moves_from_the_state_its_events_left() {
    use crate::postmortem::{ReviewAction, ReviewContext, ReviewState};
    let catalog = Catalog::default();
    let mut s = declared(&catalog);
    let actor = member(1);
    let reviewer = ReviewContext {
        reviewers: 1,
        actor_reviews: true,
        open_threads: 0,
    };
    let move_it = |action| Command::MovePostmortem {
        action,
        context: reviewer,
        reviewers: vec![user(2)],
    };
    assert!(
        matches!(
            decide(&s, &move_it(ReviewAction::RequestReview), &actor, &catalog),
            Err(DomainError::Conflict(_))
        ),
        "no postmortem yet"
    );
    let opened = decide(
        &s,
        &Command::OpenPostmortem { automatic: true },
        &actor,
        &catalog,
    )
    .unwrap();
    apply_all(&mut s, opened, 1);
    assert_eq!(
        s.postmortem.map(|p| (p.state, p.version)),
        Some((ReviewState::Draft, 1))
    );
    assert!(matches!(
        decide(
            &s,
            &Command::OpenPostmortem { automatic: false },
            &actor,
            &catalog
        ),
        Err(DomainError::NoChange(_))
    ));
    for action in [
        ReviewAction::RequestReview,
        ReviewAction::Approve,
        ReviewAction::Publish,
        ReviewAction::Amend,
    ] {
        let events = decide(&s, &move_it(action), &actor, &catalog).unwrap();
        apply_all(&mut s, events, 1);
    }
    assert_eq!(
        s.postmortem.map(|p| (p.state, p.version)),
        Some((ReviewState::Draft, 2)),
        "amending starts version 2"
    );
    // Only a request for review names reviewers on the timeline.
    let asked = decide(&s, &move_it(ReviewAction::RequestReview), &actor, &catalog).unwrap();
    assert!(
        matches!(&asked[0], EventPayload::PostmortemStateChanged { reviewers, version: 2, .. } if reviewers == &vec![user(2)])
    );
    assert!(
        matches!(
            decide(&s, &move_it(ReviewAction::Publish), &actor, &catalog),
            Err(DomainError::Conflict(_))
        ),
        "not approved yet"
    );
}
