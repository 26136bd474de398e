use super::*;
use crate::postmortem::{default_factor_categories, default_template};
use jiff::Timestamp;
use yrs::{
    Doc, ReadTxn, StateVector, Text, Transact, XmlElementPrelim, XmlFragment, XmlTextPrelim,
};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn facts() -> SeedFacts {
    SeedFacts {
        reference: "INC-7".into(),
        title: "Checkout errors".into(),
        summary: Some("Payments **failed** for EU customers.".into()),
        severity: "SEV1".into(),
        type_name: Some("Default".into()),
        services: vec!["checkout".into()],
        tags: vec!["payments".into()],
        roles: vec![SeedRole {
            role: "Incident manager".into(),
            person: "Ines Manager".into(),
        }],
        declared_at: ts("2026-12-01T13:00:00Z"),
        acknowledged_at: Some(ts("2026-12-01T13:04:10Z")),
        mitigated_at: Some(ts("2026-12-01T13:32:00Z")),
        resolved_at: Some(ts("2026-12-01T14:05:00Z")),
        timeline: vec![SeedTimelineItem {
            event_id: 12,
            at: ts("2026-12-01T13:10:00Z"),
            author: "Ada Responder".into(),
            kind: "comment".into(),
            text: "Rolled back deploy 4711 → ok".into(),
        }],
    }
}

fn ctx(zone: &str) -> RenderContext {
    RenderContext {
        zone: jiff::tz::TimeZone::get(zone).unwrap(),
        categories: default_factor_categories(),
        follow_ups: Default::default(),
    }
}

fn seeded() -> Doc {
    load(&[&seed_update(&default_template(), &facts())]).unwrap()
}

#[test]
fn seed_renders_title_header_sections_and_quoted_events_in_the_readers_zone() {
    let md = render_markdown(&read_document(&seeded()), &ctx("Europe/Paris"));
    assert!(md.starts_with("# INC-7: Checkout errors\n"), "{md}");
    assert!(md.contains("- **Severity:** SEV1\n"), "{md}");
    assert!(
        md.contains("- **Incident manager:** Ines Manager\n"),
        "{md}"
    );
    assert!(md.contains("- **Acknowledged:** after 4 min\n- **Mitigated:** after 32 min\n- **Resolved:** after 1 h 5 min"), "{md}");
    assert!(
        md.contains("## Summary\n\nPayments **failed** for EU customers.\n"),
        "{md}"
    );
    // 13:10 UTC is 14:10 in Paris in December.
    assert!(
        md.contains(
            "> **2026-12-01 14:10 CET** · Ada Responder (comment)\n> Rolled back deploy 4711"
        ),
        "{md}"
    );
    for section in default_template() {
        assert!(
            md.contains(&format!("## {}\n", section.title)),
            "{} missing in {md}",
            section.title
        );
    }
    // Help text is a placeholder, never content.
    assert!(!md.contains("Two or three sentences"), "{md}");
}

#[test]
fn sections_cut_at_level_two_headings() {
    let found = sections(&read_document(&seeded()), &ctx("UTC"));
    assert_eq!(
        found[0].title,
        "INC\\-7: Checkout errors".replace("\\-", "-")
    );
    assert_eq!(found[1].title, "Summary");
    assert_eq!(found[1].markdown, "Payments **failed** for EU customers.");
    assert_eq!(found[2].title, "Impact");
    assert_eq!(found[2].markdown, "");
    assert_eq!(found.len(), 1 + default_template().len());
}

#[test]
fn updates_from_two_editors_merge_in_any_order() {
    let seed = seed_update(&default_template(), &facts());
    let a = load(&[&seed]).unwrap();
    let b = load(&[&seed]).unwrap();
    let edit = |doc: &Doc, words: &str| {
        let body = doc.get_or_insert_xml_fragment(FRAGMENT);
        let mut txn = doc.transact_mut();
        let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
        t.insert(&mut txn, 0, words);
        txn.encode_update_v1()
    };
    let ua = edit(&a, "from a");
    let ub = edit(&b, "from b");
    let one = render_markdown(
        &read_document(&load(&[&seed, &ua, &ub]).unwrap()),
        &ctx("UTC"),
    );
    let two = render_markdown(
        &read_document(&load(&[&seed, &ub, &ua]).unwrap()),
        &ctx("UTC"),
    );
    assert_eq!(one, two);
    assert!(one.contains("from a") && one.contains("from b"));
}

