use super::*;
use serde_json::json;

const BOT: &str = "bot00000000000000000000000";
const ADA: &str = "ada00000000000000000000000";
const CHAN: &str = "chan0000000000000000000000";

fn post(id: &str, user: &str, message: &str) -> Value {
    json!({"id": id, "channel_id": CHAN, "user_id": user, "root_id": "", "message": message,
           "type": "", "props": {}, "is_pinned": false, "create_at": 1000, "update_at": 1000,
           "edit_at": 0, "delete_at": 0})
}

fn frame(event: &str, data: Value) -> Value {
    json!({"event": event, "data": data, "seq": 3,
           "broadcast": {"channel_id": CHAN, "user_id": "", "team_id": ""}})
}

fn post_event(event: &str, p: &Value) -> Value {
    frame(event, json!({"post": p.to_string()}))
}

fn reader() -> Reader {
    Reader::new(BOT, "https://chat.example.com/")
}

fn inbounds(list: Vec<Parsed>) -> Vec<Inbound> {
    list.into_iter().map(|p| p.inbound).collect()
}

#[test]
fn a_persons_post_is_a_message_and_a_reply_names_its_root() {
    let mut r = reader();
    let mut p = post("p1", ADA, "Rolling back");
    p["root_id"] = json!("root1");
    p["metadata"] = json!({"files": [{"id": "f1", "name": "graph.png"}]});
    let got = r.event(&post_event("posted", &p), "c1");
    assert_eq!(got[0].dedup_id, "posted:p1");
    assert_eq!(
        got[0].inbound,
        Inbound::Message {
            channel: CHAN.into(),
            user: ADA.into(),
            ts: "p1".into(),
            thread_ts: Some("root1".into()),
            text: "Rolling back".into(),
            files: vec![SharedFile {
                name: "graph.png".into(),
                url: "https://chat.example.com/api/v4/files/f1".into()
            }],
        }
    );
}

#[test]
fn the_bots_own_posts_system_messages_and_webhooks_are_ignored() {
    let mut r = reader();
    let mut system = post("p2", ADA, "@ada joined the channel.");
    system["type"] = json!("system_join_channel");
    let mut hook = post("p3", ADA, "Done: INC-1");
    hook["props"] = json!({"from_webhook": "true"});
    for p in [post("p1", BOT, "Confirmed"), system, hook] {
        let got = inbounds(r.event(&post_event("posted", &p), "c1"));
        assert!(matches!(got[..], [Inbound::Ignored { .. }]), "{got:?}");
    }
    let deleted = r.event(&post_event("post_deleted", &post("p1", BOT, "x")), "c1");
    assert!(matches!(deleted[0].inbound, Inbound::Ignored { .. }));
}

#[test]
fn an_edit_and_a_pin_are_told_apart_by_what_the_reader_saw() {
    let mut r = reader();
    let mut p = post("p1", ADA, "Seeing 500s");
    r.event(&post_event("posted", &p), "c1");
    p["message"] = json!("Seeing 502s");
    p["edit_at"] = json!(2000);
    p["update_at"] = json!(2000);
    let got = r.event(&post_event("post_edited", &p), "c1");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].dedup_id, "edit:p1:2000");
    assert!(
        matches!(&got[0].inbound, Inbound::MessageEdited { text, .. } if text == "Seeing 502s")
    );
    p["is_pinned"] = json!(true);
    p["update_at"] = json!(3000);
    let got = inbounds(r.event(&post_event("post_edited", &p), "c1"));
    assert_eq!(
        got,
        [Inbound::Pinned {
            channel: CHAN.into(),
            ts: "p1".into(),
            user: String::new()
        }]
    );
    // A pin of the bot's post (a comment written in Goldseam) is a pin too, never an edit.
    let mut mine = post("p9", BOT, "Root cause");
    r.event(&post_event("posted", &mine), "c1");
    mine["is_pinned"] = json!(true);
    let got = inbounds(r.event(&post_event("post_edited", &mine), "c1"));
    assert!(matches!(got[..], [Inbound::Pinned { .. }]), "{got:?}");
}

