//! A private incident's postmortem reaches only people who may see the incident, on every
//! channel: no list, no Slack channel, no webhook, and nobody outside it however the policy
//! names them.

use super::{
    admin, audience, declaration, fixed_store, policy, published, rule, run_jobs,
    subscriber_and_team, user,
};
use goldseam_core::postmortem::distribution::{AudienceKind, Rendering};
use goldseam_core::postmortem::ReviewAction;
use goldseam_core::DomainError;
use goldseam_core::UserRole;
use goldseam_store::StoreError;
use goldseam_testdb::TestDb;

pub async fn a_private_postmortem_reaches_only_people_who_may_see_it(db: TestDb) {
    let (store, _clock) = fixed_store(&db).await;
    let root = admin(&store).await;
    let ana = user(&store, "ana", UserRole::Member).await;
    let rita = user(&store, "rita", UserRole::Member).await;
    let bo = user(&store, "bo", UserRole::Member).await;
    let cy = user(&store, "cy", UserRole::Member).await;
    let team = subscriber_and_team(&store, &bo, "Security", &[&cy]).await;
    let mut named = audience(AudienceKind::Team, Rendering::Full, true);
    named.team_id = Some(team.id.get());
    let mut list = audience(AudienceKind::MailingList, Rendering::Summary, false);
    list.address = Some("all@example.com".into());
    let mut slack = audience(AudienceKind::SlackChannel, Rendering::Summary, false);
    slack.channel = Some("C0123ABCD".into());
    let mut hook = audience(AudienceKind::Webhook, Rendering::Full, false);
    hook.url = Some("https://hooks.example.com/pm".into());
    let set = policy(vec![rule(
        "Everything",
        vec![
            audience(AudienceKind::Everyone, Rendering::Summary, false),
            audience(AudienceKind::Subscribers, Rendering::Full, false),
            named,
            list,
            slack,
            hook,
        ],
    )]);
    store.set_distribution_policy(&root, &set).await.unwrap();

    let r = published(&store, &ana, &rita, "Credentials leaked", true).await;
    let sent = run_jobs(&store).await;
    // The declarer, the reviewer (who took part) and the admin may see it; the subscriber, the
    // team member and the whole company may not, and no channel carries it.
    assert_eq!(
        sent.recipients(),
        ["ana@example.com", "rita@example.com", "root@example.com"]
    );
    assert!(sent.others.is_empty(), "{:?}", sent.others);
    let page = store
        .postmortem_readers(&root, r, None, 0, 100)
        .await
        .unwrap();
    assert_eq!((page.counts.people, page.counts.channels), (3, 0));
    assert!(page
        .readers
        .iter()
        .all(|x| x.user_id != Some(bo.user_id) && x.user_id != Some(cy.user_id)));

    // Nor can someone who may not see it be asked to review it.
    let mut d = declaration("Another leak", "SEV1");
    d.private = Some(true);
    let other = store.declare(&ana, &d, None).await.unwrap().incident.id;
    store.open_postmortem(&ana, other, false).await.unwrap();
    let refused = store
        .move_postmortem(&ana, other, ReviewAction::RequestReview, &[bo.user_id])
        .await
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::Domain(DomainError::Invalid { ref field, ref message }) if field == "reviewers[0]" && message.contains("cannot see this private incident")),
        "{refused:?}"
    );
}
