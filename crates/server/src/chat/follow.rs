//! Following the timeline: each step takes the lease (or learns another instance has it),
//! reads the events after the cursor, acts on each incident's events in order (incidents side
//! by side), and moves the cursor past what succeeded. A platform that is down stops the
//! cursor at the first event it could not take; the step is repeated later, and what was
//! done already is skipped (`mirror.rs` and `channel.rs` look before they post).

use super::{Ctx, LEASE, POLL};
use goldseam_core::chat::settings::ChatSettings;
use goldseam_core::{Actor, EventId, IncidentId};
use goldseam_integrations::chat::api::{ChatApi, ChatError};
use goldseam_store::events::StoredEvent;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Events read per step.
const STEP: i64 = 200;

/// Why acting on an event stopped.
#[derive(Debug)]
pub(crate) enum ActError {
    /// The platform is limiting or down: try again later, from this event.
    Later(Duration, String),
    /// Goldseam's own storage failed.
    Store(goldseam_store::StoreError),
}

impl From<goldseam_store::StoreError> for ActError {
    fn from(e: goldseam_store::StoreError) -> Self {
        ActError::Store(e)
    }
}

/// Sorts a platform failure: transient ones stop the cursor, the others are logged and
/// skipped (a message that cannot be posted must not hold up every later one).
pub(crate) fn platform_failure(what: &str, e: ChatError) -> Result<(), ActError> {
    match e {
        ChatError::Limited(after) => Err(ActError::Later(after, format!("{what}: {e}"))),
        ChatError::Unavailable(_) => Err(ActError::Later(
            Duration::from_secs(2),
            format!("{what}: {e}"),
        )),
        ChatError::Credentials(_) | ChatError::Refused(_) | ChatError::NameTaken => {
            tracing::warn!(what, error = %e, "chat: the platform refused a call; skipped");
            Ok(())
        }
    }
}

pub(super) async fn run<A: ChatApi>(ctx: Arc<Ctx<A>>, mut stopped: watch::Receiver<bool>) {
    let mut bus = ctx.store.bus().subscribe();
    let mut backoff = Duration::ZERO;
    loop {
        let wait = match step(&ctx).await {
            Ok(true) => Duration::ZERO,
            Ok(false) => {
                backoff = Duration::ZERO;
                POLL
            }
            Err(ActError::Later(after, why)) => {
                tracing::info!(%why, "chat: the platform is not taking calls; waiting");
                backoff = (backoff * 2).clamp(Duration::from_millis(500), Duration::from_secs(30));
                after.max(backoff)
            }
            Err(ActError::Store(e)) => {
                tracing::warn!(error = %e, "chat: reading the timeline failed");
                Duration::from_secs(1)
            }
        };
        if wait.is_zero() {
            if *stopped.borrow() {
                return;
            }
            continue;
        }
        tokio::select! {
            _ = bus.recv() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = stopped.changed() => {}
        }
        if *stopped.borrow() {
            let _ = ctx
                .store
                .chat_engine_release(ctx.platform(), &ctx.holder)
                .await;
            return;
        }
    }
}

/// One step; `true` when there may be more to read at once.
async fn step<A: ChatApi>(ctx: &Ctx<A>) -> Result<bool, ActError> {
    let platform = ctx.platform();
    let Some(cursor) = ctx
        .store
        .chat_engine_lease(platform, &ctx.holder, LEASE)
        .await?
    else {
        ctx.leader.store(false, Ordering::Release);
        return Ok(false);
    };
    if !ctx.leader.swap(true, Ordering::AcqRel) {
        tracing::info!(
            platform = platform.as_str(),
            "chat: this instance runs the engine"
        );
        ctx.inbox.notify_one();
        ctx.announcements.notify_one();
    }
    let events = ctx
        .store
        .events_since(&Actor::GOLDSEAM, None, cursor, STEP)
        .await?;
    let Some(last) = events.last().map(|e| e.record.id) else {
        return Ok(false);
    };
    let settings = ctx.store.chat_settings().await?;
    let mut by_incident: BTreeMap<IncidentId, Vec<&StoredEvent>> = BTreeMap::new();
    for e in &events {
        by_incident.entry(e.record.incident_id).or_default().push(e);
    }
    let runs = by_incident
        .into_values()
        .map(|events| act_in_order(ctx, &settings, events));
    let results = futures::future::join_all(runs).await;
    // Reminders and archiving are looked at whenever the timeline moves, not only on the clock.
    ctx.upkeep.notify_one();
    // The cursor moves past every event before the first one that must be tried again.
    let mut first_failed: Option<(EventId, ActError)> = None;
    for r in results {
        if let Err((id, e)) = r {
            if first_failed.as_ref().is_none_or(|(f, _)| id < *f) {
                first_failed = Some((id, e));
            }
        }
    }
    match first_failed {
        None => {
            ctx.store
                .chat_engine_advance(platform, &ctx.holder, last)
                .await?;
            Ok(events.len() as i64 == STEP)
        }
        Some((id, e)) => {
            let before = EventId::from_db(id.get() - 1);
            if before > cursor {
                ctx.store
                    .chat_engine_advance(platform, &ctx.holder, before)
                    .await?;
            }
            Err(e)
        }
    }
}

/// Acts on one incident's events in order; on failure, the event it stopped at.
async fn act_in_order<A: ChatApi>(
    ctx: &Ctx<A>,
    settings: &ChatSettings,
    events: Vec<&StoredEvent>,
) -> Result<(), (EventId, ActError)> {
    for e in events {
        act(ctx, settings, e)
            .await
            .map_err(|err| (e.record.id, err))?;
    }
    Ok(())
}

/// What one event means in the platform.
async fn act<A: ChatApi>(
    ctx: &Ctx<A>,
    settings: &ChatSettings,
    e: &StoredEvent,
) -> Result<(), ActError> {
    use goldseam_core::EventPayload as P;
    let r = e.record.incident_id;
    let announced = matches!(
        e.record.payload,
        P::Declared { .. }
            | P::TitleChanged { .. }
            | P::SummaryChanged { .. }
            | P::SeverityChanged { .. }
            | P::TypeChanged { .. }
            | P::StatusChanged { .. }
            | P::VisibilityChanged { .. }
            | P::RoleAssigned { .. }
            | P::RoleUnassigned { .. }
            | P::StatusUpdate { .. }
    );
    if announced {
        super::announce::want(ctx, settings, r).await?;
    }
    if !ctx.api.supports_channels() {
        return Ok(());
    }
    if matches!(e.record.payload, P::Declared { .. }) {
        return super::channel::open(ctx, settings, r).await;
    }
    super::mirror::act(ctx, settings, e).await
}
