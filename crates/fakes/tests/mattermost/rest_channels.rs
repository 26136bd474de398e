//! Users, auth and channels over REST.

use crate::support::*;
use goldseam_fakes::mattermost::ChannelType;
use serde_json::json;

#[tokio::test]
async fn without_the_bot_token_the_api_answers_401_with_mattermosts_error_body() {
    let fake = fake().await;
    for token in [Some(""), Some("not-the-token")] {
        let res = call_as(&fake, token, "GET", "/users/me", None).await;
        assert_eq!(res.status, 401);
        assert_eq!(res.body["id"], "api.context.session_expired.app_error");
        assert_eq!(res.body["status_code"], 401);
        assert_eq!(res.body["detailed_error"], "");
        assert_eq!(res.body["request_id"], res.header("x-request-id"));
        assert_eq!(res.body["request_id"].as_str().unwrap().len(), 26);
    }
    let me = call(&fake, "GET", "/users/me", None).await;
    assert_eq!(me.status, 200);
    assert_eq!(
        (me.body["id"].as_str(), me.body["is_bot"].as_bool()),
        (Some(fake.bot_id().as_str()), Some(true))
    );
    assert_eq!(me.body["username"], "goldseam");
    // A revoked token stops working at once.
    fake.set_bot_token("rotated");
    assert_eq!(
        call_as(
            &fake,
            Some("gs0fake0bot0token000000000"),
            "GET",
            "/users/me",
            None
        )
        .await
        .status,
        401
    );
    assert_eq!(
        call_as(&fake, Some("rotated"), "GET", "/users/me", None)
            .await
            .status,
        200
    );
    assert_eq!(
        fake.calls_to("GET /users/me")
            .iter()
            .filter(|c| !c.authenticated)
            .count(),
        3
    );
}

#[tokio::test]
async fn users_are_found_by_id_and_email_with_mattermost_shaped_ids() {
    let fake = fake().await;
    let ada = fake.add_user("ada", "Ada@Example.com");
    let id_chars = "ybndrfg8ejkmcpqxot1uwisza345h769";
    assert!(
        ada.len() == 26 && ada.chars().all(|c| id_chars.contains(c)),
        "{ada}"
    );
    let by_email = call(&fake, "GET", "/users/email/ada@example.com", None).await;
    assert_eq!(
        (by_email.status, by_email.body["id"].as_str()),
        (200, Some(ada.as_str()))
    );
    assert_eq!(by_email.body["email"], "Ada@Example.com");
    let by_id = call(&fake, "GET", &format!("/users/{ada}"), None).await;
    assert_eq!(
        (
            by_id.body["username"].as_str(),
            by_id.body["is_bot"].as_bool()
        ),
        (Some("ada"), Some(false))
    );
    let missing = call(&fake, "GET", "/users/email/nobody@example.com", None).await;
    assert_eq!(
        (missing.status, missing.body["id"].as_str()),
        (404, Some("app.user.missing_account.const"))
    );
}

#[tokio::test]
async fn channel_names_follow_the_rules_and_a_taken_name_is_refused() {
    let fake = fake().await;
    let team = fake.team_id();
    let bad = json!({"team_id": team, "name": "Incident 42", "display_name": "x", "type": "O"});
    let res = call(&fake, "POST", "/channels", Some(bad)).await;
    assert_eq!(
        (res.status, res.body["id"].as_str()),
        (400, Some("model.channel.is_valid.2_or_more.app_error"))
    );
    let id = channel(&fake, "incident-42", "P").await;
    let again =
        json!({"team_id": team, "name": "incident-42", "display_name": "Again", "type": "O"});
    let res = call(&fake, "POST", "/channels", Some(again)).await;
    assert_eq!(res.status, 400);
    assert_eq!(
        res.body["id"],
        "store.sql_channel.save_channel.exists.app_error"
    );
    let got = call(&fake, "GET", &format!("/channels/{id}"), None).await;
    assert_eq!(
        (got.body["type"].as_str(), got.body["name"].as_str()),
        (Some("P"), Some("incident-42"))
    );
    let by_name = call(
        &fake,
        "GET",
        &format!("/teams/{team}/channels/name/incident-42"),
        None,
    )
    .await;
    assert_eq!(by_name.body["id"].as_str(), Some(id.as_str()));
    assert_eq!(
        fake.members(&id),
        [fake.bot_id()],
        "the creator is the first member"
    );
    assert_eq!(fake.channels().len(), 1, "the refused ones left nothing");
}

