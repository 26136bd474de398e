//! "Review meeting held" from the booking: when a booked meeting's end has passed (the
//! `review_held` job runs then), Goldseam records it as held with the people who accepted, which
//! completes the learning flow's step. A meeting moved or cancelled since makes the job moot.

use super::ReviewJob;
use crate::incidents::Change;
use crate::{Store, StoreError};
use goldseam_core::review::Answer;
use goldseam_core::{Actor, EventPayload};

impl Store {
    /// Records `job`'s meeting as held if it is still booked at that sequence and over;
    /// `true` when it did.
    pub async fn record_review_held(&self, job: ReviewJob) -> Result<bool, StoreError> {
        let Some(meeting) = self.review_meeting(job.incident_id).await? else {
            return Ok(false);
        };
        if meeting.state != "booked" || meeting.sequence != job.sequence || self.now() < meeting.end
        {
            return Ok(false);
        }
        let facts = self
            .learning_facts(&self.incident(&Actor::GOLDSEAM, job.incident_id).await?)
            .await?;
        if facts
            .done
            .contains_key(&goldseam_core::learning::Step::MeetingHeld)
        {
            return Ok(false);
        }
        let attended = meeting
            .attendees
            .iter()
            .filter(|a| a.answer == Some(Answer::Accepted))
            .map(|a| a.user_id)
            .collect();
        self.change(
            &Actor::GOLDSEAM,
            job.incident_id,
            &[Change::Record(EventPayload::ReviewMeetingHeld { attended })],
            None,
            false,
        )
        .await?;
        Ok(true)
    }
}
