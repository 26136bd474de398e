//! Posts, threads, edits, pins, reactions and ephemerals over REST.

use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn a_post_holds_16383_characters_and_not_one_more() {
    let fake = fake().await;
    let id = channel(&fake, "inc-1", "O").await;
    let full = post(&fake, &id, &"é".repeat(16_383), json!({})).await;
    assert_eq!(full["message"].as_str().unwrap().chars().count(), 16_383);
    assert_eq!(full["props"]["from_bot"], "true");
    assert_eq!(full["user_id"].as_str(), Some(fake.bot_id().as_str()));
    let body = json!({"channel_id": id, "message": "é".repeat(16_384)});
    let res = call(&fake, "POST", "/posts", Some(body)).await;
    assert_eq!(
        (res.status, res.body["id"].as_str()),
        (400, Some("model.post.is_valid.msg.app_error"))
    );
    assert_eq!(fake.messages(&id).len(), 1);
}

#[tokio::test]
async fn the_bot_posts_only_where_it_is_a_member_and_replies_need_a_root_there() {
    let fake = fake().await;
    fake.add_user("ada", "ada@example.com");
    let theirs = fake
        .create_channel(
            "ada",
            "town-square",
            "Town Square",
            goldseam_fakes::mattermost::ChannelType::Open,
        )
        .unwrap();
    let res = call(
        &fake,
        "POST",
        "/posts",
        Some(json!({"channel_id": theirs, "message": "hi"})),
    )
    .await;
    assert_eq!(res.status, 403);
    // Public: the bot reads it, and may join it itself.
    assert_eq!(
        call(&fake, "GET", &format!("/channels/{theirs}"), None)
            .await
            .status,
        200
    );
    let join = json!({"user_id": fake.bot_id()});
    assert_eq!(
        call(
            &fake,
            "POST",
            &format!("/channels/{theirs}/members"),
            Some(join)
        )
        .await
        .status,
        201
    );
    let root = post(&fake, &theirs, "root", json!({})).await;
    let other = channel(&fake, "inc-2", "O").await;
    let cross = json!({"channel_id": other, "message": "r", "root_id": root["id"]});
    let res = call(&fake, "POST", "/posts", Some(cross)).await;
    assert_eq!(
        (res.status, res.body["id"].as_str()),
        (400, Some("api.post.create_post.root_id.app_error"))
    );
    let ok = json!({"channel_id": theirs, "message": "r", "root_id": root["id"]});
    assert_eq!(call(&fake, "POST", "/posts", Some(ok)).await.status, 201);
    let root = call(
        &fake,
        "GET",
        &format!("/posts/{}", root["id"].as_str().unwrap()),
        None,
    )
    .await;
    assert_eq!(root.body["reply_count"], 1);
}

