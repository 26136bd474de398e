//! The Web API: credentials, argument formats, the workspace rules and Slack's errors.

use super::support::*;
use goldseam_fakes::slack::{Down, Fault, TokenKind};
use serde_json::json;

#[tokio::test]
async fn tokens_are_checked_as_slack_checks_them() {
    let fake = fake().await;
    let app = fake.options().app_token;
    let (_, _, none) = call_as(&fake, "", "auth.test", json!({})).await;
    assert_eq!(none["error"], "not_authed");
    let (_, _, wrong) = call_as(&fake, "xoxb-nope", "auth.test", json!({})).await;
    assert_eq!(wrong["error"], "invalid_auth");
    let (_, _, app_on_bot) = call_as(&fake, &app, "auth.test", json!({})).await;
    assert_eq!(app_on_bot["error"], "not_allowed_token_type");
    let me = ok(&fake, "auth.test", json!({})).await;
    assert_eq!(me["user_id"], fake.options().bot_user_id);
    assert_eq!(me["team_id"], fake.options().team_id);
    assert_eq!(me["bot_id"], fake.options().bot_id);
    let kinds: Vec<TokenKind> = fake.calls("auth.test").iter().map(|c| c.token).collect();
    assert_eq!(
        kinds,
        [
            TokenKind::Missing,
            TokenKind::Invalid,
            TokenKind::App,
            TokenKind::Bot
        ]
    );
}

#[tokio::test]
async fn channel_names_follow_slacks_rules_and_are_unique() {
    let fake = fake().await;
    for (name, error) in [
        ("Incident-1", "invalid_name_specials"),
        ("inc 1", "invalid_name_specials"),
        ("inc.1", "invalid_name_specials"),
        ("", "invalid_name_required"),
        ("---", "invalid_name_punctuation"),
    ] {
        assert_eq!(
            err(&fake, "conversations.create", json!({"name": name})).await,
            error,
            "{name:?}"
        );
    }
    let long = "a".repeat(81);
    assert_eq!(
        err(&fake, "conversations.create", json!({"name": long})).await,
        "invalid_name_maxlength"
    );
    let created = ok(
        &fake,
        "conversations.create",
        json!({"name": "inc-42-db-down", "is_private": true}),
    )
    .await;
    let ch = &created["channel"];
    assert!(ch["id"].as_str().unwrap().starts_with('C'));
    assert_eq!(
        (
            ch["name"].as_str(),
            ch["is_private"].as_bool(),
            ch["is_archived"].as_bool()
        ),
        (Some("inc-42-db-down"), Some(true), Some(false))
    );
    assert_eq!(
        err(
            &fake,
            "conversations.create",
            json!({"name": "inc-42-db-down"})
        )
        .await,
        "name_taken"
    );
    assert_eq!(fake.channels().len(), 1, "a refused create makes nothing");
    assert_eq!(fake.members("inc-42-db-down"), [fake.options().bot_user_id]);
}

