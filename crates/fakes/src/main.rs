//! `goldseam-fakes`: runs a fake tracker on loopback by hand, e.g.
//!
//! ```text
//! goldseam-fakes github --listen 127.0.0.1:9100 \
//!     --webhook-url http://127.0.0.1:8080/api/v1/integrations/github --webhook-secret s3cret
//! ```
//!
//! then takes commands on stdin: `close KEY`, `reopen KEY`, `ping` (GitHub), `issues`,
//! `mode normal|fail|hang|drop|ratelimit SECS`.
//!
//! `goldseam-fakes slack --listen 127.0.0.1:9102 [--events-url …]` runs a fake Slack
//! workspace (see `slack_cli.rs`; `help` lists its commands), and `goldseam-fakes mattermost
//! --listen 127.0.0.1:9103 [--command-url …]` a fake Mattermost team, and `goldseam-fakes
//! teams --listen 127.0.0.1:9104` a Teams Workflows webhook (it prints the URL to configure).

mod slack_cli;

use clap::{Parser, Subcommand};
use goldseam_fakes::github::{FakeGitHub, GitHubOptions};
use goldseam_fakes::jira::{FakeJira, JiraOptions};
use goldseam_fakes::{Mode, SentWebhook};
use std::io::BufRead;
use std::net::SocketAddr;

#[derive(Parser)]
#[command(
    about = "Fake issue trackers and chat servers speaking the vendors' wire formats, on loopback"
)]
struct Cli {
    #[command(subcommand)]
    fake: Fake,
}

#[derive(Subcommand)]
enum Fake {
    /// GitHub Issues (REST) and its signed `issues` webhooks.
    Github {
        #[arg(long, default_value = "127.0.0.1:9100")]
        listen: SocketAddr,
        /// The token requests must carry.
        #[arg(long, default_value = "ghp_fake")]
        token: String,
        /// A repository that exists (repeatable).
        #[arg(long = "repo", default_value = "acme/api")]
        repos: Vec<String>,
        #[arg(long)]
        webhook_url: Option<String>,
        #[arg(long, default_value = "fake-webhook-secret")]
        webhook_secret: String,
    },
    /// Jira Cloud REST v3 and its signed `jira:issue_updated` webhooks.
    Jira {
        #[arg(long, default_value = "127.0.0.1:9101")]
        listen: SocketAddr,
        #[arg(long, default_value = "bot@example.com")]
        email: String,
        #[arg(long, default_value = "fake-api-token")]
        api_token: String,
        /// A project key that exists (repeatable).
        #[arg(long = "project", default_value = "OPS")]
        projects: Vec<String>,
        #[arg(long)]
        webhook_url: Option<String>,
        #[arg(long, default_value = "fake-webhook-secret")]
        webhook_secret: String,
    },
    /// A Slack workspace: Web API, Events API (HTTP or Socket Mode), commands, interactivity.
    Slack(slack_cli::SlackArgs),
    /// Mattermost: REST v4, the WebSocket, slash commands, buttons and dialogs, with a seeded
    /// team (ada, bob, ~incidents); stdin takes `help`.
    Mattermost {
        #[arg(long, default_value = "127.0.0.1:9103")]
        listen: SocketAddr,
        /// Registers `/inc` POSTing to this URL.
        #[arg(long)]
        command_url: Option<String>,
        #[arg(long, default_value = "gs0fake0bot0token000000000")]
        bot_token: String,
    },
    /// A Microsoft Teams Workflows webhook that checks the Adaptive Cards it is sent; stdin
    /// takes `help`.
    Teams {
        #[arg(long, default_value = "127.0.0.1:9104")]
        listen: SocketAddr,
    },
}

/// Runs the fake Teams webhook until stdin (`lines`) closes.
async fn teams(
    listen: SocketAddr,
    mut lines: tokio::sync::mpsc::UnboundedReceiver<String>,
) -> std::io::Result<()> {
    use goldseam_fakes::teams::{FakeTeams, TeamsOptions};
    let options = TeamsOptions {
        listen,
        ..TeamsOptions::default()
    };
    let fake = FakeTeams::start(options).await?;
    println!("fake Teams Workflows webhook; set delivery.teams_webhook_url to");
    println!("{}", fake.url());
    while let Some(line) = lines.recv().await {
        println!("{}", fake.console(&line).trim_end());
    }
    Ok(())
}

