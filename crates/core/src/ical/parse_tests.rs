use super::*;

#[test]
fn unfolds_and_splits_parameters() {
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY;LANGUAGE=en:Long\r\n  title\r\nATTENDEE;CN=\"Doe, Jane\";MEMBER=\"mailto:a@x\",\"mailto:b@x\":mailto:j@x\r\nX-NOTE;X-Q=a^'b^n:v\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let top = parse(text).unwrap();
    let event = &top[0].children[0];
    assert_eq!(event.name, "VEVENT");
    let summary = event.property("summary").unwrap();
    assert_eq!(summary.value, "Long title");
    assert_eq!(summary.line, 3);
    assert_eq!(summary.param("language"), Some("en"));
    let attendee = event.property("ATTENDEE").unwrap();
    assert_eq!(attendee.param("CN"), Some("Doe, Jane"));
    assert_eq!(attendee.params[1].values, ["mailto:a@x", "mailto:b@x"]);
    assert_eq!(attendee.value, "mailto:j@x");
    assert_eq!(attendee.line, 5);
    assert_eq!(
        event.property("X-NOTE").unwrap().param("X-Q"),
        Some("a\"b\n")
    );
}

#[test]
fn bare_line_feeds_and_tabs_fold_too() {
    // Xandikos' calendar-data arrives inside XML, whose parser turns CRLF into LF.
    let text = "BEGIN:VCALENDAR\nBEGIN:VFREEBUSY\nFREEBUSY:20260310T120000Z/20260310T1300\n\t00Z\nEND:VFREEBUSY\nEND:VCALENDAR\n";
    let top = parse(text).unwrap();
    let fb = top[0].descendants_named("VFREEBUSY")[0];
    assert_eq!(
        fb.property("FREEBUSY").unwrap().value,
        "20260310T120000Z/20260310T130000Z"
    );
}

#[test]
fn errors_name_the_line() {
    let cases = [
        ("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART 20260310\nEND:VEVENT\nEND:VCALENDAR\n", 4, "expected ':'"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VTODO\nEND:VCALENDAR\n", 3, "END:VTODO does not close BEGIN:VEVENT (line 2)"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\n", 3, "ends before END:VEVENT"),
        ("<!DOCTYPE html>\n<html>\n", 1, "expected BEGIN:VCALENDAR"),
        ("BEGIN:VCALENDAR\nX;P=\"open:v\nEND:VCALENDAR\n", 2, "unclosed quote"),
        (" folded\n", 1, "continuation line"),
        ("BEGIN:VCALENDAR\nEND:VCALENDAR\nEND:VCALENDAR\n", 3, "without a matching BEGIN"),
        ("", 1, "no calendar"),
    ];
    for (text, line, message) in cases {
        let err = parse(text).unwrap_err();
        assert_eq!(err.line, line, "{text:?}: {err}");
        assert!(err.message.contains(message), "{text:?}: {err}");
        assert!(err.to_string().starts_with(&format!("line {line}: ")));
    }
}

#[test]
fn invalid_utf8_is_reported_on_its_line() {
    let err = parse_bytes(b"BEGIN:VCALENDAR\nSUMMARY:caf\xe9\nEND:VCALENDAR\n").unwrap_err();
    assert_eq!(err.line, 2);
}

#[test]
fn limits_are_enforced() {
    let deep = "BEGIN:X\n".repeat(MAX_DEPTH + 1);
    assert!(parse(&deep).unwrap_err().message.contains("nested"));
    let long = format!(
        "BEGIN:VCALENDAR\nX:{}\nEND:VCALENDAR\n",
        "a".repeat(MAX_LINE + 1)
    );
    assert_eq!(parse(&long).unwrap_err().line, 2);
}

#[test]
fn descendants_are_found_in_order() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nBEGIN:VALARM\nEND:VALARM\nEND:VEVENT\nBEGIN:VEVENT\nUID:2\nEND:VEVENT\nEND:VCALENDAR\n";
    let top = parse(text).unwrap();
    let uids: Vec<_> = top[0]
        .descendants_named("VEVENT")
        .iter()
        .map(|c| c.property("UID").unwrap().value.clone())
        .collect();
    assert_eq!(uids, ["1", "2"]);
    assert_eq!(top[0].descendants_named("valarm").len(), 1);
}

proptest::proptest! {
    #[test]
    fn never_panics_on_any_text(text in "(BEGIN:V[A-Z]{1,8}|END:V[A-Z]{1,8}|[A-Z-]{1,6}(;[A-Z]{1,3}=(\"[^\"]{0,5}\"|[^;:,]{0,5})){0,2}:[ -~]{0,10}| [ -~]{0,5}|[^\n]{0,8})(\r?\n(BEGIN:VCALENDAR|END:VCALENDAR|BEGIN:VEVENT|END:VEVENT|[A-Z]{1,5}:[ -~]{0,6}| [ -~]{0,4}|[^\n]{0,8})){0,12}") {
        let _ = parse(&text);
    }
}
