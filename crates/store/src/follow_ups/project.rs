//! The `follow_ups` rows that follow one event, written by the plan that writes the event.

use crate::plan::{Arg, Plan, Stmt};
use crate::time::to_db;
use goldseam_core::follow_up::FollowUpChanges;
use goldseam_core::{EventPayload, EventRecord};

/// The statements keeping `follow_ups` in step with `r`, if it is a follow-up event.
pub(crate) fn project(plan: &mut Plan, r: &EventRecord) {
    let at = Arg::I64(to_db(r.at));
    match &r.payload {
        EventPayload::FollowUpAdded {
            title,
            description,
            owner_id,
            team_id,
            due_on,
            priority,
            status,
        } => {
            let promised = status.is_promised().then(|| to_db(r.at));
            plan.push(Stmt::new(
                "INSERT INTO follow_ups (id, incident_id, title, description, owner_id, team_id, due_on, priority, status, created_by, created_at, updated_at, committed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                vec![
                    Arg::id(r.id),
                    Arg::id(r.incident_id),
                    Arg::Str(title.clone()),
                    Arg::OptStr(description.clone()),
                    Arg::opt_id(*owner_id),
                    Arg::opt_id(*team_id),
                    Arg::OptStr(due_on.map(|d| d.to_string())),
                    Arg::Str(priority.as_str().into()),
                    Arg::Str(status.as_str().into()),
                    Arg::opt_id(r.actor_id),
                    at.clone(),
                    at,
                    Arg::OptI64(promised),
                ],
            ));
        }
        EventPayload::FollowUpFiled { follow_up_id, tracker, key, url } => plan.push(Stmt::new(
            "UPDATE follow_ups SET tracker = $2, tracker_key = $3, tracker_url = $4, updated_at = $5 WHERE id = $1",
            vec![Arg::id(*follow_up_id), Arg::Str(tracker.clone()), Arg::Str(key.clone()), Arg::Str(url.clone()), at],
        )),
        EventPayload::FollowUpChanged {
            follow_up_id,
            changes,
            ..
        } => {
            plan.push(update(Arg::id(*follow_up_id), at, changes));
        }
        _ => {}
    }
}

fn update(id: Arg, at: Arg, c: &FollowUpChanges) -> Stmt {
    let mut sets = vec!["updated_at = $2".to_string()];
    let mut args = vec![id, at];
    fn set(sets: &mut Vec<String>, args: &mut Vec<Arg>, col: &str, v: Arg) {
        args.push(v);
        sets.push(format!("{col} = ${}", args.len()));
    }
    if let Some(t) = &c.title {
        set(&mut sets, &mut args, "title", Arg::Str(t.clone()));
    }
    if let Some(d) = &c.description {
        set(&mut sets, &mut args, "description", Arg::OptStr(d.clone()));
    }
    if let Some(o) = c.owner_id {
        set(&mut sets, &mut args, "owner_id", Arg::opt_id(o));
    }
    if let Some(t) = c.team_id {
        set(&mut sets, &mut args, "team_id", Arg::opt_id(t));
    }
    if let Some(d) = c.due_on {
        set(
            &mut sets,
            &mut args,
            "due_on",
            Arg::OptStr(d.map(|d| d.to_string())),
        );
    }
    if let Some(p) = c.priority {
        set(
            &mut sets,
            &mut args,
            "priority",
            Arg::Str(p.as_str().into()),
        );
    }
    if let Some(r) = &c.reason {
        set(&mut sets, &mut args, "reason", Arg::OptStr(r.clone()));
    }
    if let Some(s) = c.status {
        set(&mut sets, &mut args, "status", Arg::Str(s.as_str().into()));
        if s.is_promised() {
            // The first promise counts; a later one (reopened) does not move it.
            sets.push("committed_at = COALESCE(committed_at, $2)".into());
        }
        sets.push(if s.is_open() {
            "completed_at = NULL".into()
        } else {
            "completed_at = $2".into()
        });
    }
    Stmt::new(
        format!("UPDATE follow_ups SET {} WHERE id = $1", sets.join(", ")),
        args,
    )
}
