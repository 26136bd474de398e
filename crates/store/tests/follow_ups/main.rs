//! Follow-ups in storage, on both databases: added and changed through the incident's write path
//! and on its timeline (`writes`), the lists people work from: filters, pages, what a private
//! incident hides (`lists`), and the daily digest on a clock the test sets (`digest`).

#[path = "../common.rs"]
mod common;
mod digest;
mod lists;
mod writes;

use common::declaration;
use goldseam_core::follow_up::{FollowUpStatus, NewFollowUp, Priority};
use goldseam_core::text::Title;
use goldseam_core::{Actor, DomainError, IncidentId};
use goldseam_store::time::FixedClock;
use goldseam_store::{Store, StoreError, StoreOptions};
use goldseam_testdb::TestDb;
use jiff::civil::Date;
use std::sync::Arc;

/// 2026-12-03 08:30 in Berlin.
const START: &str = "2026-12-03T07:30:00Z";

pub async fn fixed_store(db: &TestDb) -> (Store, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at(START.parse().unwrap()));
    let mut opts = StoreOptions::new(&db.url);
    opts.clock = clock.clone();
    (Store::open(opts).await.unwrap(), clock)
}

pub fn item(
    title: &str,
    owner: Option<&Actor>,
    due: Option<Date>,
    status: FollowUpStatus,
) -> NewFollowUp {
    NewFollowUp {
        title: Title::parse("title", title).unwrap(),
        description: None,
        owner_id: owner.map(|a| a.user_id),
        team_id: None,
        due_on: due,
        priority: Priority::High,
        status,
    }
}

pub fn field_of(e: StoreError) -> String {
    match e {
        StoreError::Domain(DomainError::Invalid { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

pub async fn declare(store: &Store, actor: &Actor, title: &str) -> IncidentId {
    store
        .declare(actor, &declaration(title, "SEV2"), None)
        .await
        .unwrap()
        .incident
        .id
}
