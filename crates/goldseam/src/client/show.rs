//! `goldseam incident show`: the incident's fields, then its whole timeline in plain language.

use super::commands::incident_path;
use super::describe::{describe, Context};
use super::format::{age_since, indent_rest, local_time};
use super::model::{parse, Event, Incident, Page};
use super::Client;
use crate::cli::ShowArgs;
use crate::out::{out, outln};
use anyhow::Result;
use jiff::tz::TimeZone;
use serde_json::{json, Value};

pub async fn show(args: ShowArgs) -> Result<()> {
    let path = incident_path(&args.reference)?;
    let client = Client::from_env()?;
    let incident = client.get(&path, &[]).await?;
    let timeline_path = format!("{path}/timeline");
    let mut events: Vec<Value> = Vec::new();
    let mut cursor: Option<String> = None;
    // The whole history, page by page. The timeline continues with `after` (the incident list
    // uses `cursor`); a cursor that does not advance would repeat the same page forever.
    loop {
        let query: Vec<(&str, String)> = cursor.iter().map(|c| ("after", c.clone())).collect();
        let reply = client.get(&timeline_path, &query).await?;
        let page: Page = parse("a timeline", &reply.json)?;
        let next = page.next_cursor();
        events.extend(page.items);
        if next.is_none() || next == cursor {
            break;
        }
        cursor = next;
    }
    if args.output.json {
        // Two responses, so one object holding both.
        outln!(
            "{}",
            json!({ "incident": incident.json, "timeline": events })
        );
        return Ok(());
    }
    let incident: Incident = parse("an incident", &incident.json)?;
    let events = events
        .iter()
        .map(|e| parse::<Event>("a timeline event", e))
        .collect::<Result<Vec<_>>>()?;
    let tz = TimeZone::system();
    out!(
        "{}",
        render(&incident, &events, &tz, jiff::Timestamp::now())
    );
    outln!("\n{}", client.web_url(&incident.reference()));
    Ok(())
}

/// The readable page, separate from I/O so it can be tested.
fn render(i: &Incident, events: &[Event], tz: &TimeZone, now: jiff::Timestamp) -> String {
    let mut out = format!("{}  {}\n\n", i.reference(), i.title);
    let mut field = |name: &str, value: String| {
        out.push_str(&format!("  {:<12} {}\n", format!("{name}:"), value));
    };
    field("Severity", i.severity.clone());
    field("Status", i.status.clone());
    field("Type", i.incident_type.clone());
    field("Private", if i.private { "yes" } else { "no" }.into());
    let tags = i.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>();
    field(
        "Tags",
        if tags.is_empty() {
            "none".into()
        } else {
            tags.join(" ")
        },
    );
    let roles: Vec<String> = i
        .roles
        .iter()
        .map(|r| {
            let who = match &r.user.email {
                Some(email) => format!("{} <{email}>", r.user.name),
                None => r.user.name.clone(),
            };
            format!("{}: {who}", capitalize(&r.role.replace('_', " ")))
        })
        .collect();
    field(
        "Roles",
        if roles.is_empty() {
            "nobody yet".into()
        } else {
            roles.join(&format!("\n  {:<12} ", ""))
        },
    );
    let mut declared = format!(
        "{} ({} ago)",
        local_time(i.declared_at.as_deref(), tz),
        age_since(i.declared_at.as_deref(), now)
    );
    if let Some(by) = &i.declared_by {
        declared.push_str(&format!(" by {}", by.name));
    }
    field("Declared", declared);
    if let Some(summary) = i.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        field("Summary", indent_rest(summary, &format!("  {:<12} ", "")));
    }
    if let Some(u) = &i.last_update {
        field(
            "Last update",
            indent_rest(
                &format!(
                    "{} ({}) {}",
                    local_time(u.at.as_deref(), tz),
                    u.status,
                    u.body
                ),
                &format!("  {:<12} ", ""),
            ),
        );
    }

    let ctx = context(i, events);
    out.push_str("\nTimeline\n");
    if events.is_empty() {
        out.push_str("  (empty)\n");
    }
    let actor_width = events
        .iter()
        .map(|e| actor_name(e).chars().count())
        .max()
        .unwrap_or(0);
    for e in events {
        let time = local_time(e.at.as_deref(), tz);
        let actor = actor_name(e);
        let prefix = format!("  {time}  {actor:<actor_width$}  ");
        let text = describe(&e.kind, &e.data, &ctx);
        let indent = " ".repeat(prefix.chars().count());
        out.push_str(&format!("{prefix}{}\n", indent_rest(&text, &indent)));
    }
    out
}

