//! declare, incidents, comment, status and resolve: one request each (list may follow pages).

use super::format::{age_since, table};
use super::model::{parse, Incident, Page};
use super::{Client, Reply};
use crate::cli::{CommentArgs, DeclareArgs, ListArgs, Output, ResolveArgs, StatusArgs};
use crate::out::outln;
use anyhow::{bail, Result};
use goldseam_core::{IncidentId, Status};
use goldseam_store::secrets::new_token;
use serde_json::{json, Value};

/// The API path of an incident. Parsing first means a typo is refused here with the accepted
/// forms, and nothing but digits ever reaches the URL.
pub fn incident_path(reference: &str) -> Result<String> {
    let r = IncidentId::parse_reference(reference)?;
    Ok(format!("/api/v1/incidents/{}", r.reference()))
}

/// Prints the raw body for `--json`; returns whether it did.
pub(super) fn printed_json(output: Output, reply: &Reply) -> bool {
    if output.json {
        outln!("{}", reply.raw.trim_end());
    }
    output.json
}

pub async fn declare(args: DeclareArgs) -> Result<()> {
    let client = Client::from_env()?;
    // Severity and type keys are uppercase and lowercase by definition, so fixing the case
    // spares a round trip for `--severity sev1`.
    let mut body = json!({
        "title": args.title,
        "severity": args.severity.trim().to_uppercase(),
    });
    if let Some(t) = &args.incident_type {
        body["type"] = json!(t.trim().to_lowercase());
    }
    if let Some(s) = &args.summary {
        body["summary"] = json!(s);
    }
    if !args.tags.is_empty() {
        body["tags"] = json!(args.tags);
    }
    if args.private || args.public {
        body["private"] = json!(args.private);
    }
    let key = args
        .idempotency_key
        .unwrap_or_else(|| new_token("cli-").expose()[..36].to_string());
    let reply = client.post("/api/v1/incidents", &body, Some(&key)).await?;
    if printed_json(args.output, &reply) {
        return Ok(());
    }
    let incident: Incident = parse("an incident", &reply.json)?;
    let reference = incident.reference();
    outln!(
        "{reference} declared: {} ({}, {})",
        incident.title,
        incident.severity,
        incident.status
    );
    outln!("{}", client.web_url(&reference));
    Ok(())
}

pub async fn list(args: ListArgs) -> Result<()> {
    let client = Client::from_env()?;
    // Lists go as comma-separated values (`status=active,mitigated`), which a single-valued
    // query parser also reads correctly when only one value is given.
    let mut query: Vec<(&str, String)> = Vec::new();
    if !args.statuses.is_empty() {
        let statuses = args
            .statuses
            .iter()
            .map(|s| match s.trim().to_lowercase().as_str() {
                // The server's shorthand for triage, active and mitigated.
                "open" => Ok("open"),
                s => Status::parse("--status", s).map(Status::as_str),
            })
            .collect::<Result<Vec<_>, _>>()?;
        query.push(("status", statuses.join(",")));
    }
    if !args.severities.is_empty() {
        let sevs: Vec<String> = args
            .severities
            .iter()
            .map(|s| s.trim().to_uppercase())
            .collect();
        query.push(("severity", sevs.join(",")));
    }
    if let Some(tag) = &args.tag {
        query.push(("tag", tag.trim().trim_start_matches('#').to_string()));
    }
    if let Some(q) = &args.q {
        query.push(("q", q.clone()));
    }
    if let Some(limit) = args.limit {
        if limit == 0 {
            bail!("--limit: must be at least 1");
        }
        query.push(("limit", limit.to_string()));
    }
    let mut cursor = args.cursor.clone();
    let mut items: Vec<Value> = Vec::new();
    let mut pages = 0;
    let (raw, next) = loop {
        let mut q = query.clone();
        if let Some(c) = &cursor {
            q.push(("cursor", c.clone()));
        }
        let reply = client.get("/api/v1/incidents", &q).await?;
        let page: Page = parse("a list of incidents", &reply.json)?;
        let next = page.next_cursor();
        items.extend(page.items);
        pages += 1;
        // A server that kept returning a cursor would otherwise loop forever.
        if !args.all_pages || next.is_none() || next == cursor || pages >= 10_000 {
            break (reply.raw, next);
        }
        cursor = next;
    };
    if args.output.json {
        if args.all_pages {
            outln!("{}", json!({ "items": items, "next_cursor": next }));
        } else {
            outln!("{}", raw.trim_end());
        }
        return Ok(());
    }
    print_incidents(&items)?;
    if let Some(next) = next.filter(|_| !args.all_pages) {
        eprintln!("More incidents match: add --cursor {next} for the next page, or --all-pages.");
    }
    Ok(())
}

fn print_incidents(items: &[Value]) -> Result<()> {
    if items.is_empty() {
        outln!("No incidents match.");
        return Ok(());
    }
    let now = jiff::Timestamp::now();
    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        let i: Incident = parse("an incident", item)?;
        let title = if i.private {
            format!("{} (private)", i.title)
        } else {
            i.title.clone()
        };
        rows.push(vec![
            i.reference(),
            i.severity.clone(),
            i.status.clone(),
            age_since(i.declared_at.as_deref(), now),
            title,
        ]);
    }
    outln!(
        "{}",
        table(&["REF", "SEV", "STATUS", "AGE", "TITLE"], &rows)
    );
    Ok(())
}

pub async fn comment(args: CommentArgs) -> Result<()> {
    let path = format!("{}/comments", incident_path(&args.reference)?);
    if args.body.trim().is_empty() {
        bail!("the comment is empty");
    }
    let client = Client::from_env()?;
    let key = new_token("cli-").expose()[..36].to_string();
    let reply = client
        .post(&path, &json!({ "body": args.body }), Some(&key))
        .await?;
    if !printed_json(args.output, &reply) {
        let r = IncidentId::parse_reference(&args.reference)?.reference();
        outln!("Commented on {r}.");
    }
    Ok(())
}

pub async fn status(args: StatusArgs) -> Result<()> {
    let to = Status::parse("status", &args.status.trim().to_lowercase())?;
    change_status(&args.reference, to, args.reason, args.output).await
}

pub async fn resolve(args: ResolveArgs) -> Result<()> {
    change_status(&args.reference, Status::Resolved, args.reason, args.output).await
}

async fn change_status(
    reference: &str,
    to: Status,
    reason: Option<String>,
    output: Output,
) -> Result<()> {
    let path = incident_path(reference)?;
    let client = Client::from_env()?;
    let mut body = json!({ "status": to.as_str() });
    if let Some(reason) = reason {
        body["reason"] = json!(reason);
    }
    let reply = client.patch(&path, &body).await?;
    if printed_json(output, &reply) {
        return Ok(());
    }
    let incident: Incident = parse("an incident", &reply.json)?;
    let status = if incident.status.is_empty() {
        to.as_str()
    } else {
        &incident.status
    };
    outln!(
        "{} is now {status}: {} ({})",
        incident.reference(),
        incident.title,
        incident.severity
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_become_safe_paths() {
        assert_eq!(incident_path("inc-7").unwrap(), "/api/v1/incidents/INC-7");
        assert_eq!(incident_path("42").unwrap(), "/api/v1/incidents/INC-42");
        let err = incident_path("../admin").unwrap_err().to_string();
        assert!(err.contains("INC-42"), "{err}");
    }
}
