//! Paging from the incident: someone working on it wakes a person, a team's on call or an
//! escalation policy that the response did not bring in ("we need a database expert").

use crate::{Store, StoreError};
use goldseam_core::people::Urgency;
use goldseam_core::{Actor, DomainError, EscalationPolicyId, IncidentId, TeamId, UserId};

use super::pages::Page;

/// Whom to page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageTarget {
    /// One person.
    User(UserId),
    /// A team: its escalation policy, else whoever is on call in its schedule.
    Team(TeamId),
    /// An escalation policy.
    Policy(EscalationPolicyId),
}

/// What paging by hand came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paged {
    /// A new page, notifying now.
    Started(Page),
    /// The same target was already being paged and nobody has acknowledged: nobody is paged
    /// twice for one thing, so this is that page.
    AlreadyOpen(Page),
}

impl Store {
    /// Pages `target` for the incident as `actor`, who must be able to change it (members and
    /// admins who may see it). `reason` is shown with the page and in the messages.
    pub async fn page_by_hand(
        &self,
        actor: &Actor,
        r: IncidentId,
        target: PageTarget,
        urgency: Urgency,
        reason: &str,
    ) -> Result<Paged, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        let incident = self.incident(actor, r).await?;
        let now = self.now();
        let (policy_id, user_id) = match target {
            PageTarget::User(u) => match self.user(u).await {
                Ok(user) if user.active => (None, Some(u)),
                _ => {
                    return Err(StoreError::Domain(DomainError::invalid(
                        "user_id",
                        format!("no active user has id {u}"),
                    )))
                }
            },
            PageTarget::Policy(p) => {
                self.escalation_policy(p).await.map_err(|_| {
                    DomainError::invalid("policy_id", format!("no escalation policy has id {p}"))
                })?;
                (Some(p), None)
            }
            PageTarget::Team(t) => {
                let team = self
                    .team(t)
                    .await
                    .map_err(|_| DomainError::invalid("team_id", format!("no team has id {t}")))?;
                self.team_page_target(&team, now).await?.ok_or_else(|| {
                    DomainError::invalid(
                        "team_id",
                        format!(
                            "team {:?} cannot be paged: it has no escalation policy, and nobody is on call in its schedule now; give it a policy on its page, or page a person",
                            team.name
                        ),
                    )
                })?
            }
        };
        let open = self
            .open_pages(incident.id)
            .await?
            .into_iter()
            .find(|p| (p.policy_id, p.user_id) == (policy_id, user_id));
        if let Some(page) = open {
            return Ok(Paged::AlreadyOpen(page));
        }
        let page = self
            .start_page(actor, incident.id, policy_id, user_id, reason, urgency)
            .await?;
        let jobs = self.page_steps(&page, policy_id, now).await?;
        self.enqueue_all(&jobs).await?;
        Ok(Paged::Started(page))
    }
}
