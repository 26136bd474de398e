//! The command line, as clap derive types. Parsing only; main.rs dispatches.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Goldseam: self-hosted incident management in one binary.
#[derive(Debug, Parser)]
#[command(name = "goldseam", version, about, long_about = None)]
pub struct Cli {
    /// A TOML configuration file (or GOLDSEAM_CONFIG); GOLDSEAM_* environment variables
    /// override its values.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: web app, API and live streams.
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Copy the SQLite database to a file while the server runs (PostgreSQL: use pg_dump).
    Backup(BackupArgs),
    /// Print the API's OpenAPI document (the web app's client is generated from it).
    Openapi,
    /// Show the effective configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage users (talks to the database directly).
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens (talks to the database directly).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Declare an incident.
    Declare(DeclareArgs),
    /// List incidents, newest first.
    Incidents(ListArgs),
    /// Look at one incident.
    #[command(subcommand)]
    Incident(IncidentCommand),
    /// Comment on an incident's timeline.
    Comment(CommentArgs),
    /// Move an incident to another status.
    Status(StatusArgs),
    /// Resolve an incident.
    Resolve(ResolveArgs),
    /// Acknowledge an incident's pages: their notifications and escalation stop.
    Ack(AckArgs),
    /// Who is on call now in each schedule, or one schedule's shifts over the next days.
    Oncall(OncallArgs),
    /// Set up the Slack app.
    #[command(subcommand)]
    Slack(SlackCommand),
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write, such as /var/backups/goldseam/goldseam-2026-01-31.db. It must not
    /// exist yet, unless --force is given.
    pub path: PathBuf,
    /// Replace PATH if it exists (never the live database's own files).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration as TOML, secrets redacted.
    Print,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user.
    Add(UserAddArgs),
    /// Set a user's web login password, read from stdin.
    SetPassword(SetPasswordArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Their email address; it is their login and must be unique.
    #[arg(long)]
    pub email: String,
    /// Their display name.
    #[arg(long)]
    pub name: String,
    /// What they may do: admin, member or viewer.
    #[arg(long, default_value = "member")]
    pub role: String,
    /// Read a password for the web login from stdin (one line). Without it the user can only
    /// use API tokens until a password is set.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct SetPasswordArgs {
    /// The user's email address.
    #[arg(long)]
    pub email: String,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (only the token goes to stdout).
    Create(TokenCreateArgs),
}

#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    /// Whose token it is.
    #[arg(long)]
    pub email: String,
    /// What the token is for, such as "laptop CLI" or "alertmanager".
    #[arg(long)]
    pub name: String,
}

/// Options every command that talks to a server shares.
#[derive(Debug, Args, Clone, Copy)]
pub struct Output {
    /// Print the server's JSON response instead of readable text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DeclareArgs {
    /// One line saying what is wrong.
    pub title: String,
    /// How bad it is, such as SEV1 (lower numbers are more severe).
    #[arg(long)]
    pub severity: String,
    /// The incident type, such as outage or security (the server's default when omitted).
    #[arg(long = "type", value_name = "TYPE")]
    pub incident_type: Option<String>,
    /// A longer description (markdown).
    #[arg(long)]
    pub summary: Option<String>,
    /// A tag; repeat for several.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Visible to participants and admins only.
    #[arg(long, conflicts_with = "public")]
    pub private: bool,
    /// Visible to everyone, even when the type starts private (security, data-loss).
    #[arg(long)]
    pub public: bool,
    /// Reuse a key to make retrying this exact command safe; a random one is used otherwise.
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only these statuses (triage, active, mitigated, resolved, closed, canceled, or open for
    /// the first three); repeatable.
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    /// Only these severities; repeatable.
    #[arg(long = "severity", value_name = "SEV")]
    pub severities: Vec<String>,
    /// Only incidents with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only incidents whose title or summary contains this text.
    #[arg(long)]
    pub q: Option<String>,
    /// How many incidents per page.
    #[arg(long)]
    pub limit: Option<u32>,
    /// Start after this cursor (printed when more pages exist).
    #[arg(long, conflicts_with = "all_pages")]
    pub cursor: Option<String>,
    /// Follow the cursor until every matching incident is listed.
    #[arg(long)]
    pub all_pages: bool,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Show an incident's details and its whole timeline.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The incident: INC-42 or 42.
    pub reference: String,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct CommentArgs {
    /// The incident: INC-42 or 42.
    pub reference: String,
    /// The comment (markdown).
    pub body: String,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The incident: INC-42 or 42.
    pub reference: String,
    /// The new status: triage, active, mitigated, resolved, closed or canceled.
    pub status: String,
    /// Why; required to cancel.
    #[arg(long)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The incident: INC-42 or 42.
    pub reference: String,
    /// What fixed it.
    #[arg(long)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct AckArgs {
    /// The incident: INC-42 or 42.
    pub reference: String,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct OncallArgs {
    /// A schedule's name or id: show its shifts instead of every schedule's current person.
    pub schedule: Option<String>,
    /// Ask about this instant instead of now (RFC 3339, such as 2026-03-08T09:00:00-05:00).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// How many days of shifts to show for one schedule (1 to 90).
    #[arg(long, default_value_t = 7)]
    pub days: u32,
    /// Print the server's JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SlackCommand {
    /// Print the Slack app manifest (JSON) to paste into "Create New App → From a manifest".
    Manifest(SlackManifestArgs),
}

#[derive(Debug, Args)]
pub struct SlackManifestArgs {
    /// Where people reach this Goldseam, such as https://goldseam.example.com: its links are
    /// unfurled, and with --http Slack sends requests under it.
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// Receive Slack over HTTPS Request URLs (/slack/events, /slack/commands,
    /// /slack/interactions) instead of Socket Mode, which needs no public address.
    #[arg(long)]
    pub http: bool,
    /// The app's name in Slack.
    #[arg(long, default_value = "Goldseam")]
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
