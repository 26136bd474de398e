// Alerts and alert groups in words, for the Alerts page and the room's Alerts panel.

/** "Critical", "Error", "Warning", "Info"; an unknown level as the server wrote it. */
export function severityWord(severity: string): string {
  const words: Record<string, string> = { critical: "Critical", error: "Error", warning: "Warning", info: "Info" };
  return words[severity] ?? severity;
}

/** A group's status: "Open", "Acknowledged", "Resolved". */
export function groupStatusWord(status: string): string {
  const words: Record<string, string> = { open: "Open", acknowledged: "Acknowledged", resolved: "Resolved" };
  return words[status] ?? status;
}

/** An alert's status: "Firing", "Acknowledged", "Resolved". */
export function alertStatusWord(status: string): string {
  const words: Record<string, string> = { firing: "Firing", acknowledged: "Acknowledged", resolved: "Resolved" };
  return words[status] ?? status;
}

/** "1 alert, 1 firing", "3 alerts, none firing". */
export function alertCounts(alerts: number, firing: number): string {
  return `${alerts} ${alerts === 1 ? "alert" : "alerts"}, ${firing > 0 ? `${firing} firing` : "none firing"}`;
}

/** What an alert's last request did, in words (`new`, `duplicate`, ... as the server records it). */
export function outcomeWord(outcome: string): string {
  const words: Record<string, string> = {
    new: "New alert",
    duplicate: "Repeat of one firing",
    updated: "Updated",
    refired: "Fired again",
    acknowledged: "Acknowledged",
    resolved: "Resolved",
    recorded: "Recorded",
    ignored: "Ignored",
  };
  return words[outcome] ?? outcome.replace(/_/g, " ");
}

/** Where a dedup key came from, in words. */
export function keySourceWord(from: string): string {
  const words: Record<string, string> = {
    fingerprint: "the sender's fingerprint",
    dedup_key: "the dedup key sent",
    generated: "a key Goldseam made",
    alias: "the Opsgenie alias",
    alert_cycle_key: "Datadog's alert cycle key",
    template: "the mapping's dedup template",
    payload_hash: "a hash of the payload",
    pagerduty_incident: "the PagerDuty incident",
  };
  return words[from] ?? from.replace(/_/g, " ");
}