#[tokio::test]
async fn patching_the_header_posts_the_system_message_and_archiving_stops_posts() {
    let fake = fake().await;
    let id = channel(&fake, "inc-7", "O").await;
    let patch = json!({"header": "SEV1: checkout down"});
    let res = call(&fake, "PUT", &format!("/channels/{id}/patch"), Some(patch)).await;
    assert_eq!(
        (res.status, res.body["header"].as_str()),
        (200, Some("SEV1: checkout down"))
    );
    let system = fake.posts(&id);
    assert_eq!(system.len(), 1);
    assert_eq!(system[0].post_type, "system_header_change");
    assert_eq!(system[0].props["new_header"], "SEV1: checkout down");
    assert!(
        fake.messages(&id).is_empty(),
        "system messages are not messages"
    );
    let res = call(&fake, "DELETE", &format!("/channels/{id}"), None).await;
    assert_eq!(
        (res.status, res.body.clone()),
        (200, json!({"status": "OK"}))
    );
    assert!(fake.channel("inc-7").unwrap().delete_at > 0);
    let res = call(
        &fake,
        "POST",
        "/posts",
        Some(json!({"channel_id": id, "message": "late"})),
    )
    .await;
    assert_eq!(
        (res.status, res.body["id"].as_str()),
        (
            400,
            Some("api.post.create_post.can_not_post_to_deleted.error")
        )
    );
    let team = fake.team_id();
    let hidden = call(
        &fake,
        "GET",
        &format!("/teams/{team}/channels/name/inc-7"),
        None,
    )
    .await;
    assert_eq!(hidden.status, 404, "archived channels need include_deleted");
}

