// Integrations, alert groups and alerts as the API answers them, for tests.
import type { Alert, AlertGroup } from "../api/alerts";
import type { components } from "../api/schema";

type Integration = components["schemas"]["IntegrationDto"];

export function integrationFixture(over: Partial<Integration> = {}): Integration {
  return {
    id: 3,
    kind: "alertmanager",
    kind_label: "Prometheus Alertmanager",
    name: "Prometheus prod",
    service_id: null,
    team_id: null,
    policy: { routes: [], reopen_window_secs: 600, flap_limit: 3, resolve: "all", storm: { new_groups: 10, window_secs: 300 }, resolve_incidents: true } as never,
    mapping: null,
    signed: false,
    key: "gsk_secret_key_123",
    snippet: { url: "https://goldseam.example.com/api/v1/alerts/alertmanager", text: "receivers:\n  - name: goldseam\n", language: "yaml" },
    counters: { received: 12, deduplicated: 4, grouped: 3, rejected: 1 },
    last_received_at: "2026-11-25T12:00:00Z",
    created_at: "2026-11-20T09:00:00Z",
    ...over,
  };
}

export function groupFixture(over: Partial<AlertGroup> = {}): AlertGroup {
  return {
    id: 12,
    integration_id: 3,
    route: "default",
    group_key: "alertname=DiskFull",
    status: "open",
    storm: false,
    flapping: false,
    triggered: true,
    summary: "Disk full on db-1",
    severity: "critical",
    first_opened_at: "2026-11-25T11:00:00Z",
    opened_at: "2026-11-25T11:00:00Z",
    resolved_at: null,
    last_alert_at: "2026-11-25T11:30:00Z",
    received: 5,
    alerts: 2,
    firing: 1,
    reopened: 0,
    incident: "INC-42",
    ...over,
  };
}

export function alertFixture(over: Partial<Alert> = {}): Alert {
  return {
    id: 100,
    integration_id: 3,
    dedup_key: "fp-abc123",
    key_from: "fingerprint",
    group_id: 12,
    status: "firing",
    summary: "Disk full on db-1",
    severity: "critical",
    source: "db-1",
    labels: { alertname: "DiskFull", instance: "db-1" },
    annotations: {},
    links: [],
    starts_at: null,
    ends_at: null,
    received: 3,
    fired_at: "2026-11-25T11:00:00Z",
    last_at: "2026-11-25T11:30:00Z",
    route: "default",
    group_key: "alertname=DiskFull",
    outcome: "duplicate",
    reason: "route “default” grouped by alertname: key alertname=DiskFull",
    ...over,
  };
}
