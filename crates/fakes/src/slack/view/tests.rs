use super::blocks::blocks;
use super::message::channel_messages;
use super::mrkdwn::mrkdwn;
use super::page;
use super::Names;
use crate::slack::model::{Channel, Ephemeral, Pin, Reaction, User, View};
use crate::slack::workspace::Workspace;
use serde_json::json;

fn person(id: &str, name: &str, is_bot: bool) -> User {
    User {
        id: id.into(),
        name: name.into(),
        real_name: name.into(),
        email: None,
        deleted: false,
        is_bot,
    }
}

/// alice and bob, the bot `goldseam`, and #incidents (C1) and a private #inc-1-db (C2).
fn workspace() -> Workspace {
    let mut ws = Workspace::default();
    ws.users.push(person("UBOT", "goldseam", true));
    ws.users.push(person("U1", "alice", false));
    ws.users.push(person("U2", "bob", false));
    for (id, name, private) in [("C1", "incidents", false), ("C2", "inc-1-db", true)] {
        ws.channels.push(Channel {
            id: id.into(),
            name: name.into(),
            is_private: private,
            is_archived: false,
            is_im: false,
            topic: String::new(),
            creator: "U1".into(),
            created: 0,
            members: vec!["U1".into(), "UBOT".into()],
        });
    }
    ws
}

fn names(ws: &Workspace) -> Names<'_> {
    Names::new(ws, "UBOT", "goldseam")
}

#[test]
fn everything_written_is_escaped() {
    let mut ws = workspace();
    let mut m = ws.blank_message("C1", "UBOT", "");
    m.bot_id = Some("B1".into());
    m.username = Some("Eve\"><script>alert(1)</script>".into());
    m.blocks = json!([
        {"type": "header", "text": {"type": "plain_text", "text": "<img src=x onerror=alert(1)>"}},
        {"type": "section", "text": {"type": "mrkdwn",
            "text": "&lt;script&gt;alert(\"x\")&lt;/script&gt; <javascript:alert(1)|click me> <https://ok.example/\" onmouseover=\"alert(1)|fine>"}},
        {"type": "weird<b>"},
    ]);
    ws.messages.push(m);
    let mut said = ws.blank_message(
        "C1",
        "U1",
        "&lt;b&gt;typed&lt;/b&gt; & 'quotes' <b>bold?</b>",
    );
    said.blocks = json!([{"type": "rich_text", "elements": []}]);
    ws.messages.push(said);
    let c = ws.channels[0].clone();
    let html = channel_messages(&ws, &names(&ws), &c, None);
    for raw in [
        "<script",
        "<img",
        "<b>bold",
        "<weird",
        "\" onmouseover",
        "href=\"javascript",
    ] {
        assert!(!html.contains(raw), "{raw} got through:\n{html}");
    }
    assert!(html.contains("Eve&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    // Not a link: a scheme other than http(s) and mailto shows as its label.
    assert!(html.contains("click me"));
    assert!(html.contains("href=\"https://ok.example/&quot; onmouseover=&quot;alert(1)\">fine</a>"));
    assert!(html.contains("&lt;b&gt;typed&lt;/b&gt; &amp; &#39;quotes&#39; bbold?/b"));
    assert!(html.contains("[weird&lt;b&gt; block]"));
}

#[test]
fn a_card_shows_its_title_fields_context_and_buttons() {
    let ws = workspace();
    let card = json!([
        {"type": "section", "text": {"type": "mrkdwn", "text": "🔴 *<https://g.example/incidents/INC-1|INC-1 · Checkout &amp; cart down>*"}},
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": "*Severity*\nSEV1 · Major"},
            {"type": "mrkdwn", "text": "*Incident manager*\n<@U1>"},
        ]},
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Declared 2026-12-04 15:39 UTC"}]},
        {"type": "actions", "elements": [
            {"type": "button", "action_id": "join", "text": {"type": "plain_text", "text": "Join the channel"}},
            {"type": "button", "action_id": "resolve", "style": "danger", "text": {"type": "plain_text", "text": "Resolve"}},
        ]},
        {"type": "section", "text": {"type": "mrkdwn", "text": "More"},
         "accessory": {"type": "overflow", "action_id": "more", "options": []}},
    ]);
    let html = blocks(&card, &names(&ws));
    assert!(html.contains(
        "🔴 <b><a href=\"https://g.example/incidents/INC-1\">INC-1 · Checkout &amp; cart down</a></b>"
    ), "{html}");
    assert!(html.contains("<div class=\"bk-fields\"><div class=\"bk-field\"><b>Severity</b><br>SEV1 · Major</div><div class=\"bk-field\"><b>Incident manager</b><br><span class=\"mention\">@alice</span></div></div>"), "{html}");
    assert!(html.contains("<hr class=\"bk-divider\">"));
    assert!(
        html.contains("<div class=\"bk-context\"><span>Declared 2026-12-04 15:39 UTC</span></div>")
    );
    assert!(html.contains("<span class=\"bk-button\" role=\"button\">Join the channel</span>"));
    assert!(html.contains("<span class=\"bk-button danger\" role=\"button\">Resolve</span>"));
    assert!(html.contains(
        "<div class=\"bk-accessory\"><span class=\"bk-button\" aria-label=\"More\">⋯</span></div>"
    ));
}

