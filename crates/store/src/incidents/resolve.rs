//! Turning a store-level change into a core command: looking up the comment or event it names.

use super::write::Change;
use crate::row::Columns;
use crate::StoreError;
use goldseam_core::command::CommentState;
use goldseam_core::{Command, EventId, IncidentId};
use sqlx::AnyConnection;

/// Turns a store-level change into a core command, looking up what it refers to.
pub(super) async fn resolve(
    tx: &mut AnyConnection,
    incident_id: IncidentId,
    change: &Change,
) -> Result<Command, StoreError> {
    Ok(match change {
        Change::Core(cmd) => cmd.clone(),
        Change::EditComment { comment_id, body } => Command::EditComment {
            comment: comment(tx, incident_id, *comment_id).await?,
            body: body.clone(),
        },
        Change::DeleteComment { comment_id } => {
            Command::DeleteComment(comment(tx, incident_id, *comment_id).await?)
        }
        Change::Pin(event_id) => {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM events WHERE id = $1 AND incident_id = $2")
                    .bind(event_id.get())
                    .bind(incident_id.get())
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound(format!(
                    "event {event_id} of {}",
                    incident_id.reference()
                )));
            }
            Command::Pin(*event_id)
        }
        Change::Record(p) => {
            return Err(StoreError::Corrupt(format!(
                "a recorded {} event reached the rules; decide_all records them directly",
                p.kind()
            )))
        }
        Change::FromChat { .. } => {
            return Err(StoreError::Corrupt(
                "a chat change reached the rules unwrapped; decide_all unwraps them".into(),
            ))
        }
    })
}

async fn comment(
    tx: &mut AnyConnection,
    incident_id: IncidentId,
    id: EventId,
) -> Result<CommentState, StoreError> {
    let row = sqlx::query(
        "SELECT id, author_id, body, deleted FROM comments WHERE id = $1 AND incident_id = $2",
    )
    .bind(id.get())
    .bind(incident_id.get())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("comment {id} of {}", incident_id.reference())))?;
    Ok(CommentState {
        id: row.id("id")?,
        author_id: row.opt_id("author_id")?,
        body: row.col("body")?,
        deleted: row.flag("deleted")?,
    })
}
