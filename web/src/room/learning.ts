// The room's learning checklist, the pure part.
import type { ChecklistStep } from "../api/learning";

/** Still owed: neither done nor waived. */
export const isOpenStep = (s: ChecklistStep): boolean => s.done_at === null && s.waived === null;

/** A waiver's reason as the server takes it: 1 to 500 characters once trimmed. */
export const REASON_MAX = 500;
export function checkReason(reason: string): string | null {
  const length = [...reason.trim()].length;
  if (length === 0) return "Say why this step is not needed for this incident.";
  if (length > REASON_MAX) return `This is ${length} characters long; at most ${REASON_MAX} are accepted.`;
  return null;
}

/** A feedback comment's limit, as the server's. */
export const COMMENT_MAX = 2000;

/** The feedback as sent: an empty comment is left out rather than sent as "". */
export function feedbackBody(score: number, comment: string): { score: number; comment?: string } {
  const text = comment.trim();
  return text ? { score, comment: text } : { score };
}
