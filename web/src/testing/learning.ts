// The learning flow's answers as the API gives them, for tests. Due dates are computed from today,
// so "overdue" and the weekday words hold any day.
import type { Checklist, ChecklistStep, FeedbackSummary, LearningDue, LearningPolicy } from "../api/learning";
import { dayFromToday } from "./followUps";

export function stepFixture(over: Partial<ChecklistStep> = {}): ChecklistStep {
  return {
    step: "published",
    label: "Postmortem published",
    owner_role: "incident_manager",
    owner: { user_id: 5, name: "Ada Lovelace" },
    due_on: dayFromToday(3),
    done_at: null,
    waived: null,
    overdue: false,
    ...over,
  };
}

/** Drafted (done), meeting (open), published (overdue), distributed (waived). */
export function checklistFixture(over: Partial<Checklist> = {}): Checklist {
  return {
    rule: "Incidents that open a postmortem",
    complete: false,
    steps: [
      stepFixture({ step: "drafted", label: "Postmortem drafted", done_at: "2026-12-04T09:30:00Z", due_on: dayFromToday(-5) }),
      stepFixture({ step: "meeting_held", label: "Review meeting held", owner: null }),
      stepFixture({ step: "published", label: "Postmortem published", due_on: dayFromToday(-2), overdue: true }),
      stepFixture({ step: "distributed", label: "Postmortem distributed", waived: { by: "Grace Hopper", reason: "sent by hand", at: "2026-12-05T10:00:00Z" } }),
    ],
    ...over,
  };
}

export function learningPolicyFixture(over: Partial<LearningPolicy> = {}): LearningPolicy {
  return {
    rules: [
      {
        name: "Incidents that open a postmortem",
        severities: ["SEV0", "SEV1"],
        types: [],
        steps: [
          { step: "drafted", owner_role: "incident_manager", due_business_days: 3 },
          { step: "published", owner_role: "incident_manager", due_business_days: 7 },
        ],
      },
    ],
    customized: false,
    ...over,
  };
}

export function learningDueFixture(): LearningDue {
  return {
    teams: [
      {
        team: { id: 2, name: "Payments" },
        steps: [{ reference: "INC-42", title: "Checkout down", severity: "SEV1", step: "published", label: "Postmortem published", due_on: dayFromToday(-2), owner: { user_id: 5, name: "Ada Lovelace" } }],
        follow_ups: [{ id: 57, title: "Alert on queue depth", reference: "INC-42", due_on: dayFromToday(-1), owner: null }],
      },
      {
        team: null,
        steps: [{ reference: "INC-7", title: "Slow search", severity: "SEV2", step: "drafted", label: "Postmortem drafted", due_on: dayFromToday(-4), owner: null }],
        follow_ups: [],
      },
    ],
  };
}

export function feedbackSummaryFixture(): FeedbackSummary {
  return {
    teams: [
      { team: { id: 2, name: "Payments" }, responses: 5, average: 3.8, scores: [0, 1, 1, 1, 2], comments: ["The pages came late.", "Good handover."] },
      { team: null, responses: 0, average: null, scores: [0, 0, 0, 0, 0], comments: [] },
    ],
  };
}
