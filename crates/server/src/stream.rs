//! Live streams (SSE): one incident's events, or everything the caller may see.
//!
//! A stream subscribes to the bus first, then replays from the database what came after the
//! client's `Last-Event-ID`, then forwards live events with higher ids: no gap (the
//! subscription predates the replay) and no duplicate (ids are compared). Each subscriber has a
//! bounded buffer; one that falls behind gets a `resync` event and is closed, and reconnecting
//! with its last id catches it up from the database, so a slow client never slows the others.
//! A stream whose access is revoked while it is open gets a `revoked` event and is closed
//! (see `stream_guard`).

use crate::auth::Auth;
use crate::dto::EventDto;
use crate::error::{ApiError, Problem};
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use goldseam_core::policy::{can_view, Visibility};
use goldseam_core::{Actor, EventId, IncidentId};
use goldseam_store::access::Access;
use goldseam_store::bus::BusEvent;
use goldseam_store::Store;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::{broadcast, watch};

/// Events replayed per database read while catching up.
const REPLAY_PAGE: i64 = 500;

struct Feed {
    store: Store,
    actor: Actor,
    incident: Option<IncidentId>,
    rx: broadcast::Receiver<Arc<BusEvent>>,
    sent: EventId,
    replaying: bool,
    queue: VecDeque<Event>,
    shutdown: watch::Receiver<bool>,
    closing: bool,
    /// The stream's place on the guard's list; says when access was revoked.
    watch: crate::stream_guard::Watch,
}

fn wire(ev: &BusEvent) -> Arc<str> {
    ev.wire
        .get_or_init(|| {
            serde_json::to_string(&EventDto::from(&ev.event))
                .expect("events serialize")
                .into()
        })
        .clone()
}

impl Feed {
    fn wants(&self, ev: &BusEvent) -> bool {
        let r = &ev.event.record;
        r.id > self.sent
            && self.incident.is_none_or(|i| i == r.incident_id)
            && can_view(
                &self.actor,
                Visibility {
                    private: ev.private,
                    actor_participates: ev.participants.contains(&self.actor.user_id),
                },
            )
    }

    async fn next(mut self) -> Option<(Result<Event, Infallible>, Feed)> {
        loop {
            if let Some(ev) = self.queue.pop_front() {
                return Some((Ok(ev), self));
            }
            if self.closing || *self.shutdown.borrow() {
                return None;
            }
            if self.replaying {
                match self
                    .store
                    .events_since(&self.actor, self.incident, self.sent, REPLAY_PAGE)
                    .await
                {
                    Ok(page) => {
                        self.replaying = page.len() as i64 == REPLAY_PAGE;
                        for e in &page {
                            let json = serde_json::to_string(&EventDto::from(e))
                                .expect("events serialize");
                            self.queue
                                .push_back(Event::default().id(e.record.id.to_string()).data(json));
                            self.sent = e.record.id;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "stream replay failed; asking the client to reconnect");
                        self.queue.push_back(
                            Event::default()
                                .event("resync")
                                .data(r#"{"reason":"replay failed"}"#),
                        );
                        self.closing = true;
                    }
                }
                continue;
            }
            tokio::select! {
                received = self.rx.recv() => match received {
                    Ok(ev) => {
                        if self.wants(&ev) {
                            self.sent = ev.event.record.id;
                            self.queue.push_back(Event::default().id(self.sent.to_string()).data(&*wire(&ev)));
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        let data = format!(r#"{{"reason":"fell behind by {missed} events; reconnect with Last-Event-ID {}"}}"#, self.sent);
                        self.queue.push_back(Event::default().event("resync").data(data));
                        self.closing = true;
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.shutdown.changed() => return None,
                why = &mut self.watch.revoked => {
                    let reason = why.map_or("access was revoked", |w| w.reason());
                    let data = serde_json::json!({ "reason": reason }).to_string();
                    self.queue.push_back(Event::default().event("revoked").data(data));
                    self.closing = true;
                }
            }
        }
    }
}

/// `Last-Event-ID` from the header, or `last_event_id` in the query (EventSource cannot set
/// headers on its first connection).
fn last_event_id(headers: &HeaderMap, query: Option<&str>) -> Result<Option<EventId>, ApiError> {
    let header = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_query = params::query_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "last_event_id")
        .map(|(_, v)| v);
    Ok(params::cursor("Last-Event-ID", header.or(from_query).as_deref())?.map(EventId::from_db))
}

async fn open(
    state: &AppState,
    auth: &Auth,
    incident: Option<IncidentId>,
    last: Option<EventId>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let rx = state.store.bus().subscribe();
    // Without Last-Event-ID the stream starts after everything committed so far, even what the
    // bus has not published yet. Read after subscribing: anything committed later has a higher
    // id (ids are in commit order) and arrives through `rx`.
    let sent = match last {
        Some(last) => last,
        None => state.store.latest_event_id().await?,
    };
    let feed = Feed {
        store: state.store.clone(),
        actor: auth.actor(),
        incident,
        rx,
        sent,
        replaying: last.is_some(),
        queue: VecDeque::new(),
        shutdown: state.shutdown_signal(),
        closing: false,
        watch: state.streams.watch(auth, incident),
    };
    Ok(Sse::new(futures::stream::unfold(feed, Feed::next))
        .keep_alive(KeepAlive::new().interval(state.config.stream_heartbeat)))
}

/// Live events of one incident (SSE). Each message's `id` resumes through `Last-Event-ID`.
#[utoipa::path(get, operation_id = "incident_events", path = "/api/v1/incidents/{ref}/events", tag = "streams",
    params(("ref" = String, Path, description = "INC-42 or 42"),
        ("Last-Event-ID" = Option<String>, Header, description = "Resume after this event id"),
        ("last_event_id" = Option<String>, Query, description = "Same, for clients that cannot set headers")),
    responses((status = 200, content_type = "text/event-stream", description = "Events as JSON in `data`; `event: resync` asks the client to reconnect; `event: revoked` (`{\"reason\"}`) says access ended and the stream closes"), (status = 404, body = Problem)))]
pub async fn incident(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let r = params::incident_ref(&r)?;
    let last = last_event_id(&headers, q.as_deref())?;
    state
        .store
        .audited_incident(&auth.actor(), r, Access::Stream)
        .await?;
    open(&state, &auth, Some(r), last).await
}

/// Live events of every incident the caller may see (SSE).
#[utoipa::path(get, operation_id = "all_events", path = "/api/v1/events", tag = "streams",
    params(("Last-Event-ID" = Option<String>, Header, description = "Resume after this event id"),
        ("last_event_id" = Option<String>, Query, description = "Same, for clients that cannot set headers")),
    responses((status = 200, content_type = "text/event-stream", description = "Events as JSON in `data`; `event: resync` asks the client to reconnect; `event: revoked` (`{\"reason\"}`) says access ended and the stream closes")))]
pub async fn all(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let last = last_event_id(&headers, q.as_deref())?;
    open(&state, &auth, None, last).await
}