fn actor_name(e: &Event) -> String {
    match &e.actor {
        Some(a) if !a.name.is_empty() => a.name.clone(),
        Some(a) => a.id.map_or("someone".into(), |id| format!("user #{id}")),
        None => "Goldseam".into(),
    }
}

/// Every name the responses reveal, for events that carry only user ids.
fn context(i: &Incident, events: &[Event]) -> Context {
    let mut ctx = Context::default();
    let users = i
        .roles
        .iter()
        .map(|r| &r.user)
        .chain(i.declared_by.iter())
        .chain(events.iter().filter_map(|e| e.actor.as_ref()));
    for u in users {
        if let (Some(id), false) = (u.id, u.name.is_empty()) {
            ctx.names.insert(id, u.name.clone());
        }
    }
    for e in events {
        ctx.event_kinds.insert(e.id, e.kind.clone());
    }
    ctx
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_reads_like_a_report() {
        let incident: Incident = serde_json::from_value(json!({
            "id": 7, "reference": "INC-7", "title": "Checkout is down", "summary": null,
            "severity": "SEV1", "type": "outage", "status": "active", "private": false,
            "tags": ["payments"], "pinned": [],
            "roles": [{"role": "incident_manager", "user": {"id": 2, "name": "Ana", "email": "ana@example.com"}}],
            "declared_by": {"id": 3, "name": "Bo", "email": "bo@example.com"},
            "declared_at": "2025-05-01T12:00:00Z", "last_update": null,
            "some_future_field": {"x": 1}
        }))
        .unwrap();
        let events: Vec<Event> = serde_json::from_value(json!([
            {"id": 10, "seq": 1, "kind": "declared", "at": "2025-05-01T12:00:00Z",
             "actor": {"id": 3, "name": "Bo"},
             "data": {"title": "Checkout is down", "severity": "SEV2", "type": "outage", "private": false}},
            {"id": 11, "seq": 2, "kind": "role_assigned", "at": "2025-05-01T12:01:00Z", "actor": null,
             "data": {"role": "incident_manager", "user_id": 2, "replaced_user_id": null}},
            {"id": 12, "seq": 3, "kind": "severity_changed", "at": "2025-05-01T12:02:00Z",
             "actor": {"id": 2, "name": "Ana"}, "data": {"from": "SEV2", "to": "SEV1"}},
            {"id": 13, "seq": 4, "kind": "comment_added", "at": "2025-05-01T12:03:00Z",
             "actor": {"id": 2, "name": "Ana"}, "data": {"body": "rolling back\nETA 5 min"}}
        ]))
        .unwrap();
        let now: jiff::Timestamp = "2025-05-01T15:12:00Z".parse().unwrap();
        let page = render(&incident, &events, &TimeZone::UTC, now);
        let expected = "\
INC-7  Checkout is down

  Severity:    SEV1
  Status:      active
  Type:        outage
  Private:     no
  Tags:        #payments
  Roles:       Incident manager: Ana <ana@example.com>
  Declared:    2025-05-01 12:00:00 (3h12m ago) by Bo

Timeline
  2025-05-01 12:00:00  Bo        declared the incident \"Checkout is down\" (SEV2, outage)
  2025-05-01 12:01:00  Goldseam  made Ana incident manager
  2025-05-01 12:02:00  Ana       raised the severity from SEV2 to SEV1
  2025-05-01 12:03:00  Ana       commented: rolling back
                                 ETA 5 min
";
        assert_eq!(page, expected);
    }
}
