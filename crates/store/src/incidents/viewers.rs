//! Who can see a private incident, and why: the people it names (declarer, role holders), the
//! people Goldseam woke or told, the people let in by hand, everyone who took part, and admins.
//! The participants table says who; the incident, its pages and its events say why.

use crate::response::page_and_user_of_key;
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::{Actor, EventPayload, IncidentId, UserId};
use std::collections::BTreeMap;

/// Why someone can see a private incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SeeReason {
    /// They declared it.
    Declared,
    /// They hold a role in it.
    Role,
    /// They were paged for it.
    Paged,
    /// A response rule told them of it.
    Informed,
    /// Someone let them see it.
    Added,
    /// They wrote in it (a comment, an update, a change).
    TookPart,
    /// Admins see every incident.
    Admin,
}

impl SeeReason {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SeeReason::Declared => "declared",
            SeeReason::Role => "role",
            SeeReason::Paged => "paged",
            SeeReason::Informed => "informed",
            SeeReason::Added => "added",
            SeeReason::TookPart => "took_part",
            SeeReason::Admin => "admin",
        }
    }
}

/// One person who can see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    /// Who.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// Why, in the order above.
    pub reasons: Vec<SeeReason>,
}

fn add(why: &mut BTreeMap<UserId, Vec<SeeReason>>, user: UserId, reason: SeeReason) {
    why.entry(user).or_default().push(reason);
}

impl Store {
    /// Who can see incident `r` (which `actor` must be able to see) and why, sorted by name;
    /// `None` when it is public (everyone can).
    pub async fn viewers(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<Option<Vec<Viewer>>, StoreError> {
        let incident = self.incident(actor, r).await?;
        if !incident.private {
            return Ok(None);
        }
        let why = self.see_reasons(&incident).await?;
        let ids: Vec<UserId> = why.keys().copied().collect();
        let users: BTreeMap<UserId, (String, String)> = self
            .users_by_ids(&ids)
            .await?
            .into_iter()
            .map(|u| (u.id, (u.name, u.email)))
            .collect();
        let mut viewers: Vec<Viewer> = why
            .into_iter()
            .map(|(user_id, mut reasons)| {
                reasons.sort_unstable();
                reasons.dedup();
                let (name, email) = users.get(&user_id).cloned().unwrap_or_default();
                Viewer {
                    user_id,
                    name,
                    email,
                    reasons,
                }
            })
            .collect();
        viewers.sort_by_key(|v| v.name.to_lowercase());
        Ok(Some(viewers))
    }

    /// Why each person who may see `incident` may see it (for a public one: the people it names,
    /// woke, told or let in, who took part, and admins; everyone else sees it too).
    pub(crate) async fn see_reasons(
        &self,
        incident: &goldseam_core::IncidentState,
    ) -> Result<BTreeMap<UserId, Vec<SeeReason>>, StoreError> {
        let r = incident.id;
        let mut why: BTreeMap<UserId, Vec<SeeReason>> = BTreeMap::new();
        incident
            .declared_by
            .into_iter()
            .for_each(|u| add(&mut why, u, SeeReason::Declared));
        for holder in &incident.roles {
            add(&mut why, holder.user_id, SeeReason::Role);
        }
        let mut conn = self.reader().await?;
        let paged: Vec<(Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT user_id, acknowledged_by FROM pages WHERE incident_id = $1")
                .bind(r.get())
                .fetch_all(&mut *conn)
                .await?;
        for (user, acked) in paged {
            user.into_iter()
                .chain(acked)
                .for_each(|u| add(&mut why, UserId::from_db(u), SeeReason::Paged));
        }
        // People an escalation policy's levels notified: their deliveries name them.
        let keys: Vec<String> = sqlx::query_scalar(
            "SELECT idempotency_key FROM jobs WHERE incident_id = $1 AND idempotency_key LIKE 'page:%'",
        )
        .bind(r.get())
        .fetch_all(&mut *conn)
        .await?;
        for (_, user) in keys.iter().filter_map(|k| page_and_user_of_key(k)) {
            add(&mut why, user, SeeReason::Paged);
        }
        let events = sqlx::query(
            "SELECT kind, data FROM events WHERE incident_id = $1 AND kind IN ('informed', 'access_granted')",
        )
        .bind(r.get())
        .fetch_all(&mut *conn)
        .await?;
        for e in &events {
            let (kind, data): (String, String) = (e.col("kind")?, e.col("data")?);
            match EventPayload::from_parts(&kind, &data) {
                Ok(EventPayload::Informed { user_ids, .. }) => user_ids
                    .into_iter()
                    .for_each(|u| add(&mut why, u, SeeReason::Informed)),
                Ok(EventPayload::AccessGranted { user_id, .. }) => {
                    add(&mut why, user_id, SeeReason::Added)
                }
                _ => {}
            }
        }
        let participants: Vec<i64> =
            sqlx::query_scalar("SELECT user_id FROM incident_participants WHERE incident_id = $1")
                .bind(r.get())
                .fetch_all(&mut *conn)
                .await?;
        // Everyone else the participants table lets in wrote in it (a comment, a change).
        for user in participants.into_iter().map(UserId::from_db) {
            if !why.contains_key(&user) {
                add(&mut why, user, SeeReason::TookPart);
            }
        }
        let admins: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin' AND active = 1")
                .fetch_all(&mut *conn)
                .await?;
        for admin in admins {
            add(&mut why, UserId::from_db(admin), SeeReason::Admin);
        }
        Ok(why)
    }

    /// The people who took part in `incident`: declared it, held a role, were paged for it or
    /// wrote in it (not those only told of it, let in, or admins).
    pub(crate) async fn participants_of(
        &self,
        incident: &goldseam_core::IncidentState,
    ) -> Result<std::collections::BTreeSet<UserId>, StoreError> {
        Ok(self
            .see_reasons(incident)
            .await?
            .into_iter()
            .filter(|(_, why)| {
                why.iter().any(|w| {
                    matches!(
                        w,
                        SeeReason::Declared
                            | SeeReason::Role
                            | SeeReason::Paged
                            | SeeReason::TookPart
                    )
                })
            })
            .map(|(u, _)| u)
            .collect())
    }
}
