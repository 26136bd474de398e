//! Everyone's calendars at once: a review has up to twenty attendees, each calendar on its own
//! server, and the slowest must not add up. All are read concurrently, each within the one
//! timeout, so the whole takes about the slowest answer, at most the timeout.

use super::{CalendarError, CalendarSource, Calendars, FreeBusy};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use tokio::task::JoinSet;

impl Calendars {
    /// Busy times of every `(source, person's zone)` in `[from, until)`, concurrently; the
    /// results in the order asked. A calendar that fails or does not answer in time has its
    /// error in its place (the picker then treats that person's calendar as unknown).
    pub async fn free_busy_many(
        &self,
        sources: Vec<(CalendarSource, TimeZone)>,
        from: Timestamp,
        until: Timestamp,
    ) -> Vec<Result<FreeBusy, CalendarError>> {
        let mut tasks = JoinSet::new();
        let count = sources.len();
        for (i, (source, zone)) in sources.into_iter().enumerate() {
            let me = self.clone();
            tasks.spawn(async move { (i, me.free_busy(&source, from, until, &zone).await) });
        }
        let mut out: Vec<Option<Result<FreeBusy, CalendarError>>> = vec![None; count];
        while let Some(done) = tasks.join_next().await {
            if let Ok((i, result)) = done {
                out[i] = Some(result);
            }
        }
        out.into_iter()
            .map(|r| {
                // Only a task that panicked leaves a hole.
                r.unwrap_or(Err(CalendarError::Transport {
                    target: "the calendar".into(),
                    reason: "reading it failed unexpectedly".into(),
                }))
            })
            .collect()
    }
}
