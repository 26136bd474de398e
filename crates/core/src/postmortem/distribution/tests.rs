use super::*;
use crate::postmortem::document::{Block, Inline, Marks, Section};
use crate::{Catalog, DomainError, UserId};

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text {
        text: s.into(),
        marks: Marks::default(),
    }]
}
fn heading(level: u8, s: &str) -> Block {
    Block::Heading {
        level,
        content: text(s),
    }
}
fn para(s: &str) -> Block {
    Block::Paragraph {
        content: text(s),
        help: None,
    }
}
fn audience(kind: AudienceKind) -> Audience {
    Audience {
        kind,
        team_id: None,
        address: None,
        channel: None,
        url: None,
        rendering: Rendering::Full,
        required: true,
    }
}
fn fields(errors: Vec<DomainError>) -> Vec<String> {
    errors
        .into_iter()
        .map(|e| match e {
            DomainError::Invalid { field, .. } => field,
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn the_default_policy_reaches_subscribers_and_the_whole_company_for_the_gravest() {
    let catalog = Catalog::default();
    let policy = default_policy(&catalog);
    assert_eq!(validate_policy(&policy, &catalog), Ok(policy.clone()));
    let gravest = catalog.severities[0].key.to_string();
    assert_eq!(policy.rules_for(&gravest, "other").count(), 2);
    assert_eq!(policy.rules_for("SEV3", "other").count(), 1);
    let everyone = &policy.rules[1].audiences[0];
    assert_eq!(
        (everyone.kind, everyone.rendering),
        (AudienceKind::Everyone, Rendering::Summary)
    );
}

#[test]
fn rules_match_by_severity_and_type_and_empty_lists_match_everything() {
    let rule = DistributionRule {
        name: "Security leads".into(),
        severities: vec!["SEV1".into(), "SEV2".into()],
        types: vec!["security".into()],
        audiences: vec![audience(AudienceKind::Everyone)],
    };
    assert!(rule.matches("SEV2", "security"));
    assert!(!rule.matches("SEV3", "security"));
    assert!(!rule.matches("SEV1", "other"));
    let any = DistributionRule {
        severities: vec![],
        types: vec![],
        ..rule
    };
    assert!(any.matches("SEV4", "other"));
}

#[test]
fn every_problem_is_named_by_its_path_and_nothing_stray_is_kept() {
    let catalog = Catalog::default();
    let mut list = audience(AudienceKind::MailingList);
    list.address = Some("not an address".into());
    let mut slack = audience(AudienceKind::SlackChannel);
    slack.channel = Some("#general".into());
    let mut hook = audience(AudienceKind::Webhook);
    hook.url = Some("ftp://x".into());
    let policy = DistributionPolicy {
        participants_required: true,
        reminder_days: Some(0),
        rules: vec![DistributionRule {
            name: "  ".into(),
            severities: vec!["SEV9".into()],
            types: vec!["nope".into()],
            audiences: vec![list, slack, hook, audience(AudienceKind::Team)],
        }],
    };
    assert_eq!(
        fields(validate_policy(&policy, &catalog).unwrap_err()),
        [
            "reminder_days",
            "rules[0].name",
            "rules[0].severities[0]",
            "rules[0].types[0]",
            "rules[0].audiences[0].address",
            "rules[0].audiences[1].channel",
            "rules[0].audiences[2].url",
            "rules[0].audiences[3].team_id",
        ]
    );

    let mut list = audience(AudienceKind::MailingList);
    list.address = Some(" Eng-All@Example.com ".into());
    list.channel = Some("C0123ABCD".into());
    let mut slack = audience(AudienceKind::SlackChannel);
    slack.channel = Some("c0123abcd".into());
    let ok = DistributionPolicy {
        participants_required: false,
        reminder_days: None,
        rules: vec![DistributionRule {
            name: " Leadership ".into(),
            severities: vec![],
            types: vec![],
            audiences: vec![list, slack],
        }],
    };
    let fixed = validate_policy(&ok, &catalog).unwrap();
    let a = &fixed.rules[0].audiences;
    assert_eq!(fixed.rules[0].name, "Leadership");
    assert_eq!(a[0].address.as_deref(), Some("eng-all@example.com"));
    assert_eq!(a[0].channel, None, "a mailing list keeps no channel");
    assert!(
        !a[0].required,
        "a list cannot acknowledge, so it is never required"
    );
    assert_eq!(a[1].channel.as_deref(), Some("C0123ABCD"));
}

#[test]
fn each_person_gets_one_message_in_the_richest_rendering_with_every_reason() {
    let (ana, bo) = (UserId::from_db(1), UserId::from_db(2));
    let readers = merge_readers(
        [
            (bo, Reason::Everyone, Rendering::Summary, false),
            (ana, Reason::Everyone, Rendering::Summary, false),
            (ana, Reason::Participant, Rendering::Full, true),
            (ana, Reason::Everyone, Rendering::Summary, false),
        ],
        [
            (Channel::Slack("C1".into()), Rendering::Summary),
            (Channel::Slack("C1".into()), Rendering::Full),
            (
                Channel::MailingList("all@example.com".into()),
                Rendering::Summary,
            ),
        ],
    );
    assert_eq!(readers.people.len(), 2);
    let a = &readers.people[0];
    assert_eq!(
        (a.user_id, a.rendering, a.required),
        (ana, Rendering::Full, true)
    );
    assert_eq!(a.reasons, [Reason::Everyone, Reason::Participant]);
    assert_eq!(readers.people[1].rendering, Rendering::Summary);
    assert_eq!(readers.channels.len(), 2);
    assert!(readers
        .channels
        .iter()
        .any(|c| c.channel == Channel::Slack("C1".into()) && c.rendering == Rendering::Full));

    let private = readers.private(|u| u == bo);
    assert_eq!(private.people.len(), 1);
    assert_eq!(private.people[0].user_id, bo);
    assert!(
        private.channels.is_empty(),
        "no channel carries a private postmortem"
    );
}

#[test]
fn the_executive_summary_is_the_head_and_the_summary_and_impact_sections() {
    let doc = vec![
        heading(1, "INC-7 Checkout is down"),
        para("SEV1 · 42 minutes"),
        heading(2, "Summary"),
        para("Payments failed."),
        heading(2, "Timeline"),
        para("14:02 first alert"),
        heading(2, "Impact"),
        para("3% of orders"),
    ];
    let titles = vec!["summary".to_string(), "Impact".to_string()];
    let summary = summary_blocks(&doc, &titles);
    assert_eq!(
        summary,
        vec![
            doc[0].clone(),
            doc[1].clone(),
            doc[2].clone(),
            doc[3].clone(),
            doc[6].clone(),
            doc[7].clone()
        ]
    );
    // A document without those sections: its first section stands in.
    let summary = summary_blocks(&doc, &["Nothing".to_string()]);
    assert_eq!(summary, doc[..4].to_vec());
}

#[test]
fn an_amendment_is_described_section_by_section() {
    let s = |title: &str, md: &str| Section {
        title: title.into(),
        markdown: md.into(),
    };
    let old = vec![
        s("INC-7", "SEV1"),
        s("Summary", "a"),
        s("Impact", "b"),
        s("Luck", "c"),
    ];
    let new = vec![
        s("INC-7", "SEV0"),
        s("Summary", "a"),
        s("Impact", "b, and more"),
        s("Timeline", "t"),
    ];
    assert_eq!(
        changes_between(&old, &new),
        [
            "“Impact” changed",
            "Added section “Timeline”",
            "Removed section “Luck”"
        ]
    );
    assert!(changes_between(&old, &old).is_empty());
}

#[test]
fn an_email_says_why_it_comes_links_the_reader_and_escapes_what_is_not_the_rendering() {
    let reasons = vec!["participant".to_string(), "team:Payments & Co".to_string()];
    let changes = vec!["“Impact” changed".to_string()];
    let m = ReaderMessage {
        reference: "INC-7",
        title: "Checkout <down>",
        version: 2,
        rendering: Rendering::Full,
        purpose: Purpose::Amended,
        subject: "[Postmortem v2] INC-7 Checkout <down>",
        text_body: "## Impact\n3% of orders",
        html_body: "<h2>Impact</h2><p>3% of orders</p>",
        changes: &changes,
        link: "https://g.example.com/read/r1.abc",
        reasons: &reasons,
    };
    let e = compose_email(&m);
    assert_eq!(e.subject, "Amended: [Postmortem v2] INC-7 Checkout <down>");
    assert!(e.text.contains("- “Impact” changed\n"), "{}", e.text);
    assert!(e
        .text
        .contains("Read it online and say you have read it: https://g.example.com/read/r1.abc"));
    assert!(e.text.contains(
        "You receive this because you took part in the incident, and you are in Payments & Co."
    ));
    assert!(e.html.contains("Checkout &lt;down&gt;"));
    assert!(
        e.html.contains("<h2>Impact</h2>"),
        "the rendering is already sanitized HTML"
    );
    assert!(e.html.contains("Payments &amp; Co"));
    let first = compose_email(&ReaderMessage {
        purpose: Purpose::First,
        rendering: Rendering::Summary,
        ..m.clone()
    });
    assert!(first
        .text
        .starts_with("The postmortem's executive summary of INC-7"));
    assert!(!first.text.contains("What changed"), "{}", first.text);
    let reminder = compose_email(&ReaderMessage {
        purpose: Purpose::Reminder,
        ..m
    });
    assert!(reminder.subject.starts_with("Reminder: "));

    let post = slack_post(
        "INC-7",
        "Checkout",
        1,
        &"x".repeat(2_000),
        "https://g/read/r2.f",
    );
    assert!(post.starts_with("*Postmortem published: INC-7 Checkout*"));
    assert!(post.ends_with("<https://g/read/r2.f|Read the postmortem>"));
    assert!(post.chars().count() < 1_600);
}
