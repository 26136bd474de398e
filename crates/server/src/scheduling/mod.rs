//! The scheduling assistant: gathers what the picker needs for an incident's review (who is
//! invited, their zones and working hours, their calendars read now in parallel under one
//! bound, the working hours CalDAV servers publish, Goldseam's own knowledge of booked reviews
//! and on-call shifts, the fairness ledger),
//! asks the picker (`goldseam_core::review::pick`), and books its best slot.
//!
//! A calendar that fails or does not answer in time is passed as unknown for that person
//! (reported, never treated as free or as blocking everyone); someone without a connected
//! calendar is planned on their working hours and Goldseam's own knowledge.

mod availability;
mod gather;

pub use gather::{source_of, Gathered};

use goldseam_core::review::{pick, Proposal};
use goldseam_core::{Actor, IncidentState, UserId};
use goldseam_integrations::calendars::Calendars;
use goldseam_store::reviews::meeting::ReviewMeeting;
use goldseam_store::{Store, StoreError};
use std::time::Duration;

/// What one-click booking did.
#[derive(Debug)]
pub enum Booked {
    /// The meeting, at the best slot.
    Meeting(Box<ReviewMeeting>),
    /// No slot fits: the proposal names the nearest misses.
    NoSlot(Box<Proposal>),
}

/// Reads calendars and books reviews for one store.
pub struct Assistant {
    store: Store,
    calendars: Calendars,
}

impl Assistant {
    /// An assistant whose every calendar read gives up after `timeout`.
    pub fn new(store: Store, timeout: Duration) -> Assistant {
        Assistant {
            store,
            calendars: Calendars::new(timeout),
        }
    }

    /// The picker's answer for `incident`'s review, planned in `organizer`'s zone.
    pub async fn propose(
        &self,
        incident: &IncidentState,
        organizer: Option<UserId>,
    ) -> Result<(Proposal, Gathered), StoreError> {
        let gathered = self.gather(incident, organizer).await?;
        let proposal = pick(&gathered.request).map_err(|e| StoreError::Domain(e.into()))?;
        Ok((proposal, gathered))
    }

    /// Books the best slot the picker finds (or moves the meeting there), charging each
    /// attendee's fairness ledger; `why` leads the reason attendees read.
    pub async fn book_best(
        &self,
        actor: &Actor,
        incident: &IncidentState,
        why: &str,
    ) -> Result<Booked, StoreError> {
        let organizer = (actor.user_id != Actor::GOLDSEAM.user_id).then_some(actor.user_id);
        let (proposal, gathered) = self.propose(incident, organizer).await?;
        let Some(best) = proposal.best.clone() else {
            return Ok(Booked::NoSlot(Box::new(proposal)));
        };
        let mut reason = why.to_string();
        if let Some(first) = best.reasons.first() {
            reason = if reason.is_empty() {
                first.clone()
            } else {
                format!("{reason}; {first}")
            };
        }
        let meeting = self
            .store
            .book_review(
                actor,
                incident.id,
                best.start,
                best.end,
                gathered.invitees,
                reason,
            )
            .await?;
        let charges: Vec<(UserId, i64)> = best
            .ledger_charges()
            .iter()
            .map(|c| (c.user_id, i64::from(c.minutes)))
            .collect();
        self.store.charge_review_ledger(&charges).await?;
        Ok(Booked::Meeting(Box::new(meeting)))
    }
}
