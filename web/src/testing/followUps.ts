// A follow-up as the API answers it, for tests: overdue by two days, owned by user 5, unless told
// otherwise. Due dates are computed from today, so relative words ("due 2 days ago") hold any day.
import type { FollowUp } from "../api/followUps";
import { todayCivil } from "../followUpWords";

/** Today plus `offset` days, as the API writes a civil date. */
export function dayFromToday(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return todayCivil(d);
}

export function followUpFixture(over: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 57,
    incident: { id: 42, reference: "INC-42", title: "Checkout down", severity: "SEV1", status: "resolved", private: false },
    title: "Alert on queue depth",
    description: null,
    owner: { id: 5, name: "Ada Lovelace" },
    team: { id: 2, name: "Payments" },
    due_on: dayFromToday(-2),
    priority: "high",
    status: "committed",
    reason: null,
    overdue: true,
    created_by: { id: 1, name: "Admin" },
    created_at: "2026-12-03T10:00:00Z",
    updated_at: "2026-12-03T10:00:00Z",
    committed_at: "2026-12-03T10:00:00Z",
    completed_at: null,
    tracker: null,
    ...over,
  };
}

/** What every openapi-fetch call resolves to, for a mocked `api` method. */
export const answer = (data: unknown, status = 200) => ({ data: status < 300 ? data : undefined, error: status < 300 ? undefined : data, response: new Response(null, { status }) });
