//! A conversation held on both sides at once: people write in the incident channel and in the
//! web room, and both read the same transcript, in the same order, each line once.

use super::super::side::{Kind, Msg};
use super::super::world::{comments, World, SOON};
use goldseam_testdb::TestDb;

/// Where a line is written.
#[derive(Clone, Copy, Debug)]
enum Where {
    Chat,
    Web,
}

/// The script: 30 lines by Ada and Bob, on both sides, some in bursts (several lines from
/// one side before anything is mirrored), whose order the mirror must keep.
fn script() -> Vec<Vec<(Where, &'static str, String)>> {
    use Where::{Chat, Web};
    let shapes: [&[(Where, &str)]; 16] = [
        &[(Chat, "ada")],
        &[(Chat, "bob")],
        &[(Web, "bob")],
        &[(Chat, "ada"), (Chat, "ada"), (Chat, "bob")],
        &[(Web, "ada"), (Web, "bob")],
        &[(Chat, "bob")],
        &[(Web, "ada")],
        &[(Chat, "ada"), (Chat, "bob"), (Chat, "ada"), (Chat, "bob")],
        &[(Web, "bob"), (Web, "bob"), (Web, "ada")],
        &[(Chat, "bob")],
        &[(Web, "ada")],
        &[(Chat, "ada"), (Chat, "ada")],
        &[(Web, "bob"), (Web, "ada"), (Web, "bob")],
        &[(Chat, "bob"), (Chat, "ada")],
        &[(Web, "ada"), (Web, "bob")],
        &[(Chat, "ada"), (Chat, "bob")],
    ];
    let mut n = 0;
    shapes
        .iter()
        .map(|burst| {
            burst
                .iter()
                .map(|(side, who)| {
                    n += 1;
                    (*side, *who, format!("step {n:02}: {who} on {side:?}"))
                })
                .collect()
        })
        .collect()
}

/// "Ada" for `ada`.
fn name(handle: &str) -> String {
    let mut c = handle.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The channel's lines as people read them: (who, text), cards and notices left out.
fn channel_transcript(messages: &[Msg]) -> Vec<(String, String)> {
    messages
        .iter()
        .filter(|m| m.text.starts_with("step "))
        .map(|m| (name(&m.author), m.text.clone()))
        .collect()
}

pub async fn a_conversation_on_both_sides_reads_the_same_without_echo(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (r, channel) = w.declare("Checkout down", "SEV1").await;
    w.chat.join("bob", &channel);
    let script = script();
    let total: usize = script.iter().map(Vec::len).sum();
    assert_eq!(total, 30);
    let mut expected: Vec<(String, String)> = Vec::new();
    for burst in &script {
        for (side, who, text) in burst {
            match side {
                Where::Chat => {
                    w.chat.say(who, &channel, text);
                }
                Where::Web => {
                    let person = if *who == "ada" { &w.ada } else { &w.bob };
                    w.comment(person, &r, text).await;
                }
            }
            expected.push((name(who), text.clone()));
        }
        // The burst is on both sides before the next one starts, so the order is the script's.
        let n = expected.len();
        w.wait_timeline(&r, |items| comments(items).len() >= n)
            .await;
        assert!(
            w.eventually(SOON, |s| channel_transcript(&s.messages(&channel)).len()
                >= n)
                .await,
            "{:#?}",
            channel_transcript(&w.chat.messages(&channel))
        );
    }
    // Give any echo time to show before reading both transcripts.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let timeline = comments(&w.timeline(&r).await);
    let from_timeline: Vec<(String, String)> = timeline
        .iter()
        .map(|(who, body, _)| (who.clone(), body.clone()))
        .collect();
    assert_eq!(from_timeline, expected, "the timeline's transcript");
    let from_channel = channel_transcript(&w.chat.messages(&channel));
    assert_eq!(from_channel, expected, "the channel's transcript");
    // What was said in chat is marked as such; what was written in the room is not.
    for ((_, body, via), (side, _, _)) in timeline.iter().zip(script.iter().flatten()) {
        let want = match side {
            Where::Chat => Some(w.chat.via().to_string()),
            Where::Web => None,
        };
        assert_eq!(via, &want, "{body}");
    }
    w.app.shutdown().await;
}

pub async fn someone_without_an_account_is_told_and_nothing_is_recorded(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (r, channel) = w.declare("Queue backlog", "SEV3").await;
    w.chat.join("carol", &channel);
    w.chat
        .say("carol", &channel, "Is this why my export is stuck?");
    w.told(&w.carol_chat, "no active account").await;
    // Ada's message after Carol's is recorded: Carol's did not hold up the channel.
    w.chat
        .say("ada", &channel, "Yes, exports wait behind the backlog");
    let items = w.wait_timeline(&r, |i| !comments(i).is_empty()).await;
    assert_eq!(comments(&items).len(), 1);
    assert_eq!(comments(&items)[0].0, "Ada");
    w.app.shutdown().await;
}
