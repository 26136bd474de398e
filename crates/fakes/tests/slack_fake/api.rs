//! The Web API: credentials, argument formats, the workspace rules and Slack's errors.

use super::support::*;
use goldseam_fakes::slack::TokenKind;
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
