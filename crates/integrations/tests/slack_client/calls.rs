//! The typed calls do what they say, in the workspace.

use super::support::*;
use goldseam_integrations::chat::slack::client::{OutMessage, SlackError, UnfurlTarget};
use goldseam_integrations::chat::slack::rate::Lane;
use serde_json::json;

#[tokio::test]
async fn auth_test_says_who_the_bot_is() {
    let fake = fake().await;
    let slack = client(&fake);
    let o = fake.options();
    assert!(
        !format!("{slack:?}").contains(&o.bot_token),
        "the token never shows in a log"
    );
    let me = slack.auth_test().await.unwrap();
    assert_eq!(
        (me.user_id, me.bot_id, me.team_id),
        (o.bot_user_id, o.bot_id, o.team_id)
    );
    assert_eq!(me.url, format!("https://{}.slack.com/", o.team_domain));
}

#[tokio::test]
async fn channels_are_created_once_and_described() {
    let fake = fake().await;
    let slack = client(&fake);
    let made = slack.create_channel("inc-42-db-down", true).await.unwrap();
    assert!(made.id.starts_with('C'), "{made:?}");
    assert_eq!(
        (
            made.name.as_str(),
            made.is_private,
            made.is_archived,
            made.is_member
        ),
        ("inc-42-db-down", true, false, true)
    );
    let taken = slack.create_channel("inc-42-db-down", false).await;
    assert_eq!(
        taken,
        Err(SlackError::Api {
            method: "conversations.create".into(),
            error: "name_taken".into()
        })
    );
    assert_eq!(fake.channels().len(), 1);
    let info = slack.channel_info(&made.id).await.unwrap();
    assert_eq!(info, made);
    // Read methods go as forms: the fake reads both, so check what was sent.
    let sent = &fake.calls("conversations.info")[0].params;
    assert_eq!(sent["channel"], made.id.as_str());
}

#[tokio::test]
async fn invitations_go_in_batches_and_skip_who_is_in_already() {
    let fake = fake().await;
    let s = seed(&fake);
    let slack = client(&fake);
    let ch = slack.create_channel("inc-7", false).await.unwrap().id;
    let mut people: Vec<String> = (0..70)
        .map(|i| fake.add_user(&format!("p{i}"), &format!("p{i}@example.com")))
        .collect();
    fake.join("alice", &ch);
    // alice is in already, the bot is the bot, bob is named twice.
    people.extend([
        s.alice.clone(),
        fake.options().bot_user_id,
        s.bob.clone(),
        s.bob.clone(),
    ]);
    slack.invite(&ch, &people).await.unwrap();
    let calls = fake.calls("conversations.invite");
    assert_eq!(calls.len(), 3, "73 ids in batches of 30");
    for c in &calls {
        let n = c.params["users"].as_str().unwrap().split(',').count();
        assert!(n <= 30, "a batch of {n}");
    }
    let members = fake.members(&ch);
    assert_eq!(
        members.len(),
        1 + 70 + 2,
        "the bot, 70 people, alice and bob"
    );
    assert!(people.iter().all(|p| members.contains(p)));
    // Asking again changes nothing and is fine.
    slack
        .invite(&ch, std::slice::from_ref(&s.bob))
        .await
        .unwrap();
    slack.invite(&ch, &[]).await.unwrap();
    assert_eq!(
        fake.calls("conversations.invite").len(),
        4,
        "no call for no one"
    );
    // Someone who cannot be added is reported, after the others were added.
    let gone = fake.add_user("gone", "gone@example.com");
    fake.deactivate(&gone);
    let carol = fake.add_user("carol", "carol@example.com");
    let refused = slack.invite(&ch, &[gone, carol.clone()]).await.unwrap_err();
    assert_eq!(refused.code(), Some("user_is_deactivated"));
    assert!(fake.members(&ch).contains(&carol));
}

#[tokio::test]
async fn topics_are_cut_to_slacks_limit_and_archiving_twice_is_fine() {
    let fake = fake().await;
    let slack = client(&fake);
    let ch = slack.create_channel("inc-8", false).await.unwrap().id;
    slack.set_topic(&ch, "SEV1 · db down").await.unwrap();
    assert_eq!(fake.channel(&ch).unwrap().topic, "SEV1 · db down");
    let long = "é".repeat(300);
    slack.set_topic(&ch, &long).await.unwrap();
    assert_eq!(fake.channel(&ch).unwrap().topic.chars().count(), 250);
    slack.join(&ch).await.unwrap();
    slack.archive(&ch).await.unwrap();
    slack.archive(&ch).await.unwrap();
    assert!(fake.channel(&ch).unwrap().is_archived);
    assert_eq!(
        fake.calls("conversations.archive")[1].error(),
        Some("already_archived")
    );
}

