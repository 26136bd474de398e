//! Team membership: who is in a team and with which team role, changed one person at a time
//! (admins and the team's leads; the route checks who may).

use super::teams::{team_in, Team};
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::people::TeamRole;
use goldseam_core::{TeamId, UserId};
use jiff::Timestamp;
use sqlx::{AnyConnection, Connection};

/// Marks the team changed; a missing team is "not found".
async fn touch(conn: &mut AnyConnection, id: TeamId, now: Timestamp) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE teams SET updated_at = $1 WHERE id = $2")
        .bind(to_db(now))
        .bind(id.get())
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("team {id}")));
    }
    Ok(())
}

impl Store {
    /// The user's membership of the team: `None` if not a member, else their team role.
    pub async fn team_membership(
        &self,
        team_id: TeamId,
        user_id: UserId,
    ) -> Result<Option<Option<TeamRole>>, StoreError> {
        let row = sqlx::query("SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2")
            .bind(team_id.get())
            .bind(user_id.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        row.map(|r| Ok(r.col::<Option<String>>("role")?.map(TeamRole::from_stored)))
            .transpose()
    }

    /// Adds the user to the team, or changes their team role if already a member.
    pub async fn set_team_member(
        &self,
        team_id: TeamId,
        user_id: UserId,
        role: Option<&TeamRole>,
    ) -> Result<Team, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        touch(&mut tx, team_id, now).await?;
        let user: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
            .bind(user_id.get())
            .fetch_optional(&mut *tx)
            .await?;
        if user.is_none() {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        }
        sqlx::query(
            "INSERT INTO team_members (team_id, user_id, role, added_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role",
        )
        .bind(team_id.get())
        .bind(user_id.get())
        .bind(role.map(|r| r.as_str().to_string()))
        .bind(to_db(now))
        .execute(&mut *tx)
        .await?;
        let team = team_in(&mut tx, team_id).await?;
        tx.commit().await?;
        Ok(team)
    }

    /// Removes the user from the team; not a member is "not found".
    pub async fn remove_team_member(
        &self,
        team_id: TeamId,
        user_id: UserId,
    ) -> Result<Team, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        touch(&mut tx, team_id, now).await?;
        let done = sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2")
            .bind(team_id.get())
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "member {user_id} of team {team_id}"
            )));
        }
        let team = team_in(&mut tx, team_id).await?;
        tx.commit().await?;
        Ok(team)
    }
}