/// Runs the fake Mattermost until stdin (`lines`) closes.
async fn mattermost(
    listen: SocketAddr,
    command_url: Option<String>,
    bot_token: String,
    mut lines: tokio::sync::mpsc::UnboundedReceiver<String>,
) -> std::io::Result<()> {
    use goldseam_fakes::mattermost::{FakeMattermost, MattermostOptions};
    let options = MattermostOptions {
        listen,
        bot_token,
        ..MattermostOptions::default()
    };
    let fake = FakeMattermost::start(options).await?;
    println!(
        "fake Mattermost on {} (WebSocket {})",
        fake.url(),
        fake.ws_url()
    );
    println!(
        "team {}, bot {} token {}",
        fake.team_id(),
        fake.bot_id(),
        fake.bot_token()
    );
    println!("{}", fake.seed_demo());
    if let Some(url) = command_url {
        println!("/inc -> {url}, token {}", fake.add_command("inc", &url));
    }
    while let Some(line) = lines.recv().await {
        println!("{}", fake.console(&line).await.trim_end());
    }
    Ok(())
}

fn mode(words: &[&str]) -> Option<Mode> {
    Some(match words {
        ["normal"] => Mode::Normal,
        ["fail"] => Mode::Fail,
        ["hang"] => Mode::Hang,
        ["drop"] => Mode::CreateThenDrop,
        ["ratelimit", secs] => Mode::RateLimited(secs.parse().ok()?),
        _ => return None,
    })
}

fn report(sent: Result<SentWebhook, String>) {
    match sent {
        Ok(s) => println!("webhook sent: {:?}", s.answered),
        Err(e) => println!("error: {e}"),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    // Blocking stdin on a thread of its own, so the servers keep answering meanwhile.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let (github, jira) = match cli.fake {
        Fake::Slack(args) => return slack_cli::run(args, rx).await,
        Fake::Github {
            listen,
            token,
            repos,
            webhook_url,
            webhook_secret,
        } => {
            let options = GitHubOptions {
                token,
                repos,
                webhook_url,
                webhook_secret,
            };
            let fake = FakeGitHub::spawn_with(options, listen).await?;
            println!("fake GitHub API on {}", fake.base);
            (Some(fake), None)
        }
        Fake::Jira {
            listen,
            email,
            api_token,
            projects,
            webhook_url,
            webhook_secret,
        } => {
            let options = JiraOptions {
                email,
                api_token,
                projects,
                webhook_url,
                webhook_secret,
                ..JiraOptions::default()
            };
            let fake = FakeJira::spawn_with(options, listen).await?;
            println!("fake Jira site on {}", fake.base);
            (None, Some(fake))
        }
        Fake::Mattermost {
            listen,
            command_url,
            bot_token,
        } => return mattermost(listen, command_url, bot_token, rx).await,
        Fake::Teams { listen } => return teams(listen, rx).await,
    };
    while let Some(line) = rx.recv().await {
        let words: Vec<&str> = line.split_whitespace().collect();
        match (words.as_slice(), &github, &jira) {
            (["close", key], Some(g), _) => report(g.close(key).await),
            (["reopen", key], Some(g), _) => report(g.reopen(key).await),
            (["ping"], Some(g), _) => report(Ok(g.ping().await)),
            (["issues"], Some(g), _) => g.issues().iter().for_each(|i| println!("{i:?}")),
            (["close", key], _, Some(j)) => report(j.close(key).await),
            (["reopen", key], _, Some(j)) => report(j.reopen(key).await),
            (["issues"], _, Some(j)) => j.issues().iter().for_each(|i| println!("{i:?}")),
            (["mode", rest @ ..], g, j) => match mode(rest) {
                Some(m) => {
                    g.iter().for_each(|g| g.set_mode(m));
                    j.iter().for_each(|j| j.set_mode(m));
                    println!("mode {m:?}");
                }
                None => println!("modes: normal, fail, hang, drop, ratelimit SECS"),
            },
            _ => println!("commands: close KEY, reopen KEY, ping, issues, mode MODE"),
        }
    }
    Ok(())
}