#[tokio::test]
async fn messages_are_posted_edited_pinned_reacted_to_and_deleted() {
    let fake = fake().await;
    let s = seed(&fake);
    let slack = client(&fake);
    let blocks = json!([{"type": "section", "text": {"type": "mrkdwn", "text": "*INC-7*"}}]);
    let root = slack
        .post_message(
            Lane::Bulk,
            &OutMessage {
                channel: s.channel.clone(),
                text: "INC-7 declared".into(),
                blocks: Some(blocks.clone()),
                metadata: Some(
                    json!({"event_type": "goldseam_incident", "event_payload": {"id": 7}}),
                ),
                ..OutMessage::default()
            },
        )
        .await
        .unwrap();
    let reply = slack
        .post_message(
            Lane::Bulk,
            &OutMessage {
                channel: s.channel.clone(),
                text: "from the web room".into(),
                thread_ts: Some(root.clone()),
                username: Some("Ana Lima".into()),
                icon_url: Some("https://example.com/ana.png".into()),
                ..OutMessage::default()
            },
        )
        .await
        .unwrap();
    let m = fake.message(&s.channel, &root).unwrap();
    assert_eq!((m.text.as_str(), &m.blocks), ("INC-7 declared", &blocks));
    assert_eq!(m.metadata["event_payload"]["id"], 7);
    let r = fake.message(&s.channel, &reply).unwrap();
    assert_eq!(r.thread_ts.as_deref(), Some(root.as_str()));
    assert_eq!(r.username.as_deref(), Some("Ana Lima"));
    assert_eq!(r.icon_url.as_deref(), Some("https://example.com/ana.png"));
    assert_eq!(
        fake.calls("chat.postMessage")[0].params["unfurl_links"],
        false
    );

    slack
        .update_message(&s.channel, &root, "INC-7 SEV1", None)
        .await
        .unwrap();
    let m = fake.message(&s.channel, &root).unwrap();
    assert_eq!(m.text, "INC-7 SEV1");
    assert_eq!(m.blocks, blocks, "blocks left alone when none are given");

    let link = slack.permalink(&s.channel, &reply).await.unwrap();
    assert!(link.contains(&reply.replace('.', "")), "{link}");

    slack.pin(&s.channel, &root).await.unwrap();
    slack.pin(&s.channel, &root).await.unwrap();
    assert_eq!(fake.pins(&s.channel).len(), 1);
    slack.unpin(&s.channel, &root).await.unwrap();
    slack.unpin(&s.channel, &root).await.unwrap();
    assert!(fake.pins(&s.channel).is_empty());

    slack.react(&s.channel, &root, ":eyes:").await.unwrap();
    slack.react(&s.channel, &root, "eyes").await.unwrap();
    let reactions = fake.reactions(&s.channel);
    assert_eq!(reactions.len(), 1);
    assert_eq!(reactions[0].name, "eyes");

    slack
        .post_ephemeral(&s.channel, &s.alice, "only you", None)
        .await
        .unwrap();
    assert_eq!(fake.ephemerals_for(&s.alice)[0].text, "only you");

    slack.delete_message(&s.channel, &reply).await.unwrap();
    slack.delete_message(&s.channel, &reply).await.unwrap();
    assert!(fake.message(&s.channel, &reply).unwrap().deleted);
    let not_ours = fake.say("alice", "incidents", "mine");
    let refused = slack.delete_message(&s.channel, &not_ours).await;
    assert_eq!(refused.unwrap_err().code(), Some("cant_delete_message"));
}

#[tokio::test]
async fn links_are_unfurled_by_message_or_by_unfurl_id() {
    let fake = fake().await;
    let s = seed(&fake);
    let slack = client(&fake);
    let ts = fake.say(
        "alice",
        "incidents",
        "see https://goldseam.test/incidents/7",
    );
    let unfurls = json!({"https://goldseam.test/incidents/7": {"text": "INC-7 · SEV1"}});
    let on_message = UnfurlTarget::Message {
        channel: s.channel.clone(),
        ts,
    };
    slack.unfurl(on_message, &unfurls).await.unwrap();
    let composer = UnfurlTarget::Link {
        unfurl_id: "C123.456.7890".into(),
        source: "composer".into(),
    };
    slack.unfurl(composer, &unfurls).await.unwrap();
    let done = fake.unfurls();
    assert_eq!(done.len(), 2);
    assert_eq!(done[0].params["channel"], s.channel.as_str());
    assert_eq!(done[1].params["source"], "composer");
    assert_eq!(done[1].unfurls, unfurls);
}

#[tokio::test]
async fn modals_and_the_app_home_are_opened_updated_and_published() {
    let fake = fake().await;
    let s = seed(&fake);
    accept_commands(&fake).await;
    let slack = client(&fake);
    let command = fake
        .slash_command("alice", "incidents", "/inc", "declare")
        .await
        .unwrap();
    let modal = json!({"type": "modal", "title": {"type": "plain_text", "text": "Declare"},
        "blocks": [], "callback_id": "declare"});
    let id = slack.open_view(&command.trigger_id, &modal).await.unwrap();
    let views = fake.views_for(&s.alice);
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].id, id);
    let again = slack.open_view(&command.trigger_id, &modal).await;
    assert_eq!(again.unwrap_err().code(), Some("exchanged_trigger_id"));

    let mut changed = modal.clone();
    changed["title"]["text"] = json!("Declare (2)");
    slack.update_view(&id, &changed).await.unwrap();
    assert_eq!(
        fake.views_for(&s.alice)[0].view["title"]["text"],
        "Declare (2)"
    );

    let home = json!({"type": "home", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "No open incidents"}}]});
    slack.publish_home(&s.alice, &home).await.unwrap();
    assert_eq!(
        fake.home_for(&s.alice).unwrap().view["blocks"],
        home["blocks"]
    );
}

#[tokio::test]
async fn a_response_url_is_answered_until_slack_refuses_it() {
    let fake = fake().await;
    let s = seed(&fake);
    accept_commands(&fake).await;
    let slack = client(&fake);
    let url = fake
        .slash_command("alice", "incidents", "/inc", "status")
        .await
        .unwrap()
        .response_url
        .unwrap();
    let said = json!({"response_type": "in_channel", "text": "INC-7 is mitigated"});
    slack.respond(&url, &said).await.unwrap();
    assert_eq!(
        fake.messages(&s.channel).last().unwrap().text,
        "INC-7 is mitigated"
    );
    for _ in 0..4 {
        slack
            .respond(&url, &json!({"text": "again"}))
            .await
            .unwrap();
    }
    let sixth = slack.respond(&url, &json!({"text": "once more"})).await;
    assert_eq!(sixth.unwrap_err().code(), Some("used_url"));
}
