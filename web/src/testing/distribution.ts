// Distribution answers as the contract shapes them (/work/contract/distribution.md), for tests.
import type { DistributionPolicy, Reader, Readers, Reading } from "../api/distribution";

/** The built-in default policy (customized=false). */
export function policyFixture(over: Partial<DistributionPolicy> = {}): DistributionPolicy {
  return {
    participants_required: true,
    reminder_days: 3,
    customized: false,
    rules: [
      { name: "Subscribers", severities: [], types: [], audiences: [{ kind: "subscribers", rendering: "full", required: false }] },
      { name: "The whole company for SEV0", severities: ["SEV0"], types: [], audiences: [{ kind: "everyone", rendering: "summary", required: false }] },
    ],
    ...over,
  };
}

export function readerFixture(over: Partial<Reader> = {}): Reader {
  return {
    id: 1,
    kind: "person",
    user_id: 5,
    name: "Ada Lovelace",
    audiences: ["participant"],
    rendering: "full",
    required: true,
    sent_at: "2026-12-03T10:00:00Z",
    opened_at: null,
    acknowledged_at: null,
    reminded_at: null,
    version_read: null,
    status: "pending",
    ...over,
  };
}

export function readersFixture(over: Partial<Readers> = {}): Readers {
  return {
    version: 2,
    distributed_at: "2026-12-03T10:00:00Z",
    counts: { people: 3, opened: 2, acknowledged: 1, pending: 1, required_pending: 1, channels: 1 },
    readers: [
      readerFixture(),
      readerFixture({ id: 2, user_id: 6, name: "Bo Chen", audiences: ["subscriber", "team:Payments"], required: false, opened_at: "2026-12-03T11:00:00Z", version_read: 2, status: "opened" }),
      readerFixture({ id: 3, user_id: 7, name: "Cy Diaz", audiences: ["rule:Leadership for SEV0-1"], rendering: "summary", required: false, opened_at: "2026-12-03T11:00:00Z", acknowledged_at: "2026-12-03T12:00:00Z", version_read: 2, status: "acknowledged" }),
      readerFixture({ id: 4, kind: "slack_channel", user_id: null, name: "C0123ABCD", audiences: ["rule:Leadership for SEV0-1"], rendering: "summary", required: false, status: "sent" }),
    ],
    next: null,
    ...over,
  };
}

export function readingFixture(over: Partial<Reading> = {}): Reading {
  return {
    incident: { reference: "INC-7", title: "Checkout errors", severity: "SEV1", type: "outage" },
    version: 2,
    published_at: "2026-12-03T10:00:00Z",
    rendering: "full",
    html: "<h2>Summary</h2><p>Checkout failed for 20 minutes.</p>",
    reader: { name: "Ada Lovelace", required: true, opened_at: "2026-12-03T11:00:00Z", acknowledged_at: null, is_person: true },
    changes: null,
    full_link: null,
    ...over,
  };
}
