//! Serving a fake so that a handler can drop its own connection without answering: the
//! "accepted, then the connection died" case, which a handler cannot produce by returning a
//! response. Each connection carries a [`Dropper`]; once a handler trips it, the connection's
//! next write fails and hyper closes the socket with nothing sent.

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use axum::Router;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// A handle on the connection a request came on (an axum `ConnectInfo`).
#[derive(Clone, Debug)]
pub(crate) struct Dropper(Arc<AtomicBool>);

impl Dropper {
    /// Makes the connection close instead of sending the answer.
    pub(crate) fn drop_connection(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

pub(crate) struct Conn {
    stream: TcpStream,
    dropped: Arc<AtomicBool>,
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.dropped.load(Ordering::SeqCst) {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "the fake drops this connection",
            )));
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

pub(crate) struct DroppableListener(TcpListener);

impl Listener for DroppableListener {
    type Io = Conn;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Conn, SocketAddr) {
        loop {
            match self.0.accept().await {
                Ok((stream, addr)) => {
                    let dropped = Arc::new(AtomicBool::new(false));
                    return (Conn { stream, dropped }, addr);
                }
                // Out of file descriptors and the like: wait rather than spin.
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

impl Connected<IncomingStream<'_, DroppableListener>> for Dropper {
    fn connect_info(stream: IncomingStream<'_, DroppableListener>) -> Self {
        Dropper(stream.io().dropped.clone())
    }
}

/// Serves `app` on `listen` (port 0 for a free one) in the background; its address.
pub(crate) async fn spawn(listen: SocketAddr, app: Router) -> io::Result<SocketAddr> {
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let service = app.into_make_service_with_connect_info::<Dropper>();
    tokio::spawn(async move {
        let _ = axum::serve(DroppableListener(listener), service).await;
    });
    Ok(addr)
}
