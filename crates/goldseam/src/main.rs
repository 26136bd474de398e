//! The `goldseam` binary: wiring only. `serve` runs the server; the admin commands talk to the
//! database directly (they work before any user or token exists); the incident commands talk
//! HTTP to a running server like any other API client.

mod admin;
mod backup;
mod cli;
mod client;
mod config;
mod logging;
mod oncall;
mod out;
mod serve;
mod slack;

use anyhow::{Context, Result};
use clap::Parser;
use cli::{Cli, Command, ConfigCommand, IncidentCommand, SlackCommand, TokenCommand, UserCommand};
use config::Config;
use out::out;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    match run(cli, started) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, started: Instant) -> Result<()> {
    // Only the commands that use the configuration read it, so a broken config file does not
    // stop someone from commenting on an incident through the API.
    // GOLDSEAM_CONFIG is read here rather than by clap so that an empty value means "no file",
    // like every other GOLDSEAM_* variable, instead of a usage error.
    let file = cli.config.clone().or_else(|| {
        std::env::var_os("GOLDSEAM_CONFIG")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
    });
    let config = || Config::load(file.as_deref());
    match cli.command {
        Command::Serve => {
            let config = config()?;
            logging::init(&config);
            // The server wants every core; everything else is one request or one query at a time.
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("starting the async runtime")?
                .block_on(serve::run(config, started))
        }
        Command::Config(ConfigCommand::Print) => {
            out!("{}", config()?.to_toml());
            Ok(())
        }
        Command::Migrate => with_store(config()?, admin::migrate),
        // Not through with_store: opening the store migrates, and a backup taken with a newer
        // binary before an upgrade must leave the running server's database as it is.
        Command::Backup(args) => {
            let config = config()?;
            logging::init(&config);
            block_on(backup::run(config, args))
        }
        Command::Openapi => {
            out!(
                "{}",
                serde_json::to_string_pretty(&goldseam_server::openapi::document())?
            );
            Ok(())
        }
        Command::User(UserCommand::Add(args)) => {
            with_store(config()?, |store, c| admin::user_add(store, c, args))
        }
        Command::User(UserCommand::SetPassword(args)) => {
            with_store(config()?, |store, c| admin::set_password(store, c, args))
        }
        Command::Token(TokenCommand::Create(args)) => {
            with_store(config()?, |store, c| admin::token_create(store, c, args))
        }
        Command::Declare(args) => block_on(client::declare(args)),
        Command::Incidents(args) => block_on(client::list(args)),
        Command::Incident(IncidentCommand::Show(args)) => block_on(client::show(args)),
        Command::Comment(args) => block_on(client::comment(args)),
        Command::Status(args) => block_on(client::status(args)),
        Command::Resolve(args) => block_on(client::resolve(args)),
        Command::Ack(args) => block_on(client::ack(args)),
        Command::Oncall(args) => block_on(oncall::run(args)),
        Command::Slack(SlackCommand::Manifest(args)) => slack::manifest(args),
    }
}

/// Runs one short-lived command on a single-threaded runtime, which starts fastest.
fn block_on<F: std::future::Future<Output = Result<()>>>(f: F) -> Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(f)
}

/// Opens the store, runs an admin command and closes the store even when the command failed,
/// so SQLite's WAL is checkpointed and PostgreSQL connections end cleanly.
fn with_store<F, Fut>(config: Config, command: F) -> Result<()>
where
    F: FnOnce(goldseam_store::Store, Config) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    logging::init(&config);
    block_on(async move {
        let store = admin::open_store(&config).await?;
        let result = command(store.clone(), config).await;
        store.close().await;
        result
    })
}