#[test]
fn markdown_escapes_what_would_become_structure() {
    let doc = Doc::new();
    let body = doc.get_or_insert_xml_fragment(FRAGMENT);
    {
        let mut txn = doc.transact_mut();
        for line in [
            "# not a heading",
            "1. not a list",
            "*not emphasis*",
            "- not an item",
        ] {
            let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
            let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
            t.insert(&mut txn, 0, line);
        }
    }
    let md = render_markdown(&read_document(&doc), &ctx("UTC"));
    assert_eq!(
        md,
        "\\# not a heading\n\n1\\. not a list\n\n\\*not emphasis\\*\n\n\\- not an item\n"
    );
}

#[test]
fn bad_updates_are_refused_with_a_reason() {
    assert!(matches!(
        decode_update(&[0xff, 0xff, 0xff]),
        Err(DocumentError::Malformed(_))
    ));
    let huge = vec![0u8; MAX_UPDATE_BYTES + 1];
    assert!(matches!(
        decode_update(&huge),
        Err(DocumentError::TooLarge { .. })
    ));
    let doc = seeded();
    let good = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    assert!(decode_update(&good).is_ok());
}

#[test]
fn nesting_deeper_than_the_limit_reads_as_text() {
    let doc = Doc::new();
    let body = doc.get_or_insert_xml_fragment(FRAGMENT);
    {
        let mut txn = doc.transact_mut();
        let mut parent = body.push_back(&mut txn, XmlElementPrelim::empty("blockquote"));
        for _ in 0..200 {
            parent = parent.push_back(&mut txn, XmlElementPrelim::empty("blockquote"));
        }
        let p = parent.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(&mut txn, XmlTextPrelim::new("deep"));
    }
    let html = render_html(&read_document(&doc), &ctx("UTC"));
    assert!(html.contains("deep"));
    assert!(html.matches("<blockquote>").count() <= MAX_DEPTH);
}

#[test]
fn a_readers_handshake_answer_adds_nothing_but_an_edit_does() {
    let server = seeded();
    // Someone deleted a word, so the document has a delete set.
    {
        let body = server.get_or_insert_xml_fragment(FRAGMENT);
        let mut txn = server.transact_mut();
        let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
        t.insert(&mut txn, 0, "keep drop");
        t.remove_range(&mut txn, 4, 5);
    }
    let full = server
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    let reader = load(&[&full]).unwrap();
    let server_sv = server.transact().state_vector();
    let answer = reader.transact().encode_state_as_update_v1(&server_sv);
    let answer = decode_update(&answer).unwrap();
    assert!(!answer.is_empty(), "Yjs sends its whole delete set");
    assert!(adds_nothing(&server, &answer));

    let edit = {
        let body = reader.get_or_insert_xml_fragment(FRAGMENT);
        let mut txn = reader.transact_mut();
        let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
        p.push_back(&mut txn, XmlTextPrelim::new("new"));
        txn.encode_update_v1()
    };
    assert!(!adds_nothing(&server, &decode_update(&edit).unwrap()));
    let deletion = {
        let body = reader.get_or_insert_xml_fragment(FRAGMENT);
        let mut txn = reader.transact_mut();
        body.remove_range(&mut txn, 0, 1);
        txn.encode_update_v1()
    };
    assert!(
        !adds_nothing(&server, &decode_update(&deletion).unwrap()),
        "a new deletion is an edit"
    );
}

#[test]
fn follow_up_blocks_show_the_follow_up_as_it_stands() {
    use yrs::types::xml::Xml;
    let doc = Doc::new();
    let body = doc.get_or_insert_xml_fragment(FRAGMENT);
    {
        let mut txn = doc.transact_mut();
        for (id, title) in [(57i64, "Alert on <depth>"), (58, "Gone since")] {
            let el = body.push_back(&mut txn, XmlElementPrelim::empty("followUp"));
            el.insert_attribute(&mut txn, "followUpId", yrs::Any::from(id));
            el.insert_attribute(&mut txn, "title", yrs::Any::from(title));
        }
    }
    let mut c = ctx("UTC");
    c.follow_ups.insert(
        57,
        FollowUpNote {
            title: "Alert on queue <depth>".into(),
            status: crate::follow_up::FollowUpStatus::Done,
            owner: Some("Bo".into()),
            due_on: Some(jiff::civil::date(2026, 12, 10)),
        },
    );
    let blocks = read_document(&doc);
    let md = render_markdown(&blocks, &c);
    assert!(
        md.contains("- [x] **Follow-up:** Alert on queue \\<depth\\> (done · Bo · due 2026-12-10)"),
        "{md}"
    );
    // One the reader may not see (or deleted) keeps the title it was inserted with.
    assert!(md.contains("- [ ] **Follow-up:** Gone since\n"), "{md}");
    let html = render_html(&blocks, &c);
    assert!(html.contains("<p class=\"follow-up finished\"><strong>Follow-up:</strong> Alert on queue &lt;depth&gt; <span class=\"meta\">(done · Bo · due 2026-12-10)</span></p>"), "{html}");
}
