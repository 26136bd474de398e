//! Every parser that takes text from a person, fed arbitrary Unicode: none may panic, and what
//! each accepts must read back as itself. A reference like `abcß` once panicked the handler by
//! slicing a string inside a multi-byte character; these properties look for the next one.
//!
//! Inputs mix three shapes, since random Unicode alone rarely reaches the interesting branches:
//! any string at all, a valid-looking prefix followed by anything, and strings built from
//! characters known to trip byte arithmetic (multi-byte letters whose case changes their
//! length, combining marks, emoji, right-to-left text, digits from other scripts, NUL).

use goldseam_core::people::contact::{
    parse_e164, parse_slack_user, parse_webhook_url, ContactAddress, ContactKind,
};
use goldseam_core::people::profile::{TimeZoneName, WorkingHours};
use goldseam_core::people::rules::Urgency;
use goldseam_core::people::team::{Description, Name, TeamRole};
use goldseam_core::people::verification::VerificationCode;
use goldseam_core::schedule::spec::{parse_instant, parse_time_zone};
use goldseam_core::schedule::spec::{
    LayerSpec, RestrictionSpec, ScheduleDefinition, ShiftSpec, ShiftUnit,
};
use goldseam_core::tags::{extract_hashtags, Tag, MAX_TAG_CHARS};
use goldseam_core::text::{Body, Email, PersonName, Reason, Summary, Title};
use goldseam_core::{IncidentId, Status, SubscriptionChannel};
use goldseam_core::{SeverityKey, TypeKey};
use proptest::prelude::*;

/// Characters that break code which counts bytes as characters or assumes case mapping keeps
/// lengths: `ß` (2 bytes, uppercases to `SS`), `İ` (lowercases to two characters), `ǅ`
/// (titlecase), combining marks, a 4-byte emoji with a joiner, Arabic and Hebrew, full-width
/// and Devanagari digits, NUL, and the ASCII the parsers look for.
const TRICKY: &[&str] = &[
    "ß",
    "İ",
    "ǅ",
    "\u{307}",
    "\u{301}",
    "👩‍🚒",
    "🔥",
    "ع",
    "ש",
    "\u{200f}",
    "４",
    "२",
    "\0",
    "\u{feff}",
    "\u{2028}",
    "I",
    "N",
    "C",
    "-",
    "#",
    "+",
    "/",
    ":",
    "@",
    "_",
    " ",
    "\t",
    "0",
    "4",
    "2",
    "9",
    "a",
    "Z",
    "T",
    ".",
    "[",
    "]",
];

fn tricky() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TRICKY), 0..24).prop_map(|parts| parts.concat())
}

