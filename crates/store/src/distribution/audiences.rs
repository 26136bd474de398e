//! Who reads one postmortem: the policy's audiences for the incident expanded into people and
//! channels (participants, subscribers, teams, everyone, lists, Slack channels, webhooks), merged
//! by core, narrowed to active people, to those who did not unsubscribe where they may, and for a
//! private incident to those who may see it.

use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::postmortem::distribution::{
    merge_readers, AudienceKind, Channel, Readers, Reason, Rendering,
};
use goldseam_core::{IncidentState, TeamId, UserId, UserRole};
use std::collections::{BTreeMap, BTreeSet};

/// An active person: their role (admins see every incident).
struct Person {
    role: UserRole,
}

impl Store {
    /// Who reads the postmortem of `incident` under the current policy: its participants, every
    /// matching rule's audiences, merged; only active people; those who unsubscribed only where
    /// they must read it; and for a private incident only people who may see it and no channel.
    pub(crate) async fn readers_of(&self, incident: &IncidentState) -> Result<Readers, StoreError> {
        let (policy, _) = self.distribution_policy().await?;
        let active: BTreeMap<UserId, Person> =
            sqlx::query("SELECT id, role FROM users WHERE active = 1")
                .fetch_all(&mut *self.reader().await?)
                .await?
                .iter()
                .map(|row| {
                    let role: String = row.col("role")?;
                    let role = UserRole::parse(&role)
                        .ok_or_else(|| StoreError::Corrupt(format!("user role {role}")))?;
                    Ok((row.id("id")?, Person { role }))
                })
                .collect::<Result<_, StoreError>>()?;
        let see = self.see_reasons(incident).await?;
        let mut people: Vec<(UserId, Reason, Rendering, bool)> = self
            .participants_of(incident)
            .await?
            .into_iter()
            .map(|u| {
                (
                    u,
                    Reason::Participant,
                    Rendering::Full,
                    policy.participants_required,
                )
            })
            .collect();
        let mut channels: Vec<(Channel, Rendering)> = Vec::new();
        let (severity, kind) = (incident.severity.as_str(), incident.incident_type.as_str());
        let mut subscribers: Option<Vec<UserId>> = None;
        for rule in policy.rules_for(severity, kind) {
            for a in &rule.audiences {
                let (rendering, required) = (a.rendering, a.required);
                match a.kind {
                    AudienceKind::Subscribers => {
                        if subscribers.is_none() {
                            subscribers =
                                Some(self.subscribers_of(incident).await?.into_keys().collect());
                        }
                        for u in subscribers.iter().flatten() {
                            people.push((*u, Reason::Subscriber, rendering, required));
                        }
                    }
                    AudienceKind::Team => {
                        let Some(id) = a.team_id else { continue };
                        // A team deleted since the policy was saved reaches nobody.
                        let Ok(team) = self.team(TeamId::from_db(id)).await else {
                            continue;
                        };
                        for m in &team.members {
                            people.push((
                                m.user_id,
                                Reason::Team(team.name.clone()),
                                rendering,
                                required,
                            ));
                        }
                    }
                    AudienceKind::Everyone => {
                        for u in active.keys() {
                            people.push((*u, Reason::Everyone, rendering, required));
                        }
                    }
                    AudienceKind::MailingList => channels.extend(
                        a.address
                            .clone()
                            .map(|x| (Channel::MailingList(x), rendering)),
                    ),
                    AudienceKind::SlackChannel => {
                        channels.extend(a.channel.clone().map(|x| (Channel::Slack(x), rendering)))
                    }
                    AudienceKind::Webhook => {
                        channels.extend(a.url.clone().map(|x| (Channel::Webhook(x), rendering)))
                    }
                }
            }
        }
        let opted_out: BTreeSet<UserId> =
            sqlx::query_scalar::<_, i64>("SELECT user_id FROM postmortem_opt_outs")
                .fetch_all(&mut *self.reader().await?)
                .await?
                .into_iter()
                .map(UserId::from_db)
                .collect();
        let mut readers = merge_readers(people, channels);
        readers.people.retain(|p| {
            active.contains_key(&p.user_id)
                && (!opted_out.contains(&p.user_id)
                    || p.required
                    || p.reasons.contains(&Reason::Participant))
        });
        if incident.private {
            // The participants table and admins are exactly who may see a private incident.
            let may_see = |u: UserId| {
                see.contains_key(&u) || active.get(&u).is_some_and(|p| p.role == UserRole::Admin)
            };
            readers = readers.private(may_see);
        }
        Ok(readers)
    }
}
