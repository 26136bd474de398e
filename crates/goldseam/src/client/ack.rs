//! `goldseam ack INC-42`: acknowledge the incident's open pages, stopping their notifications
//! and escalation.

use super::commands::incident_path;
use super::commands::printed_json;
use super::Client;
use crate::cli::AckArgs;
use crate::out::outln;
use anyhow::Result;
use serde_json::json;

pub async fn ack(args: AckArgs) -> Result<()> {
    let path = format!("{}/acknowledge", incident_path(&args.reference)?);
    let client = Client::from_env()?;
    let reply = client.post(&path, &json!({}), None).await?;
    if printed_json(args.output, &reply) {
        return Ok(());
    }
    let ids = |key: &str| reply.json[key].as_array().map_or(0, |a| a.len());
    let (now, before) = (ids("acknowledged"), ids("already"));
    let reference = args.reference.to_uppercase();
    match (now, before) {
        (0, 0) => outln!("{reference} has no pages to acknowledge."),
        (0, _) => outln!("{reference}: already acknowledged; nothing more will be sent."),
        (n, _) => outln!(
            "{reference}: acknowledged {n} page{}; {} waiting notification{} cancelled.",
            if n == 1 { "" } else { "s" },
            reply.json["cancelled"],
            if reply.json["cancelled"] == 1 {
                ""
            } else {
                "s"
            }
        ),
    }
    Ok(())
}
