//! Payloads in their stored and wire forms: `kind` and `data`.

use super::*;

#[test]
fn payloads_round_trip_through_kind_and_data() {
    let p = EventPayload::StatusChanged {
        from: crate::Status::Active,
        to: crate::Status::Canceled,
        reason: Some("false alarm".into()),
        transition: TransitionKindWire::Forward,
    };
    assert_eq!(p.kind(), "status_changed");
    let back = EventPayload::from_parts(p.kind(), &p.data_json()).unwrap();
    assert_eq!(back, p);
}

#[test]
fn the_wire_shape_is_kind_and_data() {
    let p = EventPayload::CommentAdded {
        body: "hi".into(),
        reply_to: None,
        chat: None,
    };
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        serde_json::json!({"kind": "comment_added", "data": {"body": "hi"}})
    );
}
