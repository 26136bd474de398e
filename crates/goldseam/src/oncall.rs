//! `goldseam oncall [SCHEDULE]`: who is on call now in every schedule, or one schedule's shifts
//! over the next days, in the viewer's local time (the TZ environment variable or the system's
//! zone). Talks HTTP to a running server like the incident commands.

use crate::cli::OncallArgs;
use crate::client::Client;
use crate::out::outln;
use anyhow::{bail, Context, Result};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::{json, Value};

pub async fn run(args: OncallArgs) -> Result<()> {
    let client = Client::from_env()?;
    let at = args
        .at
        .as_deref()
        .map(|t| {
            t.trim().parse::<Timestamp>().with_context(|| {
                format!("--at {t:?} is not an RFC 3339 time like 2026-03-08T09:00:00-05:00 or 2026-03-08T14:00:00Z")
            })
        })
        .transpose()?;
    if !(1..=90).contains(&args.days) {
        bail!("--days must be from 1 to 90");
    }
    let tz = TimeZone::system();
    match &args.schedule {
        None => overview(&client, at, args.json, &tz).await,
        Some(s) => shifts(&client, s, at, args.days, args.json, &tz).await,
    }
}

/// Every schedule, following pages.
async fn all_schedules(client: &Client) -> Result<Vec<Value>> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = vec![("limit", "200".to_string())];
        if let Some(c) = &cursor {
            query.push(("cursor", c.clone()));
        }
        let page = client.get("/api/v1/schedules", &query).await?.json;
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return Ok(items),
        }
    }
}

/// `Sun 2026-03-08 09:00 EDT` in the viewer's zone.
fn when(t: &Value, tz: &TimeZone) -> String {
    match t.as_str().and_then(|s| s.parse::<Timestamp>().ok()) {
        Some(t) => t
            .to_zoned(tz.clone())
            .strftime("%a %Y-%m-%d %H:%M %Z")
            .to_string(),
        None => "?".into(),
    }
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or("?").to_string()
}

async fn overview(
    client: &Client,
    at: Option<Timestamp>,
    json_out: bool,
    tz: &TimeZone,
) -> Result<()> {
    let schedules = all_schedules(client).await?;
    let mut rows = Vec::new();
    for s in &schedules {
        // The list already says who is on call now; another instant needs a question each.
        let shift = match at {
            None => s["on_call"].clone(),
            Some(at) => {
                let path = format!("/api/v1/schedules/{}/on-call", s["id"]);
                client.get(&path, &[("at", at.to_string())]).await?.json["shift"].clone()
            }
        };
        rows.push((s, shift));
    }
    if json_out {
        let out: Vec<Value> = rows
            .iter()
            .map(|(s, shift)| json!({"id": s["id"], "name": s["name"], "time_zone": s["time_zone"], "on_call": shift}))
            .collect();
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if rows.is_empty() {
        outln!("No schedules yet; an admin creates them with POST /api/v1/schedules (see docs/schedules.md).");
        return Ok(());
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(s, shift)| {
            if shift.is_null() {
                vec![text(&s["name"]), "nobody".into(), String::new()]
            } else {
                vec![
                    text(&s["name"]),
                    text(&shift["user"]["name"]),
                    when(&shift["end"], tz),
                ]
            }
        })
        .collect();
    outln!("{}", layout(&["SCHEDULE", "ON CALL", "UNTIL"], &table));
    Ok(())
}

/// A schedule by id, or by name (exact first, then ignoring case).
async fn find(client: &Client, wanted: &str) -> Result<i64> {
    if let Ok(id) = wanted.trim().parse::<i64>() {
        return Ok(id);
    }
    let schedules = all_schedules(client).await?;
    let by = |exact: bool| {
        schedules.iter().find(|s| {
            let name = s["name"].as_str().unwrap_or("");
            if exact {
                name == wanted.trim()
            } else {
                name.eq_ignore_ascii_case(wanted.trim())
            }
        })
    };
    match by(true)
        .or_else(|| by(false))
        .and_then(|s| s["id"].as_i64())
    {
        Some(id) => Ok(id),
        None => {
            let names: Vec<String> = schedules.iter().map(|s| text(&s["name"])).collect();
            if names.is_empty() {
                bail!("no schedule is named {wanted:?}; there are no schedules yet")
            }
            bail!(
                "no schedule is named {wanted:?}; schedules are: {}",
                names.join(", ")
            )
        }
    }
}

async fn shifts(
    client: &Client,
    schedule: &str,
    at: Option<Timestamp>,
    days: u32,
    json_out: bool,
    tz: &TimeZone,
) -> Result<()> {
    let id = find(client, schedule).await?;
    let mut query = vec![("days", days.to_string())];
    if let Some(at) = at {
        query.push(("from", at.to_string()));
    }
    let reply = client
        .get(&format!("/api/v1/schedules/{id}/shifts"), &query)
        .await?;
    if json_out {
        outln!("{}", reply.raw.trim_end());
        return Ok(());
    }
    let body = &reply.json;
    let zone = tz.iana_name().unwrap_or("local time");
    outln!(
        "{} ({}): the next {days} day{}, times in {zone}",
        text(&body["schedule_name"]),
        text(&body["time_zone"]),
        if days == 1 { "" } else { "s" }
    );
    let shifts = body["shifts"].as_array().cloned().unwrap_or_default();
    if shifts.is_empty() {
        outln!("Nobody is on call in that time.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = shifts
        .iter()
        .map(|s| {
            let source = match s["layer"].as_str() {
                Some(layer) => layer.to_string(),
                None => text(&s["source"]),
            };
            vec![
                when(&s["start"], tz),
                when(&s["end"], tz),
                text(&s["user"]["name"]),
                source,
            ]
        })
        .collect();
    outln!("{}", layout(&["FROM", "UNTIL", "WHO", "LAYER"], &rows));
    Ok(())
}

/// Columns as wide as their widest cell; the last is not padded.
fn layout(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let last = cells.len().saturating_sub(1);
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i < last {
                out.extend(std::iter::repeat_n(
                    ' ',
                    widths[i] - cell.chars().count() + 2,
                ));
            }
        }
        out.trim_end().to_string()
    };
    let mut out = vec![line(header.iter().map(|h| h.to_string()).collect())];
    out.extend(rows.iter().map(|r| line(r.clone())));
    out.join("\n")
}
