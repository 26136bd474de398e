//! Checking that referenced users, teams, schedules, policies and services exist, and naming
//! them in answers.

use crate::error::{ApiError, Fields};
use crate::state::AppState;
use goldseam_core::Id;
use goldseam_store::response::Referenced;
use std::collections::HashMap;

/// The numbers of typed ids, for lookups that span kinds (the kind says which).
pub fn numbers<'a, I: Id + 'a>(ids: impl IntoIterator<Item = &'a I>) -> Vec<i64> {
    ids.into_iter().map(|id| id.get()).collect()
}

/// Ids a request refers to, each with the field that named it.
#[derive(Default)]
pub struct Wanted(Vec<(Referenced, i64, String)>);

impl Wanted {
    pub fn add(&mut self, kind: Referenced, id: i64, field: String) {
        self.0.push((kind, id, field));
    }

    /// Records a field error for each id that does not exist.
    pub async fn check_exist(&self, state: &AppState, f: &mut Fields) -> Result<(), ApiError> {
        let lookup = Lookup::of(state, self.0.iter().map(|(k, id, _)| (*k, *id))).await?;
        for (kind, id, field) in &self.0 {
            if lookup.name(*kind, *id).is_none() {
                let what = match kind {
                    Referenced::User => "user",
                    Referenced::Team => "team",
                    Referenced::Schedule => "schedule",
                    Referenced::Policy => "escalation policy",
                    Referenced::Service => "service",
                };
                f.push(field.clone(), format!("there is no {what} {id}"));
            }
        }
        Ok(())
    }
}

/// Names of referenced things, fetched in one query per kind.
pub struct Lookup(HashMap<(Referenced, i64), String>);

impl Lookup {
    pub async fn of(
        state: &AppState,
        refs: impl Iterator<Item = (Referenced, i64)>,
    ) -> Result<Lookup, ApiError> {
        let mut by_kind: HashMap<Referenced, Vec<i64>> = HashMap::new();
        for (k, id) in refs {
            by_kind.entry(k).or_default().push(id);
        }
        let mut names = HashMap::new();
        for (kind, ids) in by_kind {
            for (id, name) in state.store.names_of(kind, &ids).await? {
                names.insert((kind, id), name);
            }
        }
        Ok(Lookup(names))
    }

    pub fn name(&self, kind: Referenced, id: i64) -> Option<String> {
        self.0.get(&(kind, id)).cloned()
    }
}
