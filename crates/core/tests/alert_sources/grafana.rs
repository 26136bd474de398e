//! Grafana alerting's webhook contact point.

use super::{alerts, fixture, inbound, read_webhook, refuse, shown};
use goldseam_core::alerts::{AlertStatus, Endpoint, KeySource, SourceKind};

const GF: SourceKind = SourceKind::Grafana;

#[test]
fn grafanas_alerts_are_keyed_by_fingerprint_with_their_pages_as_links() {
    let parsed = read_webhook(GF, "grafana/firing-and-resolved.json");
    let a = alerts(&parsed);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].summary, a[1].summary, "one summary...");
    assert_ne!(a[0].dedup_key, a[1].dedup_key, "...two alerts");
    assert!(a.iter().all(|a| a.key_from == KeySource::Fingerprint));
    assert_eq!(a[0].status, AlertStatus::Firing);
    assert_eq!(
        a[1].status,
        AlertStatus::Resolved,
        "each alert's own status"
    );
    let names: Vec<&str> = a[0].links.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        names,
        ["Source", "Grafana", "Dashboard", "Panel", "Silence"],
        "an empty imageURL is no link"
    );
    assert!(a[0].annotations["value_string"].contains("value=94.2"));
    assert_eq!(a[0].source.as_deref(), Some("api-1"));
    insta::assert_json_snapshot!("grafana_firing_and_resolved", shown(&parsed));
}

#[test]
fn alertmanagers_body_or_a_custom_payload_is_refused_with_advice() {
    let am = fixture("alertmanager/firing-same-summary.json");
    let r = refuse(GF, &inbound(Endpoint::Webhook, None, &am));
    assert!(r.message.contains("Alertmanager integration"), "{r:?}");

    let custom = br#"{"text":"CPU high on api-1"}"#;
    let r = refuse(GF, &inbound(Endpoint::Webhook, None, custom));
    assert_eq!(
        r.errors,
        [
            "'version' must be \"1\" (got nothing); a contact point with a custom payload needs a \
          generic webhook integration"
        ]
    );
}
