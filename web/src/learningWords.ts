// The learning flow in words: the steps an incident owes after it is resolved, their due days,
// and the feedback scale. Shared by the room's checklist, the dashboard's "Learning due", the
// policy settings and the feedback summary, so all four say the same thing the same way.
import type { Step } from "./api/learning";
import { longDate, todayCivil } from "./followUpWords";

/** In the policy editor's order, which is also the order a postmortem goes through them. */
export const STEPS: readonly Step[] = ["drafted", "reviewed", "meeting_held", "follow_ups_committed", "published", "distributed"];

const STEP_LABELS: Record<Step, string> = {
  drafted: "Postmortem drafted",
  reviewed: "Postmortem reviewed",
  meeting_held: "Review meeting held",
  follow_ups_committed: "Follow-ups committed",
  published: "Postmortem published",
  distributed: "Postmortem distributed",
};

/** The contract's label; a step this app does not know yet reads as itself, spaced. */
export const stepLabel = (step: string): string => (step in STEP_LABELS ? STEP_LABELS[step as Step] : step.replace(/_/g, " "));

/** "Thu 10 Dec" for a civil date ("2026-12-10"), with the year when it is not this year's. A due
 * day is a day in the owner's zone, never shifted into the viewer's. */
export function dayWords(date: string, today: string = todayCivil()): string {
  const long = longDate(date);
  return date.slice(0, 4) === today.slice(0, 4) ? long.replace(/ \d{4}$/, "") : long;
}

/** The viewer's civil day of an instant ("2026-12-04T09:30:00Z" → "2026-12-04" here). */
export const civilDayOf = (at: string): string => {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at.slice(0, 10) : todayCivil(d);
};

/** The feedback question and its five answers, 1 to 5. */
export const FEEDBACK_QUESTION = "How well did the response to this incident go?";
export const SCORE_WORDS: readonly string[] = ["Very badly", "Badly", "Neither well nor badly", "Well", "Very well"];
export const scoreWords = (score: number): string => SCORE_WORDS[score - 1] ?? String(score);
