//! The listening socket, switchable off and on so that `Down::Refused` is a real refused
//! connection: the socket is closed while down (connecting fails with ECONNREFUSED) and bound
//! again on the same port when up. Connections accepted before going down fail on their next
//! read or write, as they would if the server process died.

use super::faults::Down;
use axum::serve::Listener;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// An accepted connection that fails once the server is refused.
pub(crate) struct Conn {
    stream: TcpStream,
    down: watch::Receiver<Down>,
}

impl Conn {
    fn gone(&self) -> bool {
        *self.down.borrow() == Down::Refused
    }
}

fn aborted() -> io::Error {
    io::Error::new(io::ErrorKind::ConnectionAborted, "the fake is down")
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.gone() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.gone() {
            return Poll::Ready(Err(aborted()));
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

pub(crate) struct GatedListener {
    addr: SocketAddr,
    socket: Option<TcpListener>,
    down: watch::Receiver<Down>,
    /// Set to the state once the socket matches it (closed, or bound again).
    applied: Arc<watch::Sender<Down>>,
}

impl GatedListener {
    pub(crate) async fn bind(
        listen: SocketAddr,
        down: watch::Receiver<Down>,
        applied: Arc<watch::Sender<Down>>,
    ) -> io::Result<Self> {
        let socket = TcpListener::bind(listen).await?;
        let addr = socket.local_addr()?;
        Ok(GatedListener {
            addr,
            socket: Some(socket),
            down,
            applied,
        })
    }
}

impl Listener for GatedListener {
    type Io = Conn;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Conn, SocketAddr) {
        loop {
            let wanted = *self.down.borrow_and_update();
            if wanted == Down::Refused {
                self.socket = None;
                self.applied.send_replace(wanted);
                if self.down.changed().await.is_err() {
                    std::future::pending::<()>().await;
                }
                continue;
            }
            let Some(socket) = &self.socket else {
                match TcpListener::bind(self.addr).await {
                    Ok(s) => self.socket = Some(s),
                    // The port is briefly busy: try again shortly.
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
                continue;
            };
            self.applied.send_replace(wanted);
            tokio::select! {
                accepted = socket.accept() => match accepted {
                    Ok((stream, addr)) => {
                        let down = self.down.clone();
                        return (Conn { stream, down }, addr);
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                },
                changed = self.down.changed() => {
                    if changed.is_err() {
                        std::future::pending::<()>().await;
                    }
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.addr)
    }
}
