//! Serving the fake on loopback, and taking it down for real: `Down::Refused` closes the
//! listening socket (and asks open connections to close) so clients see connection refused,
//! and `Up` binds the same port again.

use super::faults::Down;
use super::state::State;
use super::{api, interact, socket, view};
use axum::routing::{any, get, post};
use axum::Router;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpSocket};

fn router(st: State) -> Router {
    Router::new()
        .route("/api/{method}", any(api::web_api))
        .route("/link", get(socket::upgrade))
        .route("/link/", get(socket::upgrade))
        .route("/response/{id}", post(interact::response_url))
        .merge(view::routes())
        .with_state(st)
}

/// Binds with SO_REUSEADDR so the port can be bound again after going down.
fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let sock = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    sock.set_reuseaddr(true)?;
    sock.bind(addr)?;
    sock.listen(1024)
}

/// Serves on `addr` now and for as long as the fake lives; its address (the port chosen).
pub(crate) fn start(st: State, addr: SocketAddr) -> io::Result<SocketAddr> {
    let first = bind(addr)?;
    let addr = first.local_addr()?;
    let mut down = st.down.subscribe();
    let app = router(st);
    tokio::spawn(async move {
        let mut listener = Some(first);
        loop {
            let l = match listener.take() {
                Some(l) => l,
                None => match rebind(addr).await {
                    Some(l) => l,
                    None => return,
                },
            };
            let mut stop = down.clone();
            let serving = axum::serve(l, app.clone()).with_graceful_shutdown(async move {
                let _ = stop.wait_for(|d| *d == Down::Refused).await;
            });
            tokio::spawn(async move {
                let _ = serving.await;
            });
            // Wait for the switch to go to Refused, then back to something else.
            if down.wait_for(|d| *d == Down::Refused).await.is_err() {
                return;
            }
            if down.wait_for(|d| *d != Down::Refused).await.is_err() {
                return;
            }
        }
    });
    Ok(addr)
}

/// Binds `addr` again, retrying briefly while the previous listener is being dropped.
async fn rebind(addr: SocketAddr) -> Option<TcpListener> {
    for _ in 0..200 {
        if let Ok(l) = bind(addr) {
            return Some(l);
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    None
}
