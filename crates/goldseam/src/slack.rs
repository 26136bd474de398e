//! `goldseam slack …`: setting up the Slack app each company creates for itself.

use crate::cli::SlackManifestArgs;
use crate::out::outln;
use anyhow::{bail, Context, Result};
use goldseam_integrations::chat::slack::manifest;

/// Prints the app manifest for this server's address.
pub fn manifest(args: SlackManifestArgs) -> Result<()> {
    let url = reqwest::Url::parse(args.base_url.trim())
        .with_context(|| format!("--base-url {:?} is not a URL", args.base_url))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        bail!("--base-url must be an http(s) address, such as https://goldseam.example.com");
    }
    if url.query().is_some() || url.fragment().is_some() {
        bail!("--base-url must not carry a query or fragment: request paths are added to it");
    }
    if args.http && url.scheme() != "https" {
        bail!("Slack sends requests only to https:// Request URLs; use an https --base-url or leave out --http (Socket Mode)");
    }
    if args.name.trim().is_empty() {
        bail!("--name must not be empty");
    }
    // Exactly the scopes of the methods the Web API client calls.
    let scopes = goldseam_integrations::chat::slack::client::METHOD_SCOPES;
    let m = manifest::manifest(args.name.trim(), url.as_str(), !args.http, scopes);
    outln!("{}", serde_json::to_string_pretty(&m)?);
    Ok(())
}
