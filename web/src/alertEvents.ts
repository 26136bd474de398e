// The `alert` timeline event in words: what an integration's alerts did to the incident.

/** "A critical alert", "An error alert", "An alert" (no severity given). */
function anAlert(severity: unknown): string {
  const sev = typeof severity === "string" && severity ? severity : "";
  if (!sev) return "An alert";
  return `${/^[aeiou]/i.test(sev) ? "An" : "A"} ${sev} alert`;
}

/** One sentence for an `alert` event's data (what, integration, summary, severity, alerts, note). */
export function alertEventSentence(data: Record<string, unknown>): string {
  const from = String(data.integration ?? "") || "An integration";
  const summary = `“${String(data.summary ?? "")}”`;
  const alerts = Number(data.alerts);
  switch (data.what) {
    case "opened":
      return `${anAlert(data.severity)} from ${from} opened the incident: ${summary}`;
    case "attached":
      return `${anAlert(data.severity)} from ${from} was attached to the incident: ${summary}`;
    case "joined":
      return `Another alert from ${from} joined: ${summary}${alerts > 0 ? ` (${alerts} ${alerts === 1 ? "alert" : "alerts"} in its group)` : ""}`;
    case "reopened":
      return `An alert from ${from} fired again and reopened its group: ${summary}`;
    case "flapping":
      return `An alert from ${from} fired again; its group is flapping and will not page again: ${summary}`;
    case "acknowledged":
      return `${from} acknowledged the alert ${summary}`;
    case "resolved":
      return `${from} resolved the alert ${summary}`;
    case "note":
      return `${from} noted on the alert ${summary}${data.note ? `: ${String(data.note)}` : ""}`;
    case "change":
      return `${from} reported a change: ${String(data.summary ?? "")}`;
    default:
      return `${from}: ${String(data.what ?? "alert")} ${summary}`;
  }
}
