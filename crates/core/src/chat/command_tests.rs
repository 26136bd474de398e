use super::command::{help_text, parse, ChatAction, ChatCommand};
use super::person::PersonRef;
use crate::id::IncidentId;
use crate::status::Status;

const INC: &str = "/inc";

fn ok(text: &str) -> ChatCommand {
    parse(INC, text).unwrap_or_else(|u| panic!("{text:?} refused: {}", u.message))
}

fn refused(text: &str) -> String {
    parse(INC, text).expect_err(text).message
}

#[test]
fn bare_command_and_declare_open_the_form() {
    assert_eq!(ok("").action, ChatAction::Declare { title: None });
    match ok("declare  Checkout is down ").action {
        ChatAction::Declare { title: Some(t) } => assert_eq!(t.as_str(), "Checkout is down"),
        other => panic!("{other:?}"),
    }
    assert_eq!(ok("help").action, ChatAction::Help);
}

#[test]
fn a_reference_names_the_incident_and_alone_shows_it() {
    let c = ok("INC-42 severity sev1");
    assert_eq!(c.incident, Some(IncidentId::from_db(42)));
    assert_eq!(c.action, ChatAction::Severity { key: "SEV1".into() });
    let c = ok("inc-7");
    assert_eq!(
        (c.incident, c.action),
        (Some(IncidentId::from_db(7)), ChatAction::Show)
    );
    assert_eq!(
        ok("42 status Mitigated").action,
        ChatAction::Status {
            status: Status::Mitigated
        }
    );
}

#[test]
fn subcommands_carry_their_text() {
    match ok("update Rolled back; error rate falling").action {
        ChatAction::Update { body } => assert_eq!(body.as_str(), "Rolled back; error rate falling"),
        other => panic!("{other:?}"),
    }
    match ok("resolve feature flag off").action {
        ChatAction::Resolve { note: Some(n) } => assert_eq!(n.as_str(), "feature flag off"),
        other => panic!("{other:?}"),
    }
    assert_eq!(ok("resolve").action, ChatAction::Resolve { note: None });
    assert_eq!(
        ok("page <@U1|bo> Database").action,
        ChatAction::Page {
            people: vec![PersonRef::ChatUser {
                id: "U1".into(),
                name: Some("bo".into())
            }],
            team: Some("Database".into()),
        }
    );
    assert_eq!(
        ok("lead me").action,
        ChatAction::Lead {
            person: PersonRef::Me
        }
    );
}

#[test]
fn mistakes_say_what_was_wrong_and_show_the_forms() {
    let help = help_text(INC);
    for (text, says) in [
        ("frobnicate", "/inc does not know \"frobnicate\""),
        ("update", "update needs the text"),
        ("severity", "severity needs one severity"),
        ("severity SEV1 SEV2", "severity needs one severity"),
        ("status sleeping", "unknown status \"sleeping\""),
        ("page", "page needs a person"),
        ("lead @a @b", "lead needs one person"),
        ("lead Database", "lead needs one person"),
        ("INC-0 update x", "is not an incident reference"),
        ("INC-4 declare x", "leave out the reference"),
        ("INC-4 help", "help works without"),
    ] {
        let message = refused(text);
        assert!(message.contains(says), "{text:?}: {message}");
        assert!(message.ends_with(&help), "{text:?} lacks the forms");
    }
    let long = format!("declare {}", "x".repeat(201));
    assert!(refused(&long).contains("200"), "the title limit is named");
}

#[test]
fn the_incident_comes_from_the_command_or_the_channel() {
    let channel = Some(IncidentId::from_db(9));
    assert_eq!(ok("update x").target(INC, channel), Ok(channel));
    assert_eq!(
        ok("INC-3 update x").target(INC, channel),
        Ok(Some(IncidentId::from_db(3)))
    );
    assert_eq!(ok("declare").target(INC, channel), Ok(None));
    let outside = ok("update x").target(INC, None).unwrap_err().message;
    assert!(
        outside.starts_with("Name the incident (INC-42)"),
        "{outside}"
    );
}