#[tokio::test]
async fn form_bodies_and_get_queries_are_read_like_json() {
    let fake = fake().await;
    let token = fake.options().bot_token;
    let http = reqwest::Client::new();
    let res: serde_json::Value = http
        .post(format!("{}/api/conversations.create", fake.url()))
        .bearer_auth(&token)
        .form(&[("name", "from-a-form")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(res["ok"], true, "{res}");
    let id = res["channel"]["id"].as_str().unwrap();
    let blocks = json!([{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]).to_string();
    let posted: serde_json::Value = http
        .post(format!("{}/api/chat.postMessage", fake.url()))
        .form(&[
            ("token", token.as_str()),
            ("channel", id),
            ("blocks", blocks.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(posted["ok"], true, "{posted}");
    assert_eq!(
        fake.messages(id).last().unwrap().blocks[0]["type"],
        "section",
        "blocks given as a JSON string are parsed"
    );
    let info: serde_json::Value = http
        .get(format!(
            "{}/api/conversations.info?channel={id}",
            fake.url()
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["channel"]["name"], "from-a-form");
}

#[tokio::test]
async fn inviting_reports_who_cannot_be_added() {
    let fake = fake().await;
    let (alice, bob, _) = seeded(&fake).await;
    let bot = fake.options().bot_user_id;
    let ch = ok(&fake, "conversations.create", json!({"name": "inc-1"})).await["channel"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &fake,
        "conversations.invite",
        json!({"channel": ch, "users": format!("{alice},{bob}")}),
    )
    .await;
    assert_eq!(fake.members(&ch), [bot.clone(), alice.clone(), bob.clone()]);
    assert_eq!(
        err(
            &fake,
            "conversations.invite",
            json!({"channel": ch, "users": alice})
        )
        .await,
        "already_in_channel"
    );
    assert_eq!(
        err(
            &fake,
            "conversations.invite",
            json!({"channel": ch, "users": bot})
        )
        .await,
        "cant_invite_self"
    );
    assert_eq!(
        err(
            &fake,
            "conversations.invite",
            json!({"channel": ch, "users": "U404"})
        )
        .await,
        "user_not_found"
    );
    let carol = fake.add_user("carol", "carol@example.com");
    let forced = ok(
        &fake,
        "conversations.invite",
        json!({"channel": ch, "users": format!("{alice},{carol}"), "force": true}),
    )
    .await;
    assert_eq!(forced["errors"][0]["error"], "already_in_channel");
    assert!(fake.members(&ch).contains(&carol), "force adds the others");
    assert_eq!(
        err(
            &fake,
            "conversations.invite",
            json!({"channel": "C404", "users": carol})
        )
        .await,
        "channel_not_found"
    );
}

#[tokio::test]
async fn posting_needs_membership_only_in_private_channels() {
    let fake = fake().await;
    seeded(&fake).await;
    let secret = fake.create_channel("alice", "secret", true);
    let open = fake.create_channel("alice", "open", false);
    assert_eq!(
        err(
            &fake,
            "chat.postMessage",
            json!({"channel": secret, "text": "x"})
        )
        .await,
        "not_in_channel"
    );
    let posted = ok(
        &fake,
        "chat.postMessage",
        json!({"channel": open, "text": "public is fine"}),
    )
    .await;
    assert_eq!(posted["channel"], open);
    assert_eq!(posted["message"]["bot_id"], fake.options().bot_id);
    assert_eq!(
        err(&fake, "chat.postMessage", json!({"channel": open})).await,
        "no_text"
    );
    assert_eq!(
        err(
            &fake,
            "chat.postMessage",
            json!({"channel": "C404", "text": "x"})
        )
        .await,
        "channel_not_found"
    );
    ok(
        &fake,
        "conversations.archive",
        json!({"channel": "incidents"}),
    )
    .await;
    assert_eq!(
        err(
            &fake,
            "chat.postMessage",
            json!({"channel": "incidents", "text": "x"})
        )
        .await,
        "is_archived"
    );
    assert!(fake.channel("incidents").unwrap().is_archived);
}

#[tokio::test]
async fn message_ts_values_are_unique_increasing_and_slack_shaped() {
    let fake = fake().await;
    let (_, _, ch) = seeded(&fake).await;
    let mut seen = Vec::new();
    for i in 0..30 {
        let ts = if i % 2 == 0 {
            fake.say("alice", &ch, "from a person")
        } else {
            ok(
                &fake,
                "chat.postMessage",
                json!({"channel": ch, "text": "from the app"}),
            )
            .await["ts"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (secs, micros) = ts.split_once('.').expect("secs.micros");
        assert!(
            secs.len() == 10
                && micros.len() == 6
                && ts.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "{ts}"
        );
        seen.push(ts);
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "ts values only grow");
}

#[tokio::test]
async fn only_the_bots_own_messages_can_be_updated_or_deleted() {
    let fake = fake().await;
    let (_, _, ch) = seeded(&fake).await;
    let theirs = fake.say("alice", &ch, "mine");
    assert_eq!(
        err(
            &fake,
            "chat.update",
            json!({"channel": ch, "ts": theirs, "text": "x"})
        )
        .await,
        "cant_update_message"
    );
    assert_eq!(
        err(&fake, "chat.delete", json!({"channel": ch, "ts": theirs})).await,
        "cant_delete_message"
    );
    assert_eq!(
        err(
            &fake,
            "chat.update",
            json!({"channel": ch, "ts": "1.000001", "text": "x"})
        )
        .await,
        "message_not_found"
    );
    let ts = ok(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "SEV2"}),
    )
    .await["ts"]
        .as_str()
        .unwrap()
        .to_string();
    let updated = ok(
        &fake,
        "chat.update",
        json!({"channel": ch, "ts": ts, "text": "SEV1"}),
    )
    .await;
    assert_eq!(
        (updated["ts"].as_str(), updated["text"].as_str()),
        (Some(ts.as_str()), Some("SEV1"))
    );
    let m = fake.message(&ch, &ts).unwrap();
    assert_eq!(m.text, "SEV1");
    assert!(m.edited.is_some());
    let link = ok(
        &fake,
        "chat.getPermalink",
        json!({"channel": ch, "message_ts": ts}),
    )
    .await;
    assert_eq!(
        link["permalink"],
        format!(
            "https://goldseam-test.slack.com/archives/{ch}/p{}",
            ts.replace('.', "")
        )
    );
    ok(&fake, "chat.delete", json!({"channel": ch, "ts": ts})).await;
    assert!(fake.message(&ch, &ts).unwrap().deleted);
    assert_eq!(
        err(
            &fake,
            "chat.getPermalink",
            json!({"channel": ch, "message_ts": ts})
        )
        .await,
        "message_not_found"
    );
}

#[tokio::test]
async fn users_are_found_by_email_and_id() {
    let fake = fake().await;
    let (alice, _, _) = seeded(&fake).await;
    let found = ok(
        &fake,
        "users.lookupByEmail",
        json!({"email": "Alice@Example.com"}),
    )
    .await;
    assert_eq!(found["user"]["id"], alice);
    assert_eq!(found["user"]["profile"]["email"], "alice@example.com");
    assert_eq!(
        err(
            &fake,
            "users.lookupByEmail",
            json!({"email": "nobody@example.com"})
        )
        .await,
        "users_not_found"
    );
    fake.deactivate("alice");
    let info = ok(&fake, "users.info", json!({"user": alice})).await;
    assert_eq!(
        (
            info["user"]["deleted"].as_bool(),
            info["user"]["is_bot"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert_eq!(info["user"]["real_name"], "alice");
    assert_eq!(
        err(&fake, "users.info", json!({"user": "U404"})).await,
        "user_not_found"
    );
}

#[tokio::test]
async fn pins_reactions_topic_and_ephemerals() {
    let fake = fake().await;
    let (alice, _, ch) = seeded(&fake).await;
    let ts = fake.say("alice", &ch, "the fix is deployed");
    ok(&fake, "pins.add", json!({"channel": ch, "timestamp": ts})).await;
    assert_eq!(
        err(&fake, "pins.add", json!({"channel": ch, "timestamp": ts})).await,
        "already_pinned"
    );
    assert_eq!(fake.pins(&ch).len(), 1);
    ok(
        &fake,
        "reactions.add",
        json!({"channel": ch, "timestamp": ts, "name": "eyes"}),
    )
    .await;
    assert_eq!(
        err(
            &fake,
            "reactions.add",
            json!({"channel": ch, "timestamp": ts, "name": "eyes"})
        )
        .await,
        "already_reacted"
    );
    assert_eq!(fake.reactions(&ch)[0].name, "eyes");
    let topic = ok(
        &fake,
        "conversations.setTopic",
        json!({"channel": ch, "topic": "SEV1 | lead: alice"}),
    )
    .await;
    assert_eq!(topic["channel"]["topic"]["value"], "SEV1 | lead: alice");
    ok(
        &fake,
        "chat.postEphemeral",
        json!({"channel": ch, "user": alice, "text": "only you"}),
    )
    .await;
    assert_eq!(fake.ephemerals_for(&alice)[0].text, "only you");
    let bob = fake.add_user("outsider", "o@example.com");
    assert_eq!(
        err(
            &fake,
            "chat.postEphemeral",
            json!({"channel": ch, "user": bob, "text": "x"})
        )
        .await,
        "user_not_in_channel"
    );
}

#[tokio::test]
async fn injected_faults_answer_then_wear_off() {
    let fake = fake().await;
    fake.fail_next(
        "conversations.create",
        1,
        Fault::Error("fatal_error".into()),
    );
    fake.fail_next("conversations.create", 1, Fault::Status(503));
    assert_eq!(
        err(&fake, "conversations.create", json!({"name": "a"})).await,
        "fatal_error"
    );
    let (status, _, _) = call(&fake, "conversations.create", json!({"name": "a"})).await;
    assert_eq!(status, 503);
    assert!(fake.channels().is_empty(), "failed calls have no effect");
    ok(&fake, "conversations.create", json!({"name": "a"})).await;
    fake.fail_next(
        "auth.test",
        1,
        Fault::Delay(std::time::Duration::from_millis(200)),
    );
    let started = std::time::Instant::now();
    ok(&fake, "auth.test", json!({})).await;
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(200),
        "a delayed call answers late"
    );
    fake.fail_next("auth.test", 1, Fault::Hang);
    let hung = tokio::time::timeout(
        std::time::Duration::from_millis(300),
        call(&fake, "auth.test", json!({})),
    )
    .await;
    assert!(hung.is_err(), "a hanging call never answers");
}

#[tokio::test]
async fn down_refuses_connections_or_answers_503_until_it_is_up_again() {
    let fake = fake().await;
    let http = reqwest::Client::new();
    let url = format!("{}/api/auth.test", fake.url());
    fake.set_down(Down::Unavailable);
    assert_eq!(http.post(&url).send().await.unwrap().status(), 503);
    fake.set_down(Down::Refused);
    let mut refused = false;
    for _ in 0..200 {
        match reqwest::Client::new().post(&url).send().await {
            Err(e) if e.is_connect() => {
                refused = true;
                break;
            }
            _ => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
        }
    }
    assert!(refused, "connections are refused while down");
    fake.set_down(Down::Up);
    let mut back = false;
    for _ in 0..200 {
        if let Ok(r) = reqwest::Client::new()
            .post(&url)
            .bearer_auth(fake.options().bot_token)
            .send()
            .await
        {
            back = r.status() == 200;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(back, "the same port answers again once up");
}