/// Any string, a prefix a parser branches on followed by anything, or tricky characters.
fn text_with(prefixes: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        (prop::sample::select(prefixes), any::<String>()).prop_map(|(p, s)| format!("{p}{s}")),
        (prop::sample::select(prefixes), tricky()).prop_map(|(p, s)| format!("{p}{s}")),
        tricky(),
    ]
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 2_000,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn incident_references(raw in text_with(&["INC-", "inc-", "INC", "INC-1", ""])) {
        if let Ok(r) = IncidentId::parse_reference(&raw) {
            prop_assert!(r.get() > 0);
            prop_assert_eq!(IncidentId::parse_reference(&r.reference()), Ok(r));
        }
    }

    #[test]
    fn tags_read_back_as_themselves(raw in text_with(&["#", "##", "#a", ""])) {
        if let Ok(tag) = Tag::parse("tag", &raw) {
            prop_assert!(tag.as_str().chars().count() <= MAX_TAG_CHARS);
            prop_assert_eq!(Tag::parse("tag", tag.as_str()), Ok(tag.clone()));
        }
    }

    #[test]
    fn hashtags_found_in_text_are_valid_tags(raw in text_with(&["#", " #", "x#", "#a"])) {
        for tag in extract_hashtags(&raw) {
            prop_assert_eq!(Tag::parse("tag", tag.as_str()), Ok(tag.clone()));
        }
    }

    #[test]
    fn texts_stay_within_their_limits(raw in text_with(&["", " ", "\n"])) {
        if let Ok(t) = Title::parse("title", &raw) {
            prop_assert!(t.as_str().chars().count() <= Title::MAX_CHARS);
        }
        if let Ok(t) = PersonName::parse("name", &raw) {
            prop_assert!(t.as_str().chars().count() <= PersonName::MAX_CHARS);
        }
        if let Ok(t) = Summary::parse("summary", &raw) {
            prop_assert!(t.as_str().chars().count() <= Summary::MAX_CHARS);
        }
        if let Ok(t) = Body::parse("body", &raw) {
            prop_assert!(t.as_str().chars().count() <= Body::MAX_CHARS);
        }
        if let Ok(t) = Reason::parse("reason", &raw) {
            prop_assert!(t.as_str().chars().count() <= Reason::MAX_CHARS);
        }
        if let Ok(e) = Email::parse("email", &raw) {
            prop_assert_eq!(Email::parse("email", e.as_str()), Ok(e.clone()));
        }
    }

    #[test]
    fn keys_and_names(raw in text_with(&["SEV", "sev", "a-", "_"])) {
        if let Ok(k) = SeverityKey::parse("severity", &raw) {
            prop_assert!(k.as_str().is_ascii());
        }
        if let Ok(s) = TypeKey::parse("type", &raw) {
            prop_assert!(s.as_str().is_ascii());
        }
        let _ = Status::parse("status", &raw);
        let _ = SubscriptionChannel::parse("channel", &raw);
        let _ = Urgency::parse("urgency", &raw);
        let _ = TeamRole::parse("role", &raw);
        let _ = Name::parse("name", &raw);
        let _ = Description::parse("description", &raw);
        let _ = VerificationCode::parse("code", &raw);
        let _ = ContactKind::parse("kind", &raw);
    }

    #[test]
    fn contact_addresses(raw in text_with(&["+", "+1", "https://", "http://", "HTTPS://", "http://[", "U", "@"])) {
        if let Ok(n) = parse_e164("phone", &raw) {
            prop_assert_eq!(parse_e164("phone", &n), Ok(n.clone()));
        }
        if let Ok(u) = parse_webhook_url("url", &raw) {
            prop_assert_eq!(parse_webhook_url("url", &u), Ok(u.clone()));
        }
        let _ = parse_slack_user("slack", &raw);
        for kind in ContactKind::ALL {
            let _ = ContactAddress::parse("address", kind, &raw);
        }
    }

    #[test]
    fn time_zones_and_instants(raw in text_with(&["Europe/", "America/", "UTC", "2026-03-08T", "9999-12-31T", "+"])) {
        if let Ok(z) = TimeZoneName::parse("time_zone", &raw) {
            prop_assert_eq!(TimeZoneName::parse("time_zone", z.as_str()), Ok(z.clone()));
        }
        let _ = parse_time_zone("time_zone", &raw);
        let _ = parse_instant("at", &raw);
    }

    #[test]
    fn schedules_written_in_any_text(
        name in text_with(&["Primary"]),
        zone in text_with(&["Europe/", "UTC"]),
        start in text_with(&["2026-03-02T", "2026-03-02T09:00"]),
        end in prop::option::of(text_with(&["2026-03-09T", "2026-"])),
        times in prop::collection::vec(text_with(&["09:", "1", "24:00"]), 4),
        days in prop::collection::vec(text_with(&["mon", "friday", "Sunday"]), 2),
    ) {
        let layer = LayerSpec {
            name: name.clone(),
            start,
            end,
            shift: ShiftSpec { unit: ShiftUnit::Days, count: 1 },
            participants: vec![goldseam_core::UserId::from_db(1)],
            restrictions: vec![
                RestrictionSpec::Daily { start: times[0].clone(), end: times[1].clone() },
                RestrictionSpec::Weekly {
                    start_day: days[0].clone(),
                    start: times[2].clone(),
                    end_day: days[1].clone(),
                    end: times[3].clone(),
                },
            ],
        };
        let _ = ScheduleDefinition::parse(&name, Some(&name), &zone, &[layer]);
        let _ = WorkingHours::parse(&[
            (days[0].clone(), times[0].clone(), times[1].clone()),
            (days[1].clone(), times[2].clone(), times[3].clone()),
        ]);
    }
}