#[test]
fn a_post_the_reader_never_saw_says_both() {
    let mut r = reader();
    let mut p = post("p1", ADA, "Seeing 502s");
    p["edit_at"] = json!(2000);
    p["update_at"] = json!(2000);
    let got = inbounds(r.event(&post_event("post_edited", &p), "c1"));
    assert!(
        matches!(
            got[..],
            [Inbound::MessageEdited { .. }, Inbound::Unpinned { .. }]
        ),
        "{got:?}"
    );
}

#[test]
fn reactions_and_joins_name_their_person() {
    let mut r = reader();
    let reaction =
        json!({"user_id": ADA, "post_id": "p1", "emoji_name": "pushpin", "create_at": 5});
    let got = r.event(
        &frame("reaction_added", json!({"reaction": reaction.to_string()})),
        "c1",
    );
    assert_eq!(
        got[0].dedup_id,
        "react:p1:ada00000000000000000000000:pushpin:5"
    );
    assert_eq!(
        got[0].inbound,
        Inbound::ReactionAdded {
            channel: CHAN.into(),
            ts: "p1".into(),
            user: ADA.into(),
            emoji: "pushpin".into()
        }
    );
    let mine = json!({"user_id": BOT, "post_id": "p1", "emoji_name": "eyes", "create_at": 6});
    let got = r.event(
        &frame("reaction_removed", json!({"reaction": mine.to_string()})),
        "c1",
    );
    assert!(matches!(got[0].inbound, Inbound::Ignored { .. }));
    let got = inbounds(r.event(
        &frame("user_added", json!({"user_id": ADA, "team_id": "t"})),
        "c1",
    ));
    assert_eq!(
        got,
        [Inbound::MemberJoined {
            channel: CHAN.into(),
            user: ADA.into()
        }]
    );
    assert!(r.event(&frame("typing", json!({})), "c1").is_empty());
}

#[test]
fn a_catch_up_reads_new_posts_edits_pins_and_deletions_in_order() {
    let mut r = reader();
    let mut known = post("old", ADA, "Known");
    r.event(&post_event("posted", &known), "c1");
    known["is_pinned"] = json!(true);
    known["update_at"] = json!(5000);
    let mut fresh = post("new", ADA, "Missed while away");
    fresh["create_at"] = json!(3000);
    fresh["update_at"] = json!(3000);
    let mut gone = post("gone", ADA, "Deleted while away");
    gone["delete_at"] = json!(4000);
    gone["update_at"] = json!(4000);
    let list = json!({"order": ["old", "gone", "new"], "posts": {"old": known, "gone": gone, "new": fresh}});
    let got: Vec<String> = r
        .catch_up(&list, 2000)
        .into_iter()
        .map(|p| p.dedup_id)
        .collect();
    assert_eq!(got, ["posted:new", "delete:gone", "pin:old:5000:true"]);
    // Read again (two instances, or a second reconnect): the same ids.
    let again: Vec<String> = reader()
        .catch_up(&list, 2000)
        .into_iter()
        .map(|p| p.dedup_id)
        .collect();
    assert!(
        again.contains(&"posted:new".to_string()) && again.contains(&"delete:gone".to_string())
    );
}

#[test]
fn what_was_not_kept_is_told_again_by_the_catch_up() {
    let mut r = reader();
    let mut p = post("p1", ADA, "Seeing 500s");
    p["create_at"] = json!(3000);
    p["update_at"] = json!(3000);
    let lost = r.event(&post_event("posted", &p), "c1");
    r.forget(&lost);
    // Posted, then edited while the link was down.
    p["message"] = json!("Seeing 502s");
    p["edit_at"] = json!(4000);
    p["update_at"] = json!(4000);
    let list = json!({"order": ["p1"], "posts": {"p1": p}});
    let got: Vec<String> = r
        .catch_up(&list, 2000)
        .into_iter()
        .map(|p| p.dedup_id)
        .collect();
    assert_eq!(
        got,
        ["posted:p1"],
        "never seen: the post says its text already"
    );
    // Seen (and kept) with its first text: the edit is news.
    let mut r = reader();
    let mut first = p.clone();
    first["message"] = json!("Seeing 500s");
    r.event(&post_event("posted", &first), "c1");
    let got: Vec<String> = r
        .catch_up(&list, 2000)
        .into_iter()
        .map(|p| p.dedup_id)
        .collect();
    assert_eq!(got, ["posted:p1", "edit:p1:4000"]);
}
