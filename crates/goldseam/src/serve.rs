//! `goldseam serve`: open the store, make sure someone can log in, listen, and stop cleanly on
//! SIGINT or SIGTERM.

use crate::admin::open_store;
use crate::config::Config;
use anyhow::{Context, Result};
use goldseam_core::text::PersonName;
use goldseam_core::UserRole;
use goldseam_store::secrets::{new_token, Secret};
use goldseam_store::users::NewUser;
use goldseam_store::{Store, StoreError};
use std::future::Future;
use std::time::Instant;
use tokio::signal::unix::{signal, SignalKind};

pub async fn run(config: Config, started: Instant) -> Result<()> {
    // Signal handlers first: a SIGTERM that arrives during startup must not kill the process
    // halfway through a migration.
    let shutdown = shutdown_signal()?;
    goldseam_server::panic::install_hook();
    return_large_allocations_at_once();
    let max_connections = connection_cap(config.max_connections);
    let store = open_store(&config).await?;
    let listener = goldseam_server::bind(config.listen).with_context(|| {
        format!(
            "cannot listen on {}; is another server using it? Set GOLDSEAM_LISTEN to another address",
            config.listen
        )
    })?;
    let bound = listener.local_addr().context("reading the bound address")?;
    let mut server_config = config.server_config(bound);
    server_config.connections.max_connections = max_connections;
    ensure_first_admin(&store, &config, &server_config.public_url).await?;
    tracing::info!(
        ready_ms = started.elapsed().as_millis() as u64,
        "goldseam listening on http://{bound} ({})",
        config.database_label()
    );
    let served = goldseam_server::serve(store.clone(), server_config, listener, shutdown).await;
    store.close().await;
    served.context("serving HTTP")?;
    tracing::info!("goldseam stopped");
    Ok(())
}

/// Resolves on the first SIGINT or SIGTERM, which starts a graceful shutdown; a second one
/// exits at once, for when in-flight work hangs and the operator has waited enough.
fn shutdown_signal() -> Result<impl Future<Output = ()> + Send + 'static> {
    let mut term = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
    Ok(async move {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        tracing::info!("{name} received: finishing in-flight requests (send it again to stop now)");
        tokio::spawn(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            eprintln!("second signal: stopping without waiting");
            std::process::exit(130);
        });
    })
}

/// On a first start (no users at all) creates an admin so someone can log in: with the
/// configured password, or a generated one shown once on stderr. Never logged: log lines are
/// shipped and kept; the banner is for the person starting the server.
async fn ensure_first_admin(store: &Store, config: &Config, url: &str) -> Result<()> {
    if store.count_users().await? > 0 {
        if config.admin_password.is_some() {
            tracing::info!("admin_password is set but users already exist, so it is not used");
        }
        return Ok(());
    }
    let (password, generated) = match &config.admin_password {
        Some(p) => (p.clone(), false),
        None => (one_time_password(), true),
    };
    let new = NewUser {
        email: config.admin_email.clone(),
        name: PersonName::parse("name", "Admin")?,
        role: UserRole::Admin,
        password: Some(password.clone()),
    };
    match store.create_user(&new).await {
        Ok(_) => {}
        // Another instance on the same PostgreSQL database got there first.
        Err(StoreError::EmailTaken { .. }) => return Ok(()),
        Err(e) => return Err(e).context("creating the first admin user"),
    }
    tracing::info!(
        email = config.admin_email.as_str(),
        "created the first admin user"
    );
    let password_line = if generated {
        format!("{}   (shown only this once)", password.expose())
    } else {
        format!(
            "the one in {}",
            config.origin("admin_password").unwrap_or("admin_password")
        )
    };
    eprintln!(
        "\n\
         ==================================================================\n  \
           Goldseam created its first admin user. Log in at:\n\n    \
             URL:       {url}\n    \
             Email:     {email}\n    \
             Password:  {password_line}\n\n  \
           Change it with: goldseam user set-password --email {email}\n\
         ==================================================================\n",
        email = config.admin_email.as_str(),
    );
    Ok(())
}

/// Each password hash takes a 19 MiB block (argon2's memory cost) on one of the blocking
/// threads. glibc raises its mmap threshold after the first such block is freed, so later ones
/// come from per-thread arenas that keep the memory: 40 failed sign-ins left a server at
/// 230 MB. A fixed threshold (which also turns the raising off) maps every block of 4 MiB or
/// more on its own and unmaps it when freed, so the memory goes back at once.
fn return_large_allocations_at_once() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tunable of the allocator; called before the server starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    }
}

/// Each connection is a file descriptor: raises the soft open-file limit to the hard one (as
/// Go's runtime does) and sizes the connection cap to fit under it, keeping 256 descriptors for
/// the database, files and logs. A cap set higher than that is kept, with a warning: beyond the
/// limit new connections fail to be accepted instead of being refused cleanly.
fn connection_cap(configured: Option<usize>) -> usize {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit with valid pointers to local rlimit values.
    let soft = unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return configured.unwrap_or(crate::config::DEFAULT_MAX_CONNECTIONS);
        }
        let raised = libc::rlimit {
            rlim_cur: lim.rlim_max,
            rlim_max: lim.rlim_max,
        };
        if lim.rlim_cur < lim.rlim_max && libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
            raised.rlim_cur
        } else {
            lim.rlim_cur
        }
    };
    let fits = usize::try_from(soft.saturating_sub(256)).unwrap_or(usize::MAX);
    match configured {
        None => crate::config::DEFAULT_MAX_CONNECTIONS.min(fits).max(16),
        Some(n) => {
            if n > fits {
                tracing::warn!(
                    open_file_limit = soft,
                    max_connections = n,
                    "the open-file limit is below max_connections + 256; raise it (LimitNOFILE= in a systemd unit, ulimit -n) or lower max_connections"
                );
            }
            n
        }
    }
}

/// 20 hex characters: 80 random bits, easy to copy from a terminal.
fn one_time_password() -> Secret {
    Secret::new(new_token("").expose().chars().take(20).collect::<String>())
}