#[tokio::test]
async fn adding_members_is_idempotent_and_needs_membership_in_private_channels() {
    let fake = fake().await;
    let ada = fake.add_user("ada", "ada@example.com");
    let bob = fake.add_user("bob", "bob@example.com");
    let id = channel(&fake, "inc-8", "O").await;
    let path = format!("/channels/{id}/members");
    for _ in 0..2 {
        let res = call(&fake, "POST", &path, Some(json!({"user_id": ada}))).await;
        assert_eq!(
            (res.status, res.body["user_id"].as_str()),
            (201, Some(ada.as_str()))
        );
    }
    let added: Vec<_> = fake
        .posts(&id)
        .into_iter()
        .filter(|p| p.post_type == "system_add_to_channel")
        .collect();
    assert_eq!(added.len(), 1, "the second add changed nothing");
    let res = call(&fake, "POST", &path, Some(json!({"user_ids": [bob]}))).await;
    assert_eq!(res.body.as_array().map(Vec::len), Some(1));
    let list = call(&fake, "GET", &path, None).await;
    assert_eq!(list.body.as_array().unwrap().len(), 3);
    // A private channel someone else made: the bot cannot see it or add to it.
    let secret = fake
        .create_channel("ada", "legal", "Legal", ChannelType::Private)
        .unwrap();
    let res = call(
        &fake,
        "POST",
        &format!("/channels/{secret}/members"),
        Some(json!({"user_id": bob})),
    )
    .await;
    assert_eq!(
        (res.status, res.body["id"].as_str()),
        (403, Some("api.context.permissions.app_error"))
    );
    assert_eq!(
        call(&fake, "GET", &format!("/channels/{secret}"), None)
            .await
            .status,
        403
    );
    assert_eq!(fake.members(&secret), [ada]);
    let unknown = call(
        &fake,
        "POST",
        &path,
        Some(json!({"user_id": "x".repeat(26)})),
    )
    .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn a_direct_channel_is_made_once_per_pair_and_only_for_the_caller() {
    let fake = fake().await;
    let bot = fake.bot_id();
    let bob = fake.add_user("bob", "bob@example.com");
    let carol = fake.add_user("carol", "carol@example.com");
    let (mut ws, _) = connect(&fake).await;
    let made = call(&fake, "POST", "/channels/direct", Some(json!([bob, bot]))).await;
    assert_eq!(made.status, 201, "{:?}", made.body);
    let (low, high) = if bot < bob {
        (&bot, &bob)
    } else {
        (&bob, &bot)
    };
    assert_eq!(
        (
            made.body["type"].as_str(),
            made.body["name"].as_str(),
            made.body["team_id"].as_str(),
            made.body["display_name"].as_str()
        ),
        (
            Some("D"),
            Some(format!("{low}__{high}").as_str()),
            Some(""),
            Some("")
        )
    );
    let id = made.body["id"].as_str().unwrap().to_string();
    let added = next_event(&mut ws).await;
    assert_eq!(added["event"], "direct_added");
    assert_eq!(added["data"]["teammate_id"], bob.as_str());
    assert_eq!(added["broadcast"]["channel_id"], id.as_str());
    // Asked again, in either order: the same channel, and nothing new is announced.
    let again = call(&fake, "POST", "/channels/direct", Some(json!([bot, bob]))).await;
    assert_eq!(
        (again.status, again.body["id"].as_str()),
        (201, Some(id.as_str()))
    );
    assert_eq!(fake.events_named("direct_added").len(), 1);
    let dm = fake.direct_channel("bob", "goldseam").unwrap();
    assert_eq!(
        (dm.id.as_str(), dm.channel_type),
        (id.as_str(), ChannelType::Direct)
    );
    assert_eq!(fake.members(&id).len(), 2);
    // It takes posts and is read like any channel the bot is in; its members never change.
    post(&fake, &id, "You are paged", json!({})).await;
    assert_eq!(fake.messages(&id)[0].message, "You are paged");
    assert_eq!(
        call(&fake, "GET", &format!("/channels/{id}"), None)
            .await
            .status,
        200
    );
    let add = call(
        &fake,
        "POST",
        &format!("/channels/{id}/members"),
        Some(json!({"user_id": carol})),
    )
    .await;
    assert_eq!(
        (add.status, add.body["id"].as_str()),
        (400, Some("api.channel.add_user_to_channel.type.app_error"))
    );
    // Someone else's conversation, a malformed list, an unknown account.
    let cases = [
        (
            json!([bob, carol]),
            403,
            "api.context.permissions.app_error",
        ),
        (
            json!([bot]),
            400,
            "api.context.invalid_body_param.app_error",
        ),
        (
            json!({"user_id": bob}),
            400,
            "api.context.invalid_body_param.app_error",
        ),
        (
            json!([bot, "@bob"]),
            400,
            "api.context.invalid_body_param.app_error",
        ),
        (
            json!([bot, "ybndrfg8ejkmcpqxot1uwisza3"]),
            400,
            "api.channel.create_direct_channel.invalid_user.app_error",
        ),
    ];
    for (body, status, error) in cases {
        let res = call(&fake, "POST", "/channels/direct", Some(body.clone())).await;
        assert_eq!(
            (res.status, res.body["id"].as_str()),
            (status, Some(error)),
            "{body}"
        );
    }
    assert_eq!(
        fake.channels()
            .iter()
            .filter(|c| c.channel_type == ChannelType::Direct)
            .count(),
        1
    );
}
