//! The server's settings, filled by the binary from the config file and GOLDSEAM_* variables.

use std::net::SocketAddr;
use std::time::Duration;

/// How the HTTP server behaves.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen (`127.0.0.1:8080` by default).
    pub listen: SocketAddr,
    /// The URL people reach Goldseam at, for links in messages; `https://` turns on Secure cookies.
    pub public_url: String,
    /// How long a web session lasts.
    pub session_lifetime: Duration,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Failed sign-ins allowed per account and address before delays start (see auth/limiter.rs).
    pub login_failures_allowed: u32,
    /// The first delay once an account's free failed sign-ins from an address are used up;
    /// each further failure doubles it, up to `login_window`.
    pub login_first_delay: Duration,
    /// The longest delay between sign-in attempts after failures.
    pub login_window: Duration,
    /// How often idle live streams get a heartbeat comment.
    pub stream_heartbeat: Duration,
    /// How often open live streams' access is checked again (revoked ones are closed).
    pub stream_recheck: Duration,
    /// The delivery engine (off unless enabled, as in tests that do not deliver).
    pub delivery: crate::engine::EngineConfig,
    /// Timeouts and the connection cap.
    pub connections: crate::connections::ConnectionLimits,
    /// Serve `/metrics` on this address only, instead of on `listen` (keeps it private).
    pub metrics_listen: Option<SocketAddr>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (for the sign-in limiter);
    /// empty: the TCP peer is the client.
    pub trusted_proxies: crate::client_addr::TrustedProxies,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: "http://127.0.0.1:8080".into(),
            session_lifetime: Duration::from_secs(12 * 3600),
            max_body_bytes: 1024 * 1024,
            login_failures_allowed: 10,
            login_first_delay: crate::auth::limiter::FIRST_DELAY,
            login_window: Duration::from_secs(15 * 60),
            stream_heartbeat: Duration::from_secs(15),
            stream_recheck: Duration::from_secs(2),
            delivery: crate::engine::EngineConfig::default(),
            connections: Default::default(),
            metrics_listen: None,
            trusted_proxies: Default::default(),
        }
    }
}

impl ServerConfig {
    /// Whether cookies must carry `Secure` (Goldseam is reached over https).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
