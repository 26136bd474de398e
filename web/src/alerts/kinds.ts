// The senders an integration may receive from, in the words the server uses (SourceKind::label),
// and which of them sign their requests.
import type { SourceKind } from "./api/integrations";

export const KINDS: readonly { kind: SourceKind; label: string }[] = [
  { kind: "pagerduty", label: "PagerDuty Events API v2" },
  { kind: "alertmanager", label: "Prometheus Alertmanager" },
  { kind: "grafana", label: "Grafana alerting" },
  { kind: "opsgenie", label: "Opsgenie API (Alertmanager opsgenie_configs)" },
  { kind: "datadog", label: "Datadog webhook" },
  { kind: "webhook", label: "Generic JSON webhook" },
  { kind: "pagerduty_webhook", label: "PagerDuty v3 webhooks" },
];

export const kindLabel = (kind: string) => KINDS.find((k) => k.kind === kind)?.label ?? kind;

/** Whether the sender signs its requests with a secret: PagerDuty v3 always, Grafana when one is
 * set; the others never (their key is in the address or the body). */
export function signing(kind: string): "required" | "optional" | null {
  if (kind === "pagerduty_webhook") return "required";
  if (kind === "grafana") return "optional";
  return null;
}
