//! The chat mirror's lag (DESIGN.md, issue 17: p99 < 1 s each way, rate limits allowing):
//! a message written in an incident's Slack channel until the web room's stream shows it as a
//! comment, and a comment written in the room until Slack receives it as `chat.postMessage`.
//! Run by `make bench-chat`; prints a Markdown section for bench/RESULTS.md.
//!
//! The release `goldseam serve` runs as a child process, Slack chat over Socket Mode, against
//! the fake Slack workspace (`goldseam_fakes::slack`) running inside this process on loopback
//! with Slack's own rate limits and timings, so both ends of each lag are read off one clock.

// Shared with `goldseam-bench`; this bin uses part of each.
#[allow(dead_code)]
#[path = "../../api.rs"]
mod api;
#[allow(dead_code)]
#[path = "../../cpu.rs"]
mod cpu;
#[allow(dead_code)]
#[path = "../../machine.rs"]
mod machine;
mod mirror;
#[allow(dead_code)]
#[path = "../../pg.rs"]
mod pg;
#[allow(dead_code)]
#[path = "../../server.rs"]
mod server;
#[allow(dead_code)]
#[path = "../../stats.rs"]
mod stats;

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use goldseam_fakes::slack::{FakeSlack, SlackOptions};
use mirror::Direction;
use reqwest::Method;
use serde_json::json;
use server::{Goldseam, Target, ADMIN_EMAIL};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Mirror lag between an incident's Slack channel and its timeline, both ways.
#[derive(Debug, Parser)]
#[command(name = "chat_lag")]
struct Args {
    /// The goldseam release binary [default: $CARGO_TARGET_DIR/release/goldseam, else next to
    /// this binary].
    #[arg(long, value_name = "PATH")]
    goldseam: Option<PathBuf>,
    /// Databases to run on, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres")]
    database: Vec<Database>,
    /// PostgreSQL for `--database postgres` (loopback only); a schema is created and dropped.
    #[arg(
        long,
        env = "GOLDSEAM_TEST_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    postgres_url: String,
    /// Messages written in the Slack channel.
    #[arg(long, default_value_t = 200)]
    messages: usize,
    /// Those messages a second (a person typing fast; Slack does not limit events).
    #[arg(long, default_value_t = 5.0)]
    message_rate: f64,
    /// Comments written in the web room.
    #[arg(long, default_value_t = 100)]
    comments: usize,
    /// Milliseconds between those comments. Slack takes about one post a second per channel,
    /// so anything much faster measures the rate limit, not the mirror.
    #[arg(long, default_value_t = 1250)]
    comment_gap_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Database {
    Sqlite,
    Postgres,
}

/// One database's figures.
struct Run {
    database: &'static str,
    to_timeline: Direction,
    to_slack: Direction,
    problems: Vec<String>,
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let bin = goldseam_binary(args.goldseam.clone())?;
    let machine = machine::Machine::read(0);
    let loadavg = std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let work = tempfile::Builder::new()
        .prefix("goldseam-chat-lag-")
        .tempdir()?;
    let mut runs = Vec::new();
    let mut postgres_version = None;
    for db in &args.database {
        let dir = work.path().join(format!("{db:?}").to_lowercase());
        std::fs::create_dir_all(&dir)?;
        let run = match db {
            Database::Sqlite => {
                let target = Target {
                    bin: bin.clone(),
                    database_url: None,
                };
                run_on("SQLite", &target, &dir, &args).await
            }
            Database::Postgres => {
                let schema = pg::Schema::create(&args.postgres_url).await?;
                postgres_version = Some(schema.version.clone());
                let target = Target {
                    bin: bin.clone(),
                    database_url: Some(schema.url.clone()),
                };
                let run = run_on("PostgreSQL", &target, &dir, &args).await;
                schema.drop().await?;
                run
            }
        };
        runs.push(run?);
    }
    report(&args, &machine, &bin, &loadavg, postgres_version, &runs);
    Ok(())
}

/// A fresh fake workspace and server on one database, set up as an admin would, then both
/// measurements on one incident.
async fn run_on(name: &'static str, target: &Target, dir: &Path, args: &Args) -> Result<Run> {
    let slack = FakeSlack::start(SlackOptions::default()).await?;
    // The bench's admin is this Slack user (people are matched by email).
    let person = slack.add_user("bench", ADMIN_EMAIL);
    let announcements = slack.create_channel("bench", "incidents", false);
    let opts = slack.options();
    let env = [
        ("GOLDSEAM_SLACK_BASE_URL", slack.url().to_string()),
        ("GOLDSEAM_SLACK_BOT_TOKEN", opts.bot_token.clone()),
        ("GOLDSEAM_SLACK_APP_TOKEN", opts.app_token.clone()),
    ];
    let data_dir = dir.join("data");
    std::fs::create_dir_all(&data_dir)?;
    eprintln!(
        "{name}: starting goldseam against the fake Slack at {}",
        slack.url()
    );
    let (server, _) =
        Goldseam::start_with(target, &data_dir, &dir.join("goldseam.log"), &env).await?;
    let result = measure(
        &server,
        target,
        &data_dir,
        &slack,
        &person,
        &announcements,
        args,
    )
    .await;
    let mut problems = server.server_errors().await.unwrap_or_default();
    let logged = server.log_problems();
    if !logged.is_empty() {
        problems.push(logged);
    }
    if result.is_err() {
        eprintln!("server log tail:\n{}", server.log_tail());
    }
    server.stop().await?;
    let (to_timeline, to_slack) = result?;
    Ok(Run {
        database: name,
        to_timeline,
        to_slack,
        problems,
    })
}

async fn measure(
    server: &Goldseam,
    target: &Target,
    data_dir: &Path,
    slack: &FakeSlack,
    person: &str,
    announcements: &str,
    args: &Args,
) -> Result<(Direction, Direction)> {
    let token = target.create_token(data_dir).await?;
    let auth = api::Auth::Token(token.clone());
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    if !slack
        .wait_for(Duration::from_secs(30), |s| s.socket_connections() > 0)
        .await
    {
        bail!("goldseam never opened a Socket Mode link to the fake Slack");
    }
    let settings = json!({"announcement_channel": announcements});
    let url = server.url("/api/v1/chat/settings");
    api::call(&http, &auth, Method::PUT, &url, Some(settings), 200).await?;
    let title = json!({"title": "Chat mirror lag", "severity": "SEV2"});
    let url = server.url("/api/v1/incidents");
    let incident = api::call(&http, &auth, Method::POST, &url, Some(title), 201).await?;
    let reference = incident["reference"]
        .as_str()
        .context("no reference in the declared incident")?
        .to_string();
    let channel = mirror::incident_channel(slack, &reference, person).await?;
    let stream = server.url(&format!("/api/v1/incidents/{reference}/events"));
    let mut arrivals = mirror::comments_on_stream(&stream, &token).await?;
    // Let the declaration's own posts (card, role lines) go out and age out of the rate limits.
    tokio::time::sleep(Duration::from_secs(6)).await;

    eprintln!(
        "  Slack -> timeline: {} messages at {}/s",
        args.messages, args.message_rate
    );
    let gap = Duration::from_secs_f64(1.0 / args.message_rate);
    let before = cpu::Sample::take(Some(server.pid));
    let mut to_timeline =
        mirror::slack_to_timeline(slack, person, &channel, &mut arrivals, args.messages, gap).await;
    to_timeline.cpu = Some(before.until(&cpu::Sample::take(Some(server.pid))));

    eprintln!(
        "  timeline -> Slack: {} comments {} ms apart",
        args.comments, args.comment_gap_ms
    );
    let comments = server.url(&format!("/api/v1/incidents/{reference}/comments"));
    let gap = Duration::from_millis(args.comment_gap_ms);
    let before = cpu::Sample::take(Some(server.pid));
    let mut to_slack =
        mirror::timeline_to_slack(slack, &http, &auth, &comments, &channel, args.comments, gap)
            .await;
    to_slack.cpu = Some(before.until(&cpu::Sample::take(Some(server.pid))));
    Ok((to_timeline, to_slack))
}

fn report(
    args: &Args,
    m: &machine::Machine,
    bin: &Path,
    loadavg: &str,
    postgres: Option<String>,
    runs: &[Run],
) {
    let databases: Vec<&str> = runs.iter().map(|r| r.database).collect();
    println!("## Chat mirror lag (issue 17): Slack <-> timeline\n");
    println!(
        "- Command: `make bench-chat` (`chat_lag --goldseam {} --database {} --messages {} --message-rate {} --comments {} --comment-gap-ms {}`, release build)",
        bin.display(),
        args.database.iter().map(|d| format!("{d:?}").to_lowercase()).collect::<Vec<_>>().join(","),
        args.messages, args.message_rate, args.comments, args.comment_gap_ms
    );
    println!(
        "- Date: {}; commit `{}`; server built {}",
        m.date,
        m.commit,
        machine::modified(bin)
    );
    println!(
        "- Machine: {} cores ({}), {} memory, Linux {}; load average at the start {loadavg}",
        m.cores, m.cpu, m.memory, m.kernel
    );
    if let Some(v) = postgres {
        println!("- PostgreSQL: a fresh schema in {}; {v}", args.postgres_url);
    }
    println!(
        "- Databases: {}; each run a fresh database, server and fake workspace, Socket Mode",
        databases.join(", ")
    );
    println!("\nBudget (DESIGN.md): p99 < 1 s each way, rate limits allowing.\n");
    println!("| Direction | Database | Measured | Lost | Errors | p50 | p99 | max | p99 < 1 s | Cores: server / bench / PostgreSQL / other |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for r in runs {
        for (what, d) in [
            ("Slack -> timeline", &r.to_timeline),
            ("timeline -> Slack", &r.to_slack),
        ] {
            let verdict = if d.lost == 0 && d.latency.p99 < Duration::from_secs(1) {
                "pass"
            } else {
                "**MISS**"
            };
            let cpu = d.cpu.as_ref().map_or("-".to_string(), |c| {
                format!(
                    "{:.2} / {:.2} / {:.2} / {:.2}",
                    c.server, c.bench, c.database, c.others
                )
            });
            println!(
                "| {what} | {} | {} of {} | {} | {} | {} | {} | {} | {verdict} | {cpu} |",
                r.database,
                d.measured,
                d.sent,
                d.lost,
                d.errors,
                stats::ms(d.latency.p50),
                stats::ms(d.latency.p99),
                stats::ms(d.latency.max)
            );
        }
    }
    println!();
    println!("{}", mirror::METHOD);
    for r in runs {
        for (what, d) in [
            ("Slack -> timeline", &r.to_timeline),
            ("timeline -> Slack", &r.to_slack),
        ] {
            for note in &d.notes {
                println!("- {} {what}: {note}", r.database);
            }
        }
        for p in &r.problems {
            println!("- {} server problems: {p}", r.database);
        }
    }
}

/// `--goldseam`, else `$CARGO_TARGET_DIR/release/goldseam`, else `goldseam` next to this binary.
fn goldseam_binary(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.canonicalize()?);
    }
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        candidates.push(PathBuf::from(dir).join("release/goldseam"));
    }
    if let Ok(exe) = std::env::current_exe() {
        candidates.extend(exe.parent().map(|d| d.join("goldseam")));
    }
    match candidates.iter().find(|p| p.is_file()) {
        Some(p) => Ok(p.canonicalize()?),
        None => bail!("no goldseam binary at {candidates:?}; build it with `cargo build --release -p goldseam` or pass --goldseam PATH"),
    }
}