#[test]
fn mentions_are_resolved_to_names() {
    let ws = workspace();
    let n = names(&ws);
    assert_eq!(
        mrkdwn(
            "<@U1> and <@U2|bobby> in <#C2|old-name>, <!here>, <@U9|ghost> <@U8>",
            &n
        ),
        "<span class=\"mention\">@alice</span> and <span class=\"mention\">@bob</span> in \
         <span class=\"mention\">#inc-1-db</span>, <span class=\"mention\">@here</span>, \
         <span class=\"mention\">@ghost</span> <span class=\"mention\">@U8</span>"
    );
    let rich = json!([{"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [
        {"type": "user", "user_id": "U2"}, {"type": "text", "text": " look", "style": {"bold": true}},
        {"type": "emoji", "name": "eyes"},
    ]}]}]);
    assert_eq!(
        blocks(&rich, &n),
        "<div class=\"bk-rich\"><div><span class=\"mention\">@bob</span><b> look</b>👀</div></div>"
    );
}

#[test]
fn mrkdwn_formats_at_word_edges_and_leaves_urls_and_code_alone() {
    let ws = workspace();
    let n = names(&ws);
    let cases = [
        ("*bold* _it_ ~gone~", "<b>bold</b> <i>it</i> <s>gone</s>"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("* not bold *", "* not bold *"),
        (
            "<https://x.example/a_b_c|see_this>",
            "<a href=\"https://x.example/a_b_c\">see_this</a>",
        ),
        ("`*raw* &lt;i&gt;`", "<code>*raw* &lt;i&gt;</code>"),
        ("```\nline *1*\n```", "<pre><br>line *1*<br></pre>"),
        (
            "a\nb :pushpin: :nope: 14:02:30",
            "a<br>b 📌 :nope: 14:02:30",
        ),
        ("<!date^1700000000^{date_short}|Nov 14>", "Nov 14"),
        ("\u{E000} stays out", "\u{FFFD} stays out"),
    ];
    for (input, want) in cases {
        assert_eq!(mrkdwn(input, &n), want, "{input:?}");
    }
}

#[test]
fn a_channel_shows_authors_threads_edits_pins_and_reactions() {
    let mut ws = workspace();
    let mut card = ws.blank_message("C2", "UBOT", "INC-1");
    card.bot_id = Some("B1".into());
    card.blocks = json!([{"type": "section", "text": {"type": "mrkdwn", "text": "INC-1 card"}}]);
    card.edited = Some(("UBOT".into(), "2.0".into()));
    let card_ts = card.ts.clone();
    ws.messages.push(card);
    let mut said = ws.blank_message("C2", "U1", "Rolling back");
    said.edited = Some(("U1".into(), "3.0".into()));
    let said_ts = said.ts.clone();
    ws.messages.push(said);
    for text in ["On it", "Done"] {
        let mut r = ws.blank_message("C2", "U2", text);
        r.thread_ts = Some(said_ts.clone());
        ws.messages.push(r);
    }
    let mut mirrored = ws.blank_message("C2", "UBOT", "From the web room");
    mirrored.bot_id = Some("B1".into());
    mirrored.username = Some("Bob Chen".into());
    ws.messages.push(mirrored);
    let gone = ws.blank_message("C2", "U2", "deleted words");
    ws.messages.push(crate::slack::model::Message {
        deleted: true,
        ..gone
    });
    ws.pins.push(Pin {
        channel: "C2".into(),
        ts: said_ts.clone(),
        by: "U2".into(),
    });
    for user in ["U1", "U2"] {
        let r = Reaction {
            channel: "C2".into(),
            ts: said_ts.clone(),
            name: "eyes".into(),
            user: user.into(),
        };
        ws.reactions.push(r);
    }
    ws.ephemerals.push(Ephemeral {
        channel: "C2".into(),
        user: "U1".into(),
        text: "Only for *alice*".into(),
        blocks: serde_json::Value::Null,
        via: "chat.postEphemeral".into(),
    });
    let c = ws.channels[1].clone();
    let html = channel_messages(&ws, &names(&ws), &c, Some("U1"));
    let at = |s: &str| {
        html.find(s)
            .unwrap_or_else(|| panic!("no {s:?} in\n{html}"))
    };
    // In order: the card, alice's pinned message with its thread, the mirrored comment.
    assert!(at("INC-1 card") < at("Rolling back"));
    assert!(at("Rolling back") < at("2 replies"));
    assert!(at("2 replies") < at("On it") && at("On it") < at("Done"));
    assert!(at("Done") < at("From the web room"));
    assert!(!html.contains("deleted words"));
    // An app updating its card is not "(edited)"; alice's edit is.
    assert_eq!(html.matches("(edited)").count(), 1);
    assert!(at("Rolling back") < at("(edited)"));
    assert!(html.contains(&format!("<div class=\"msg pinned\" data-ts=\"{said_ts}\">")));
    assert!(html.contains("📌 Pinned by bob"));
    assert!(html.contains("<span class=\"reaction\" title=\"alice, bob\">👀 2</span>"));
    assert!(html.contains("<span class=\"name\">Bob Chen</span><span class=\"badge\">APP</span>"));
    assert!(html.contains("<span class=\"name\">alice</span><span class=\"time\""));
    assert!(html.contains("Only visible to you"));
    assert!(html.contains("Only for <b>alice</b>"));
    assert!(!channel_messages(&ws, &names(&ws), &c, Some("U2")).contains("Only for"));
    assert!(html.contains(&format!("data-ts=\"{card_ts}\"")));
}

#[test]
fn the_sidebar_marks_private_and_archived_channels() {
    let mut ws = workspace();
    ws.channels[1].is_archived = true;
    let html = page::sidebar(&ws, &names(&ws), "acme", page::Showing::Channel("C1"), None);
    assert!(html.contains("<a class=\"side-item current\" href=\"/_fake/view/C1\"><span class=\"mark\">#</span>incidents</a>"), "{html}");
    assert!(html.contains("<a class=\"side-item archived\" href=\"/_fake/view/C2\"><span class=\"mark\">🔒</span>inc-1-db <small>(archived)</small></a>"), "{html}");
}

#[test]
fn a_modal_shows_its_title_inputs_and_buttons() {
    let ws = workspace();
    let view = View {
        id: "V1".into(),
        user: "U1".into(),
        kind: "modal".into(),
        hash: "h".into(),
        closed: false,
        view: json!({
            "type": "modal",
            "title": {"type": "plain_text", "text": "Declare an incident"},
            "submit": {"type": "plain_text", "text": "Declare"},
            "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [
                {"type": "input", "label": {"type": "plain_text", "text": "Title"},
                 "element": {"type": "plain_text_input", "action_id": "v", "placeholder": {"type": "plain_text", "text": "What is broken"}}},
                {"type": "input", "label": {"type": "plain_text", "text": "Severity"},
                 "element": {"type": "static_select", "action_id": "v", "options": [
                    {"text": {"type": "plain_text", "text": "SEV1"}, "value": "SEV1"}]}},
                {"type": "input", "optional": true, "label": {"type": "plain_text", "text": "Visibility"},
                 "element": {"type": "checkboxes", "action_id": "v", "options": [
                    {"text": {"type": "plain_text", "text": "Private"}, "value": "true",
                     "description": {"type": "plain_text", "text": "Never announced"}}]}},
            ],
        }),
    };
    let html = page::modal(&names(&ws), &view);
    assert!(html.contains("<h2>Declare an incident</h2>"));
    assert!(html.contains("<div class=\"bk-label\">Title</div><div class=\"bk-input\"><span class=\"ph\">What is broken</span></div>"), "{html}");
    assert!(html.contains("Select an item"));
    assert!(html.contains("Visibility <span class=\"bk-optional\">(optional)</span>"));
    assert!(html.contains("☐</span><div>Private<div class=\"bk-hint\">Never announced</div>"));
    assert!(html.contains(
        "<span class=\"bk-button\">Cancel</span><span class=\"bk-button primary\">Declare</span>"
    ));
}
