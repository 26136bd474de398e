//! A whole request body must arrive within a deadline. tower-http's body timeout restarts with
//! every chunk, so a client trickling one byte every few seconds would never hit it; this one
//! counts from the first read to the last byte.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{sleep, Sleep};

/// The error a body read fails with once its deadline passed (see [`deadline_passed`]).
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within {0:?}")]
pub struct BodyDeadline(pub Duration);

/// The deadline, when an extractor's error was caused by [`BodyDeadline`].
pub fn deadline_passed(e: &(dyn std::error::Error + 'static)) -> Option<Duration> {
    let mut cause = Some(e);
    while let Some(e) = cause {
        if let Some(BodyDeadline(limit)) = e.downcast_ref::<BodyDeadline>() {
            return Some(*limit);
        }
        cause = e.source();
    }
    None
}

/// Middleware giving every request body with content the deadline in the state.
pub async fn limit(State(deadline): State<Duration>, req: Request, next: Next) -> Response {
    // Most requests (GET, DELETE) have no body: nothing to time, no timer to arm.
    if req.body().size_hint().exact() == Some(0) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let body = Body::new(Deadline {
        inner: body,
        limit: deadline,
        timer: None,
    });
    next.run(Request::from_parts(parts, body)).await
}

struct Deadline {
    inner: Body,
    limit: Duration,
    /// Armed at the first read.
    timer: Option<Pin<Box<Sleep>>>,
}

impl HttpBody for Deadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let limit = self.limit;
        let timer = self.timer.get_or_insert_with(|| Box::pin(sleep(limit)));
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(BodyDeadline(limit)))));
        }
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::post;
    use axum::Router;
    use futures::StreamExt;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_trickling_body_fails_at_the_deadline_however_often_it_sends() {
        let app = Router::new()
            .route(
                "/",
                post(|body: Bytes| async move { body.len().to_string() }),
            )
            .layer(axum::middleware::from_fn_with_state(
                Duration::from_secs(1),
                limit,
            ));
        // A byte every 100 ms, forever: a per-chunk timeout of 1 s would never fire.
        let trickle = futures::stream::unfold((), |()| async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            Some((Ok::<_, std::io::Error>(Bytes::from_static(b"x")), ()))
        });
        let req = Request::post("/")
            .header("content-length", "1000000")
            .body(Body::from_stream(trickle.boxed()))
            .unwrap();
        let started = std::time::Instant::now();
        let res = app.oneshot(req).await.unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_secs(1) && waited < Duration::from_secs(20),
            "{waited:?}"
        );
    }

    #[test]
    fn the_cause_is_found_through_wrappers() {
        let wrapped = axum::Error::new(BodyDeadline(Duration::from_secs(1)));
        assert_eq!(deadline_passed(&wrapped), Some(Duration::from_secs(1)));
        assert_eq!(deadline_passed(&std::io::Error::other("other")), None);
    }
}
