//! Publishing sends once to each reader, in the rendering their audiences give them.

use super::{
    admin, audience, fixed_store, policy, published, rule, run_jobs, subscriber_and_team, user,
};
use goldseam_core::postmortem::distribution::{AudienceKind, Rendering};
use goldseam_core::{DomainError, UserRole};
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;

pub async fn each_reader_gets_one_message_in_their_rendering(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let root = admin(&store).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let rita = user(&store, "rita", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let cy = user(&store, "cy", UserRole::Viewer).await;
    user(&store, "dee", UserRole::Member).await;
    let leaders = subscriber_and_team(&store, &bo, "Leadership", &[&cy, &bo]).await;
    let mut team = audience(AudienceKind::Team, Rendering::Summary, true);
    team.team_id = Some(leaders.id.get());
    let mut list = audience(AudienceKind::MailingList, Rendering::Summary, false);
    list.address = Some("All-Eng@Example.com".into());
    let mut slack = audience(AudienceKind::SlackChannel, Rendering::Summary, false);
    slack.channel = Some("C0123ABCD".into());
    let mut hook = audience(AudienceKind::Webhook, Rendering::Full, false);
    hook.url = Some("https://hooks.example.com/postmortems".into());
    let set = policy(vec![
        rule(
            "Subscribers",
            vec![audience(AudienceKind::Subscribers, Rendering::Full, false)],
        ),
        rule("Leadership", vec![team, list, slack, hook]),
    ]);
    store.set_distribution_policy(&root, &set).await.unwrap();

    let r = published(&store, &ana, &rita, "Checkout is down", false).await;
    let sent = run_jobs(&store).await;
    // Participants (the declarer, the reviewer), the subscriber, the team, the list: one each;
    // dee is in no audience and the admin took no part.
    assert_eq!(
        sent.recipients(),
        [
            "all-eng@example.com",
            "ana@example.com",
            "bo@example.com",
            "cy@example.com",
            "rita@example.com"
        ]
    );
    let full = sent.to("ana@example.com");
    assert!(
        full.subject.starts_with("[Postmortem] INC-"),
        "{}",
        full.subject
    );
    assert!(
        full.text.contains("## Timeline") && full.text.contains("## Impact"),
        "{}",
        full.text
    );
    assert!(full.html.as_deref().unwrap().contains("<h2>Timeline</h2>"));
    assert_eq!(full.list_unsubscribe, None, "a participant must read it");
    assert!(full.text.contains("because you took part in the incident"));
    // bo subscribes (full) and is in the team (summary): the richer one, required by the team.
    let bo_mail = sent.to("bo@example.com");
    assert!(bo_mail.text.contains("## Timeline"));
    assert_eq!(bo_mail.list_unsubscribe, None, "required by the team");
    let summary = sent.to("cy@example.com");
    assert!(summary.subject.starts_with("[Postmortem summary] "));
    assert!(summary.text.contains("## Summary") && summary.text.contains("## Impact"));
    assert!(!summary.text.contains("## Timeline"), "{}", summary.text);
    assert!(summary.text.contains("because you are in Leadership"));
    let list_mail = sent.to("all-eng@example.com");
    assert!(!list_mail.text.contains("## Timeline"));
    assert_eq!(
        list_mail.list_unsubscribe, None,
        "a list is not one person's to leave"
    );

    let slack_job = sent
        .others
        .iter()
        .find(|j| j.kind == "slack")
        .expect("a Slack post");
    assert_eq!(slack_job.payload["channel"], "C0123ABCD");
    let text = slack_job.payload["text"].as_str().unwrap();
    assert!(
        text.contains("Postmortem published: ") && text.contains("/read/r"),
        "{text}"
    );
    let hook_job = sent
        .others
        .iter()
        .find(|j| j.kind == "webhook")
        .expect("a webhook");
    assert_eq!(hook_job.payload["body"]["type"], "postmortem.published");
    assert!(hook_job.payload["body"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Timeline"));
    assert_eq!(sent.others.len(), 2);

    let page = store
        .postmortem_readers(&root, r, None, 0, 100)
        .await
        .unwrap();
    assert_eq!(page.distributed.map(|(v, _)| v), Some(1));
    assert_eq!((page.counts.people, page.counts.channels), (4, 3));
    assert_eq!((page.counts.pending, page.counts.required_pending), (4, 4));
    let bo_row = page
        .readers
        .iter()
        .find(|x| x.user_id == Some(bo.user_id))
        .unwrap();
    assert_eq!(bo_row.reasons, ["subscriber", "team:Leadership"]);
    assert_eq!((bo_row.rendering, bo_row.required), (Rendering::Full, true));
    // Who read it is for the incident's manager and admins.
    assert!(matches!(
        store.postmortem_readers(&ana, r, None, 0, 100).await,
        Err(StoreError::Domain(DomainError::Forbidden(_)))
    ));
    let events = store.timeline(&ana, r, 0, 500).await.unwrap();
    let distributed: Vec<_> = events
        .iter()
        .filter(|e| e.record.payload.kind() == "postmortem_distributed")
        .collect();
    assert_eq!(distributed.len(), 1);
}

pub async fn a_rerun_sends_nothing_twice_and_the_policy_is_checked(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let root = admin(&store).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let rita = user(&store, "rita", UserRole::Member).await;
    let member = user(&store, "mo", UserRole::Member).await;

    // Bad input: every problem named, nothing saved; only admins save.
    let (default, customized) = store.distribution_policy().await.unwrap();
    assert!(!customized);
    let mut ghost = audience(AudienceKind::Team, Rendering::Full, false);
    ghost.team_id = Some(999);
    let bad = policy(vec![rule("Ghost team", vec![ghost])]);
    let e = store
        .set_distribution_policy(&root, &bad)
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::Domain(DomainError::Invalid { ref field, .. }) if field == "rules[0].audiences[0].team_id"),
        "{e:?}"
    );
    let everyone = policy(vec![rule(
        "All",
        vec![audience(AudienceKind::Everyone, Rendering::Summary, false)],
    )]);
    assert!(matches!(
        store.set_distribution_policy(&member, &everyone).await,
        Err(StoreError::Domain(DomainError::Forbidden(_)))
    ));
    assert_eq!(store.distribution_policy().await.unwrap(), (default, false));
    store
        .set_distribution_policy(&root, &everyone)
        .await
        .unwrap();

    let r = published(&store, &ana, &rita, "Search is slow", false).await;
    let first = run_jobs(&store).await;
    assert_eq!(first.emails.len(), 4, "everyone: {:?}", first.recipients());
    // The job run again (a crash after it sent): nothing new is queued or recorded.
    let job = goldseam_store::distribution::VersionJob {
        incident_id: r,
        version: 1,
    };
    store.distribute_postmortem(&job, super::URL).await.unwrap();
    assert!(run_jobs(&store).await.emails.is_empty());
    let events = store.timeline(&ana, r, 0, 500).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.record.payload.kind() == "postmortem_distributed")
            .count(),
        1
    );
}