#[tokio::test]
async fn the_bot_edits_and_deletes_its_own_posts_only() {
    let fake = fake().await;
    let id = channel(&fake, "inc-3", "O").await;
    fake.add_user("ada", "ada@example.com");
    fake.join("ada", &id, None).unwrap();
    let hers = fake.say("ada", &id, "mine").unwrap();
    let ours = post(&fake, &id, "status: investigating", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let put = json!({"id": hers, "message": "hijacked"});
    assert_eq!(
        call(&fake, "PUT", &format!("/posts/{hers}"), Some(put))
            .await
            .status,
        403
    );
    assert_eq!(
        call(&fake, "DELETE", &format!("/posts/{hers}"), None)
            .await
            .status,
        403
    );
    let no_id = json!({"message": "x"});
    let res = call(&fake, "PUT", &format!("/posts/{ours}"), Some(no_id)).await;
    assert_eq!(
        (res.status, res.body["id"].as_str()),
        (400, Some("api.context.invalid_body_param.app_error"))
    );
    let patch = json!({"message": "status: mitigated"});
    let res = call(&fake, "PUT", &format!("/posts/{ours}/patch"), Some(patch)).await;
    assert_eq!(res.body["message"], "status: mitigated");
    assert!(res.body["edit_at"].as_i64().unwrap() > 0);
    assert_eq!(
        call(&fake, "DELETE", &format!("/posts/{ours}"), None)
            .await
            .status,
        200
    );
    let gone = call(&fake, "GET", &format!("/posts/{ours}"), None).await;
    assert_eq!(
        (gone.status, gone.body["id"].as_str()),
        (404, Some("app.post.get.app_error"))
    );
    assert_eq!(fake.post(&hers).unwrap().message, "mine");
    assert!(
        fake.post(&ours).unwrap().delete_at > 0,
        "kept for inspection"
    );
}

#[tokio::test]
async fn pins_reactions_and_ephemerals_land_where_a_person_would_see_them() {
    let fake = fake().await;
    let id = channel(&fake, "inc-4", "O").await;
    let ada = fake.add_user("ada", "ada@example.com");
    let p = post(&fake, &id, "timeline", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        call(&fake, "POST", &format!("/posts/{p}/pin"), None)
            .await
            .body,
        json!({"status": "OK"})
    );
    assert_eq!(fake.pinned(&id).len(), 1);
    let reaction =
        json!({"user_id": fake.bot_id(), "post_id": p, "emoji_name": "white_check_mark"});
    let res = call(&fake, "POST", "/reactions", Some(reaction)).await;
    assert_eq!(
        (res.status, res.body["emoji_name"].as_str()),
        (200, Some("white_check_mark"))
    );
    let as_ada = json!({"user_id": ada, "post_id": p, "emoji_name": "eyes"});
    assert_eq!(
        call(&fake, "POST", "/reactions", Some(as_ada)).await.status,
        403
    );
    assert_eq!(fake.reactions(&p).len(), 1);
    let got = call(&fake, "GET", &format!("/posts/{p}"), None).await;
    assert_eq!(
        (
            got.body["is_pinned"].as_bool(),
            got.body["has_reactions"].as_bool()
        ),
        (Some(true), Some(true))
    );
    let eph = json!({"user_id": ada, "post": {"channel_id": id, "message": "only you"}});
    let res = call(&fake, "POST", "/posts/ephemeral", Some(eph)).await;
    assert_eq!(
        (res.status, res.body["type"].as_str()),
        (201, Some("system_ephemeral"))
    );
    assert_eq!(fake.ephemerals_for("ada")[0].post.message, "only you");
    assert_eq!(
        fake.messages(&id).len(),
        1,
        "an ephemeral is not in the channel"
    );
}

#[tokio::test]
async fn action_integrations_are_hidden_from_clients_and_actions_get_ids() {
    let fake = fake().await;
    let id = channel(&fake, "inc-5", "O").await;
    let action = json!({"name": "Acknowledge", "integration": {"url": "http://app/act", "context": {"k": "secret"}}});
    let props = json!({"attachments": [{"text": "page", "actions": [action]}]});
    let sent = post(&fake, &id, "", props).await;
    let shown = &sent["props"]["attachments"][0]["actions"][0];
    assert!(shown.get("integration").is_none(), "{shown}");
    let action_id = shown["id"].as_str().expect("a generated id");
    let kept = fake.post(sent["id"].as_str().unwrap()).unwrap().actions();
    assert_eq!(kept[0]["id"], action_id);
    assert_eq!(kept[0]["integration"]["context"]["k"], "secret");
}

#[tokio::test]
async fn posts_since_a_time_include_edits_and_deletions_for_catching_up() {
    let fake = fake().await;
    let id = channel(&fake, "inc-6", "O").await;
    let first = post(&fake, &id, "one", json!({})).await;
    let since = first["create_at"].as_i64().unwrap();
    let second = post(&fake, &id, "two", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let first_id = first["id"].as_str().unwrap();
    call(&fake, "DELETE", &format!("/posts/{first_id}"), None).await;
    let list = call(
        &fake,
        "GET",
        &format!("/channels/{id}/posts?since={since}"),
        None,
    )
    .await;
    let order: Vec<&str> = list.body["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        order.len(),
        2,
        "the new post and the deleted one: {order:?}"
    );
    assert!(order.contains(&second.as_str()) && order.contains(&first_id));
    assert!(list.body["posts"][first_id]["delete_at"].as_i64().unwrap() > 0);
    let page = call(&fake, "GET", &format!("/channels/{id}/posts"), None).await;
    assert_eq!(page.body["order"], json!([second]));
}

#[tokio::test]
async fn a_retried_post_with_the_same_pending_id_is_made_once() {
    let fake = fake().await;
    let id = channel(&fake, "inc-9", "O").await;
    let body =
        json!({"channel_id": id, "message": "Page: INC-9", "pending_post_id": "goldseam:abc"});
    let first = call(&fake, "POST", "/posts", Some(body.clone())).await;
    let again = call(&fake, "POST", "/posts", Some(body)).await;
    assert_eq!((first.status, again.status), (201, 201));
    assert_eq!(first.body["id"], again.body["id"]);
    assert_eq!(again.body["pending_post_id"], "goldseam:abc");
    assert_eq!(fake.messages(&id).len(), 1);
    // Another pending id, or none, is another post; after 30 s the id is forgotten.
    let other =
        json!({"channel_id": id, "message": "Page: INC-9", "pending_post_id": "goldseam:abd"});
    assert_ne!(
        call(&fake, "POST", "/posts", Some(other)).await.body["id"],
        first.body["id"]
    );
    fake.advance_clock(std::time::Duration::from_secs(31));
    let late =
        json!({"channel_id": id, "message": "Page: INC-9", "pending_post_id": "goldseam:abc"});
    assert_ne!(
        call(&fake, "POST", "/posts", Some(late)).await.body["id"],
        first.body["id"]
    );
    assert_eq!(fake.messages(&id).len(), 3);
}
