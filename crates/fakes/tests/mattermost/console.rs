//! The by-hand console.

use crate::support::*;
use serde_json::json;

#[tokio::test]
async fn the_console_acts_as_people_and_switches_failures() {
    let fake = fake().await;
    let seeded = fake.seed_demo();
    assert!(seeded.contains("incidents"), "{seeded}");
    assert!(
        fake.members("incidents").contains(&fake.bot_id()),
        "the bot hears #incidents"
    );
    let said = fake.console("say ada incidents db is slow").await;
    assert!(said.starts_with("post "), "{said}");
    assert_eq!(fake.messages("incidents")[0].message, "db is slow");
    let refused = fake.console("say nobody incidents hi").await;
    assert!(refused.starts_with("error:"), "{refused}");
    fake.add_user("carol", "carol@example.com");
    assert!(fake
        .console("say carol incidents hi")
        .await
        .contains("not a member"));
    fake.console(r#"fail "POST /posts" 503"#).await;
    let id = fake.channel("incidents").unwrap().id;
    let res = call(
        &fake,
        "POST",
        "/posts",
        Some(json!({"channel_id": id, "message": "x"})),
    )
    .await;
    assert_eq!(res.status, 503);
    assert!(fake.console("help").await.contains("command USER CHANNEL"));
}
