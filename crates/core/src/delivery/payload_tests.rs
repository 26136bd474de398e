//! The payloads' parsing, checks, destinations and verification codes.

use super::*;
use serde_json::json;

#[test]
fn each_kind_parses_and_round_trips() {
    let cases = [
        (
            "email",
            json!({"to": "ana@example.com", "subject": "SEV1", "text": "down", "link": "https://g/INC-1"}),
        ),
        ("sms", json!({"to": "+15551234567", "body": "INC-1 SEV1"})),
        ("voice", json!({"to": "+15551234567", "message": "INC-1"})),
        ("slack", json!({"channel": "C024BE91L", "text": "hi"})),
        (
            "mattermost",
            json!({"user": "8sd7hwgz9jfqtfpg8n3i5w7hbo", "text": "Page: INC-1", "page_id": 7}),
        ),
        (
            "webhook",
            json!({"url": "https://hooks.example.com/x", "body": {"a": 1}}),
        ),
        (
            "verify",
            json!({"channel": "sms", "address": "+15551234567", "text": "code 123456"}),
        ),
        ("verify", json!({"contact_method_id": 7})),
    ];
    for (kind, payload) in cases {
        let d = Delivery::parse(kind, &payload).unwrap();
        assert_eq!(d.kind(), kind);
        assert_eq!(Delivery::parse(kind, &d.payload()).unwrap(), d);
    }
}

#[test]
fn bad_payloads_name_the_field_and_what_is_accepted() {
    let e = Delivery::parse("sms", &json!({"to": "555-1234", "body": "x"})).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("to: \"555-1234\" is not an E.164"),
        "{e}"
    );
    let e = Delivery::parse("fax", &json!({})).unwrap_err();
    assert!(e.to_string().contains("known kinds are email, sms"), "{e}");
    let e = Delivery::parse("webhook", &json!({"url": "ftp://x", "body": {}})).unwrap_err();
    assert!(e.to_string().starts_with("url:"), "{e}");
    let e =
        Delivery::parse("slack", &json!({"channel": "C1", "text": "x", "extra": 1})).unwrap_err();
    assert!(e.to_string().contains("extra"), "{e}");
}

#[test]
fn a_calendar_part_must_say_the_same_method_as_its_calendar() {
    let ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
    let email = |method: &str| {
        json!({"to": "a@example.com", "subject": "Review", "text": "x",
               "calendar": {"method": method, "ics": ics}})
    };
    let d = Delivery::parse("email", &email("REQUEST")).unwrap();
    assert_eq!(Delivery::parse("email", &d.payload()).unwrap(), d);
    let e = Delivery::parse("email", &email("CANCEL")).unwrap_err();
    assert!(e.to_string().starts_with("calendar.ics: its METHOD"), "{e}");
    let e = Delivery::parse("email", &email("request")).unwrap_err();
    assert!(e.to_string().starts_with("calendar.method:"), "{e}");
}

#[test]
fn e164_is_plus_and_8_to_15_digits() {
    for ok in ["+15551234567", "+4930123456", "+12345678"] {
        assert!(check_e164("to", ok).is_ok(), "{ok}");
    }
    for bad in [
        "15551234567",
        "+0123456789",
        "+1234567",
        "+1234567890123456",
        "+1 555",
        "",
    ] {
        assert!(check_e164("to", bad).is_err(), "{bad}");
    }
}

#[test]
fn destinations_group_by_channel_and_address() {
    let sms = Delivery::parse("sms", &json!({"to": "+15551234567", "body": "x"})).unwrap();
    let code = Delivery::parse(
        "verify",
        &json!({"channel": "sms", "address": "+15551234567", "text": "code"}),
    )
    .unwrap();
    assert_eq!(sms.destination(), "sms:+15551234567");
    assert_eq!(code.destination(), sms.destination());
    assert!(matches!(code.resolve_verify(), Delivery::Sms(m) if m.body == "code"));
}

#[test]
fn a_mattermost_code_is_a_direct_message_to_the_user_id() {
    let user = "8sd7hwgz9jfqtfpg8n3i5w7hbo";
    let code = Delivery::parse(
        "verify",
        &json!({"channel": "mattermost", "address": user, "text": "code 123456"}),
    )
    .unwrap();
    assert_eq!(code.destination(), format!("mattermost:{user}"));
    let dm = code.resolve_verify();
    assert_eq!(dm.destination(), format!("mattermost:{user}"));
    assert!(
        matches!(&dm, Delivery::Mattermost(m) if m.user == user && m.text == "code 123456" && m.page_id.is_none())
    );
    for bad in ["@bob", "8SD7HWGZ9JFQTFPG8N3I5W7HBO", "short"] {
        let e = Delivery::parse("mattermost", &json!({"user": bad, "text": "x"})).unwrap_err();
        assert!(e.to_string().starts_with("user:"), "{bad}: {e}");
    }
    let long = "x".repeat(MATTERMOST_TEXT_MAX + 1);
    let e = Delivery::parse("mattermost", &json!({"user": user, "text": long})).unwrap_err();
    assert!(e.to_string().starts_with("text:"), "{e}");
}
