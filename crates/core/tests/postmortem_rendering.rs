//! The whitelist renderer against documents the real editor wrote (fixtures made by TipTap with
//! the web app's schema, see fixtures/postmortem/README.md) and against hostile documents: every
//! word TipTap shows, the server shows too, in the same order; no rendering carries anything
//! outside the whitelist (no script, no handler, no unsafe link), whatever the document holds.

use goldseam_core::postmortem::default_factor_categories;
use goldseam_core::postmortem::document::{
    load, read_document, render_html, render_markdown, RenderContext, FRAGMENT,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use yrs::types::Attrs;
use yrs::{Any, Doc, Text, Transact, Xml, XmlElementPrelim, XmlFragment, XmlTextPrelim};

fn ctx() -> RenderContext {
    RenderContext {
        zone: jiff::tz::TimeZone::UTC,
        categories: default_factor_categories(),
        follow_ups: Default::default(),
    }
}

fn fixtures() -> Vec<(String, Vec<u8>, Option<String>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postmortem");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".update.bin"))
        else {
            continue;
        };
        let html = std::fs::read_to_string(dir.join(format!("{name}.html"))).ok();
        found.push((name.to_string(), std::fs::read(&path).unwrap(), html));
    }
    found.sort();
    assert!(
        found.len() >= 16,
        "the fixtures are missing: {}",
        dir.display()
    );
    found
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text a reader sees in an HTML fragment, as runs in order (times left out: TipTap's
/// fixtures show them raw, the server in the reader's zone).
fn text_runs(html: &str) -> Vec<String> {
    let (mut runs, mut rest, mut in_time) = (Vec::new(), html, false);
    while let Some(open) = rest.find('<') {
        let text = decode_entities(&rest[..open]);
        if !in_time && !text.trim().is_empty() {
            runs.push(text.trim().to_lowercase());
        }
        let close = rest[open..].find('>').unwrap() + open;
        let tag = &rest[open + 1..close];
        if tag.starts_with("time") {
            in_time = true;
        } else if tag == "/time" {
            in_time = false;
        }
        rest = &rest[close + 1..];
    }
    if !rest.trim().is_empty() {
        runs.push(decode_entities(rest).trim().to_lowercase());
    }
    runs
}

#[test]
fn every_word_the_editor_shows_the_server_shows_in_the_same_order() {
    for (name, update, tiptap) in fixtures() {
        let Some(tiptap) = tiptap else { continue };
        let doc = load(&[&update]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours = render_html(&read_document(&doc), &ctx());
        let seen = text_runs(&ours).join(" ");
        let mut at = 0;
        for run in text_runs(&tiptap) {
            match seen[at..].find(&run) {
                Some(i) => at += i + run.len(),
                None => panic!("{name}: “{run}” missing or out of order in\n{ours}"),
            }
        }
    }
}

#[test]
fn no_fixture_renders_outside_the_whitelist() {
    for (name, update, _) in fixtures() {
        let doc = load(&[&update]).unwrap();
        let blocks = read_document(&doc);
        let html = render_html(&blocks, &ctx());
        assert_only_whitelisted_tags(&html);
        assert!(
            !html.to_lowercase().contains("javascript:"),
            "{name}: {html}"
        );
        let md = render_markdown(&blocks, &ctx());
        assert!(!md.to_lowercase().contains("javascript:"), "{name}: {md}");
        assert_no_raw_html(&name, &md);
    }
}

/// Outside code (fenced blocks and code spans, which Markdown shows as text), every `<` is
/// escaped: no Markdown renderer downstream can meet raw HTML.
fn assert_no_raw_html(name: &str, md: &str) {
    let mut in_fence = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        for (i, outside_code) in line.split('`').enumerate() {
            if i % 2 == 1 {
                continue;
            }
            let bytes = outside_code.as_bytes();
            for (at, b) in bytes.iter().enumerate() {
                let escaped = at > 0 && bytes[at - 1] == b'\\';
                assert!(*b != b'<' || escaped, "{name}: raw < in “{line}”");
            }
        }
    }
}

/// Builds a document by hand with what a hostile client could write.
fn hostile() -> Doc {
    let doc = Doc::new();
    let body = doc.get_or_insert_xml_fragment(FRAGMENT);
    let mut txn = doc.transact_mut();
    let p = body.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
    let t = p.push_back(&mut txn, XmlTextPrelim::new(""));
    t.insert(
        &mut txn,
        0,
        "<img src=x onerror=alert(1)> <script>alert(2)</script> ",
    );
    let link = |href: &str| -> Attrs {
        let attrs = HashMap::from([("href".to_string(), Any::from(href))]);
        Attrs::from([(Arc::<str>::from("link"), Any::from(attrs))])
    };
    t.insert_with_attributes(&mut txn, 60, "click", link("javascript:alert(3)"));
    t.insert_with_attributes(
        &mut txn,
        65,
        "safe",
        link("https://example.com/a\"onmouseover=\"x"),
    );
    let unknown = body.push_back(&mut txn, XmlElementPrelim::empty("script"));
    unknown.push_back(&mut txn, XmlTextPrelim::new("alert(4)"));
    let iframe = body.push_back(&mut txn, XmlElementPrelim::empty("iframe"));
    iframe.insert_attribute(&mut txn, "src", Any::from("javascript:alert(5)"));
    let code = body.push_back(&mut txn, XmlElementPrelim::empty("codeBlock"));
    code.insert_attribute(
        &mut txn,
        "language",
        Any::from("js\"><script>alert(6)</script>"),
    );
    code.push_back(
        &mut txn,
        XmlTextPrelim::new("</code><script>alert(7)</script>"),
    );
    let event = body.push_back(&mut txn, XmlElementPrelim::empty("timelineEvent"));
    event.insert_attribute(&mut txn, "author", Any::from("<b onclick=alert(8)>Eve</b>"));
    drop(txn);
    doc
}

#[test]
fn no_rendering_of_a_hostile_document_carries_script() {
    let blocks = read_document(&hostile());
    let html = render_html(&blocks, &ctx());
    assert_only_whitelisted_tags(&html);
    assert!(!html.contains("javascript:"), "{html}");
    // The words stay readable as text.
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(
        html.contains("alert(4)"),
        "unknown nodes become text: {html}"
    );
    assert!(
        html.contains(" click<a href=\"https://"),
        "the unsafe link is plain text: {html}"
    );

    let md = render_markdown(&blocks, &ctx());
    assert!(!md.contains("javascript:"), "{md}");
    assert!(md.contains("\\<img src=x onerror=alert(1)\\>"), "{md}");
    assert!(
        md.contains("```jsscriptalert6script\n</code><script>alert(7)</script>\n```"),
        "code stays code: {md}"
    );
}

/// Every real tag (text is escaped, so each `<` starts one) is from the whitelist, with only the
/// attributes the renderer writes: no `on*` handler, no `style`, no `src`.
fn assert_only_whitelisted_tags(html: &str) {
    const TAGS: &[&str] = &[
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "ol",
        "li",
        "input",
        "blockquote",
        "pre",
        "code",
        "hr",
        "table",
        "tr",
        "th",
        "td",
        "strong",
        "em",
        "s",
        "u",
        "a",
        "br",
        "span",
    ];
    const ATTRS: &[&str] = &[
        "href",
        "rel",
        "class",
        "data-category",
        "data-id",
        "start",
        "type",
        "disabled",
        "checked",
    ];
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').expect("an unclosed tag") + open;
        let tag = &rest[open + 1..close];
        let mut parts = tag.trim_start_matches('/').split_whitespace();
        let name = parts.next().unwrap();
        assert!(TAGS.contains(&name), "tag <{name}> in {html}");
        // Attribute values are quoted and escaped, so splitting on `"` leaves names at even places.
        let attrs: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        for attr in attrs.split_whitespace().skip(1) {
            let attr_name = attr.trim_end_matches('=');
            assert!(
                ATTRS.contains(&attr_name),
                "attribute {attr_name} on <{name}> in {html}"
            );
        }
        rest = &rest[close + 1..];
    }
}
