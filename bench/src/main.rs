//! `goldseam-bench`: measures a real `goldseam serve` against the budgets in DESIGN.md, with
//! this machine's ceilings measured in the same run. See bench/README.md.

mod alerts;
mod alerts_db;
mod alerts_rate;
mod alerts_storm;
mod api;
mod ceilings;
mod comments;
mod commits;
mod cpu;
mod declare;
mod distribution;
mod distribution_jobs;
mod distribution_setup;
mod drain;
mod fanout;
mod load;
mod login_flood;
mod machine;
mod paging;
mod pg;
mod postmortem;
mod receiver;
mod report;
mod server;
mod smtp_sink;
mod sse;
mod stats;
mod suite;
mod suite_alerts;
mod suite_delivery;
mod suite_distribution;

use anyhow::{bail, Context, Result};
use clap::{Parser, ValueEnum};
use load::Load;
use report::Report;
use std::path::{Path, PathBuf};
use std::time::Duration;
use suite::{Scenario, Suite};

/// Load scenarios for Goldseam's performance budgets, against a `goldseam serve` it starts.
#[derive(Debug, Parser)]
#[command(name = "goldseam-bench", version, about)]
struct Args {
    /// The goldseam release binary [default: $CARGO_TARGET_DIR/release/goldseam, else next to
    /// this binary, else target/release/goldseam].
    #[arg(long, value_name = "PATH")]
    goldseam: Option<PathBuf>,
    /// Measured seconds per load scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Warm-up seconds before each measured window.
    #[arg(long, default_value_t = 1)]
    warmup: u64,
    /// Concurrent clients for declarations, comments and the echo ceiling.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Open streams for each fan-out run, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    streams: Vec<usize>,
    /// Databases to run on, comma-separated (start-to-ready and idle memory are SQLite only).
    #[arg(long, value_delimiter = ',', default_value = "sqlite")]
    database: Vec<Database>,
    /// PostgreSQL to use for `--database postgres` (loopback only); a schema is created and dropped.
    #[arg(
        long,
        env = "GOLDSEAM_TEST_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    postgres_url: String,
    /// Scenarios to run, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "startup,login-flood,declare,comments,postmortem,paging,deliveries,distribution,alerts,fanout,ceilings"
    )]
    scenarios: Vec<Scenario>,
    /// SEV1 declarations a second for the paging scenario (open loop, for the measured seconds).
    #[arg(long, default_value_t = 100)]
    page_rate: u32,
    /// Webhook deliveries enqueued for each drain of the deliveries scenario.
    #[arg(long, default_value_t = 20_000)]
    deliveries: usize,
    /// Delivery concurrencies to drain with besides the server's default, comma-separated
    /// (GOLDSEAM_DELIVERY_CONCURRENCY, 1 to 256).
    #[arg(long, value_delimiter = ',', default_value = "64")]
    delivery_concurrency: Vec<u32>,
    /// Readers the distribution scenario publishes a postmortem to (inserted as active users).
    #[arg(long, default_value_t = 10_000)]
    recipients: usize,
    /// Closed-loop clients (keep-alive connections) for sustained alert ingestion and the storm.
    #[arg(long, default_value_t = 64)]
    alert_clients: usize,
    /// PagerDuty events a second for the alerts' fixed-rate run (open loop, for the measured
    /// seconds).
    #[arg(long, default_value_t = 2_000)]
    alert_rate: u32,
    /// Alerts in the storm (one cause: distinct dedup keys, one source).
    #[arg(long, default_value_t = 100_000)]
    storm_alerts: usize,
    /// Also write the report here (e.g. bench/RESULTS.md), replacing the file.
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Database {
    Sqlite,
    Postgres,
}

fn main() -> Result<()> {
    let args = Args::parse();
    // Before any thread or child exists, so every stream socket and goldseam inherit it.
    let nofile = machine::raise_nofile();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(args, nofile))
}

async fn run(args: Args, nofile: u64) -> Result<()> {
    let bin = goldseam_binary(args.goldseam.clone())?;
    let work = tempfile::Builder::new()
        .prefix("goldseam-bench-")
        .tempdir()?;
    // Each stream needs a descriptor in this process and one in the server.
    let max_streams = nofile.saturating_sub(512) as usize;
    let streams = args
        .streams
        .iter()
        .map(|&n| {
            if n > max_streams {
                eprintln!(
                    "open-files limit is {nofile}: running {max_streams} streams instead of {n}"
                );
            }
            n.min(max_streams)
        })
        .collect();
    let suite = Suite {
        bin: bin.clone(),
        work: work.path().to_path_buf(),
        load: Load {
            clients: args.clients,
            warmup: Duration::from_secs(args.warmup),
            duration: Duration::from_secs(args.seconds),
        },
        streams,
        scenarios: args.scenarios.clone(),
        page_rate: args.page_rate,
        deliveries: args.deliveries,
        delivery_concurrency: args.delivery_concurrency.clone(),
        recipients: args.recipients,
        alert_clients: args.alert_clients,
        alert_rate: args.alert_rate,
        storm_alerts: args.storm_alerts,
    };
    let mut report = Report {
        command: command_line(),
        machine: machine::Machine::read(nofile),
        goldseam: format!("`{}` (built {})", bin.display(), machine::modified(&bin)),
        clients: args.clients,
        warmup: args.warmup,
        seconds: args.seconds,
        echo: None,
        runs: Vec::new(),
        loadavg: std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        background: None,
    };
    let whole_run = cpu::Sample::take(None);
    if suite.has(Scenario::Ceilings) {
        eprintln!(
            "ceiling: axum JSON echo, {} clients, {} s ...",
            args.clients, args.seconds
        );
        let echo = ceilings::echo_ceiling(suite.load).await;
        report.echo = suite::record(&mut Vec::new(), "echo ceiling", echo).inspect(suite::progress);
    }
    for db in &args.database {
        let run = match db {
            Database::Sqlite => suite.sqlite().await?,
            Database::Postgres => suite.postgres(&args.postgres_url).await?,
        };
        report.runs.push(run);
    }
    report.background = Some(whole_run.until(&cpu::Sample::take(None)));
    let text = report.markdown();
    println!("{text}");
    if let Some(path) = &args.write {
        std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn goldseam_binary(explicit: Option<PathBuf>) -> Result<PathBuf> {
    let candidates: Vec<PathBuf> = match explicit {
        Some(p) => vec![p],
        None => {
            let mut c = Vec::new();
            if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
                c.push(PathBuf::from(dir).join("release/goldseam"));
            }
            if let Some(dir) = std::env::current_exe()
                .ok()
                .and_then(|e| e.parent().map(Path::to_path_buf))
            {
                c.push(dir.join("goldseam"));
            }
            c.push(PathBuf::from("target/release/goldseam"));
            c
        }
    };
    match candidates.iter().find(|p| p.is_file()) {
        Some(p) => Ok(p.canonicalize()?),
        None => bail!("no goldseam binary at {candidates:?}; build it with `cargo build --release -p goldseam` or pass --goldseam PATH"),
    }
}

/// The command as typed, with the program's directory left out (it is machine-specific).
fn command_line() -> String {
    let mut args = std::env::args();
    let program = args
        .next()
        .map(|p| {
            Path::new(&p)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or(p)
        })
        .unwrap_or_default();
    std::iter::once(program)
        .chain(args)
        .collect::<Vec<_>>()
        .join(" ")
}
