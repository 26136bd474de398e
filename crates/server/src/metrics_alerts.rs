//! The alert integrations' counters in Prometheus' text format: per integration, requests
//! received and rejected, alerts deduplicated and grouped; and the inbox backlog (stored and
//! not yet processed), whose growth means processing does not keep up.

use goldseam_store::alerts::Integration;
use goldseam_store::Store;

/// One counter: its name, its help, and how to read it off an integration.
type Counter = (&'static str, &'static str, fn(&Integration) -> i64);

/// A label value with Prometheus' escapes.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The alert section of /metrics; empty when the database does not answer (the scrape still
/// gets everything else).
pub async fn render(store: &Store) -> String {
    let mut out = String::new();
    let Ok(integrations) = store.integrations().await else {
        return out;
    };
    let counters: [Counter; 4] = [
        ("received", "Alert requests stored, per integration.", |i| {
            i.received
        }),
        (
            "rejected",
            "Alert requests refused (bad body, signature, address), per integration.",
            |i| i.rejected,
        ),
        (
            "deduplicated",
            "Alerts that repeated one already firing, per integration.",
            |i| i.deduplicated,
        ),
        (
            "grouped",
            "Alerts that joined an open group, per integration.",
            |i| i.grouped,
        ),
    ];
    for (name, help, get) in counters {
        out.push_str(&format!(
            "# HELP goldseam_alerts_{name}_total {help}\n# TYPE goldseam_alerts_{name}_total counter\n"
        ));
        for i in &integrations {
            out.push_str(&format!(
                "goldseam_alerts_{name}_total{{integration=\"{}\",kind=\"{}\",id=\"{}\"}} {}\n",
                label(&i.name),
                i.kind,
                i.id,
                get(i)
            ));
        }
    }
    if let Ok(n) = store.alert_backlog().await {
        out.push_str(&format!(
            "# HELP goldseam_alert_backlog Alert requests stored and not yet processed.\n# TYPE goldseam_alert_backlog gauge\ngoldseam_alert_backlog {n}\n"
        ));
    }
    out
}
