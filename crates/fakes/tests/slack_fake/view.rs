//! The read-only web view (`/_fake/view`): what the app and people did, as pages a person
//! (or a screenshot) reads, and nothing the app wrote taken for markup.

use super::support::*;
use serde_json::json;

async fn get(fake: &goldseam_fakes::slack::FakeSlack, path: &str) -> (u16, String, String) {
    let res = reqwest::get(format!("{}{path}", fake.url()))
        .await
        .expect("get");
    let status = res.status().as_u16();
    let csp = res
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, csp, res.text().await.unwrap())
}

#[tokio::test]
async fn a_channel_page_shows_the_apps_posts_and_peoples_messages() {
    let fake = fake().await;
    let (alice, _, incidents) = seeded(&fake).await;
    fake.join("bob", "incidents");
    let card = json!([
        {"type": "section", "text": {"type": "mrkdwn", "text": "*INC-7 · Search <down>*"}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*Lead*\n<@{alice}>"}]},
        {"type": "actions", "elements": [{"type": "button", "action_id": "resolve",
            "text": {"type": "plain_text", "text": "Resolve"}}]},
    ]);
    let card = serde_json::to_string(&card)
        .unwrap()
        .replace("{alice}", &alice);
    let posted = ok(
        &fake,
        "chat.postMessage",
        json!({"channel": incidents,
        "text": "INC-7", "blocks": serde_json::from_str::<serde_json::Value>(&card).unwrap()}),
    )
    .await;
    ok(
        &fake,
        "chat.postMessage",
        json!({"channel": incidents, "text": "Checking <script>",
        "username": "Bob Chen"}),
    )
    .await;
    let said = fake.say("bob", "incidents", "On it &lt;now&gt;");
    fake.reply("alice", "incidents", &said, "thanks");
    fake.pin("alice", "incidents", &said);
    fake.react("alice", "incidents", &said, "eyes");

    let (status, csp, html) = get(&fake, "/_fake/view/incidents").await;
    assert_eq!(status, 200);
    assert_eq!(csp, "default-src 'none'; style-src 'unsafe-inline'");
    let at = |s: &str| {
        html.find(s)
            .unwrap_or_else(|| panic!("no {s:?} in\n{html}"))
    };
    assert!(at("INC-7 · Search") < at("Checking") && at("Checking") < at("On it"));
    assert!(html.contains("<b>Lead</b><br><span class=\"mention\">@alice</span>"));
    assert!(html.contains(">Resolve</span>"));
    assert!(html.contains("<span class=\"name\">Bob Chen</span><span class=\"badge\">APP</span>"));
    assert!(html.contains("On it &lt;now&gt;"));
    assert!(!html.contains("<script"), "{html}");
    assert!(at("1 reply") < at("thanks"));
    assert!(html.contains("📌 Pinned by alice"));
    assert!(html.contains("👀 1"));
    assert_eq!(
        get(&fake, &format!("/_fake/view/{incidents}")).await.2,
        html
    );
    assert!(posted["ts"].is_string());

    let (status, _, html) = get(&fake, "/_fake/view").await;
    assert_eq!(status, 200);
    assert!(html.contains("not connected (no Socket Mode link)"));
    assert!(html.contains("<span class=\"mark\">#</span>incidents</a>"));
    assert_eq!(get(&fake, "/_fake/view/nowhere").await.0, 404);
    assert_eq!(get(&fake, "/_fake/view/incidents?as=nobody").await.0, 404);
}

#[tokio::test]
async fn a_persons_home_shows_what_the_app_published_for_them() {
    let fake = fake().await;
    let (alice, _, _) = seeded(&fake).await;
    let (status, _, html) = get(&fake, "/_fake/view/home/alice").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("goldseam has published no Home for alice."),
        "{html}"
    );
    let view = json!({"type": "home", "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "Hello, alice"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Your open incidents*"}},
    ]});
    ok(
        &fake,
        "views.publish",
        json!({"user_id": alice, "view": view}),
    )
    .await;
    let (_, _, html) = get(&fake, &format!("/_fake/view/home/{alice}")).await;
    assert!(
        html.contains("<div class=\"bk-header\">Hello, alice</div>"),
        "{html}"
    );
    assert!(html.contains("<b>Your open incidents</b>"));
    assert!(html.contains("Viewing as alice"));
    assert_eq!(get(&fake, "/_fake/view/home/nobody").await.0, 404);
}
