// Which status moves the room offers: the lifecycle rules of crates/core/src/status.rs.
import type { Incident } from "./api/client";

export type Status = Incident["status"];

const NEXT: Record<Status, Status[]> = {
  triage: ["active", "mitigated", "resolved", "canceled"],
  active: ["mitigated", "resolved", "canceled"],
  mitigated: ["active", "resolved", "canceled"],
  resolved: ["closed", "active"],
  closed: ["active"],
  canceled: ["triage", "active"],
};

export function nextStatuses(status: Status): Status[] {
  return NEXT[status];
}

/** Whether the incident is still being worked on (triage, active or mitigated). */
export function isRunning(status: Status): boolean {
  return status === "triage" || status === "active" || status === "mitigated";
}

/** Resolving and canceling ask for a note: what fixed it, or why it was a false alarm. */
export function needsNote(to: Status): boolean {
  return to === "resolved" || to === "canceled";
}
