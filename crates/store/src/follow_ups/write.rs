//! Adding and changing follow-ups. What needs the store is checked here (the owner is an active
//! person who may see the incident, the team exists, what day it is where the due date is
//! judged); core decides the rest, and the incident's write path records it as an event.

use super::FollowUp;
use crate::idempotency::IdempotencyKey;
use crate::incidents::Change;
use crate::{Store, StoreError};
use goldseam_core::follow_up::{FollowUpPatch, NewFollowUp};
use goldseam_core::{Actor, Command, DomainError, EventId, IncidentId, TeamId, UserId, UserRole};
use jiff::civil::Date;

impl Store {
    /// Adds a follow-up to incident `r`; a repeated `idem` key answers with the one it added.
    pub async fn add_follow_up(
        &self,
        actor: &Actor,
        r: IncidentId,
        mut new: NewFollowUp,
        idem: Option<&IdempotencyKey>,
    ) -> Result<FollowUp, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        self.incident(actor, r).await?;
        if let Some(owner) = new.owner_id {
            self.check_owner(r, owner).await?;
            if new.team_id.is_none() {
                // A person in one team does the work for that team; with several, they say which.
                new.team_id = self.only_team_of(owner).await?;
            }
        }
        if let Some(team) = new.team_id {
            self.check_team(team).await?;
        }
        let today = self.day_for(new.owner_id.unwrap_or(actor.user_id)).await?;
        let add = Change::Core(Command::AddFollowUp {
            follow_up: new,
            today,
        });
        let outcome = self.change(actor, r, &[add], idem, false).await?;
        let id = outcome
            .events
            .iter()
            .find(|e| e.record.payload.kind() == "follow_up_added")
            .map(|e| e.record.id)
            .ok_or_else(|| {
                StoreError::Corrupt("adding a follow-up wrote no follow_up_added event".into())
            })?;
        self.follow_up(actor, id).await
    }

    /// Changes follow-up `id`.
    pub async fn update_follow_up(
        &self,
        actor: &Actor,
        id: EventId,
        patch: FollowUpPatch,
    ) -> Result<FollowUp, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        let current = self.follow_up(actor, id).await?;
        let r = current.incident.id;
        if let Some(Some(owner)) = patch.owner_id {
            self.check_owner(r, owner).await?;
        }
        if let Some(Some(team)) = patch.team_id {
            self.check_team(team).await?;
        }
        let owner = patch
            .owner_id
            .unwrap_or(current.owner.as_ref().map(|(u, _)| *u));
        let today = self.day_for(owner.unwrap_or(actor.user_id)).await?;
        let change = Change::Core(Command::ChangeFollowUp {
            current: current.state(),
            patch,
            today,
        });
        self.change(actor, r, &[change], None, false).await?;
        self.follow_up(actor, id).await
    }

    /// The owner must be an active person who may see the incident: a follow-up's owner reads
    /// it in lists and reminders, which must never show a private incident to someone outside it.
    async fn check_owner(&self, r: IncidentId, owner: UserId) -> Result<(), StoreError> {
        let user = match self.user(owner).await {
            Ok(u) => u,
            Err(StoreError::NotFound(_)) => {
                return Err(
                    DomainError::invalid("owner_id", format!("no user has id {owner}")).into(),
                )
            }
            Err(e) => return Err(e),
        };
        if !user.active {
            return Err(DomainError::invalid(
                "owner_id",
                format!("{} is deactivated; choose someone who can do it", user.name),
            )
            .into());
        }
        let as_owner = Actor {
            user_id: owner,
            role: user.role,
        };
        if user.role != UserRole::Admin && self.incident(&as_owner, r).await.is_err() {
            return Err(DomainError::invalid(
                "owner_id",
                format!(
                    "{} cannot see this private incident; let them see it first, then give it to them",
                    user.name
                ),
            )
            .into());
        }
        Ok(())
    }

    async fn check_team(&self, team: TeamId) -> Result<(), StoreError> {
        match self.team(team).await {
            Ok(_) => Ok(()),
            Err(StoreError::NotFound(_)) => {
                Err(DomainError::invalid("team_id", format!("no team has id {team}")).into())
            }
            Err(e) => Err(e),
        }
    }

    /// The team `user` is in, when they are in exactly one.
    async fn only_team_of(&self, user: UserId) -> Result<Option<TeamId>, StoreError> {
        let rows = sqlx::query("SELECT team_id FROM team_members WHERE user_id = $1 LIMIT 2")
            .bind(user.get())
            .fetch_all(&mut *self.reader().await?)
            .await?;
        Ok(match rows.as_slice() {
            [one] => Some(crate::row::Columns::id(one, "team_id")?),
            _ => None,
        })
    }

    /// Today in `user`'s zone (UTC without one): due dates are judged on the owner's day.
    pub(crate) async fn day_for(&self, user: UserId) -> Result<Date, StoreError> {
        let zone = self.profile(user).await?.time_zone;
        Ok(super::today_in(
            self.now(),
            zone.as_ref().map(|z| z.as_str()),
        ))
    }
}
