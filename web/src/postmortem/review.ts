// Which moves of the review the page offers, from the postmortem's state and who is looking.
// The server decides (and says why it refuses); this only keeps buttons that would be refused
// out of sight.
import type { Postmortem, Reviewer } from "./api/postmortem";

export interface ReviewChoices {
  /** Send it to reviewers (from a draft, or after changes were requested). */
  requestReview: boolean;
  /** Approve or ask for changes: the named reviewers, while it is in review. */
  decide: boolean;
  publish: boolean;
  amend: boolean;
}

export function reviewChoices(pm: Pick<Postmortem, "state" | "reviewers">, me: number, canAct: boolean): ReviewChoices {
  const reviews = pm.reviewers.some((r) => r.user_id === me);
  return {
    requestReview: canAct && (pm.state === "draft" || pm.state === "changes_requested"),
    decide: canAct && reviews && pm.state === "in_review",
    publish: canAct && pm.state === "approved",
    amend: canAct && pm.state === "published",
  };
}

/** A reviewer's verdict in words. */
export function verdictWords(verdict: Reviewer["verdict"]): string {
  if (verdict === "approved") return "approved";
  if (verdict === "changes_requested") return "asked for changes";
  return "not reviewed yet";
}

/** What the status line says after a move succeeded. */
export function movedWords(pm: Pick<Postmortem, "state" | "version" | "reviewers">): string {
  switch (pm.state) {
    case "in_review":
      return `Sent for review to ${pm.reviewers.map((r) => r.name).join(", ")}.`;
    case "approved":
      return "Approved: it can be published once every comment is resolved.";
    case "changes_requested":
      return "Changes requested: it is back with its writers.";
    case "published":
      return `Version ${pm.version} is published.`;
    case "draft":
      return `Amending: version ${pm.version} is a draft again.`;
    default:
      return "Done.";
  }
}
