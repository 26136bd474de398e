// Who can see a private incident, and why, in words. Pure; tested beside.
import type { components } from "../api/schema";
import { joinNames } from "../events";

export type Viewers = components["schemas"]["ViewersDto"];
export type Viewer = components["schemas"]["ViewerDto"];
export type ViewerReason = components["schemas"]["SeeReasonDto"];

const REASON_WORDS: Record<ViewerReason, string> = {
  declared: "declared it",
  role: "holds a role in it",
  paged: "was paged",
  informed: "was informed",
  added: "was added",
  took_part: "took part",
  admin: "is an admin",
};

/** Why someone can see it: "declared it and was paged". Reasons the server adds later still read. */
export function viewerReasons(reasons: readonly string[]): string {
  const words = reasons.map((r) => REASON_WORDS[r as ViewerReason] ?? r.replace(/_/g, " "));
  return words.length ? joinNames(words) : "can see it";
}

/** "Private: 6 people can see this". */
export function viewerCount(viewers: readonly Viewer[]): string {
  return `Private: ${viewers.length === 1 ? "1 person can" : `${viewers.length} people can`} see this`;
}

/** Timeline events after which who can see the incident may have changed: the list is asked again. */
const ACCESS_KINDS = new Set(["access_granted", "visibility_changed", "paged", "informed", "role_assigned", "role_unassigned"]);

export function changesAccess(events: readonly { kind: string }[]): boolean {
  return events.some((e) => ACCESS_KINDS.has(e.kind));
}

/** What the room says before someone makes the incident public or private. */
export const MAKE_PUBLIC_WARNING =
  "Everyone who can sign in to Goldseam will see this incident and its whole timeline, including everything written while it was private.";
export const MAKE_PRIVATE_WARNING =
  "Only the people working on it (who declared it, hold a role, were paged or informed, took part or were added) and admins will see it. Everyone else loses it from their lists and rooms at once.";

/** Why the incident is private, from its timeline: the reason of the latest change to private,
 * else why it started private ("Security incidents start private", "by rule: ..."), else that
 * whoever declared it chose so. Null when it is public. */
export function privateBecause(events: readonly { kind: string; data: unknown }[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const { kind, data } = events[i];
    const d = data as { private?: unknown; reason?: unknown; private_because?: unknown };
    if (kind === "visibility_changed") return d.private === true ? (typeof d.reason === "string" ? d.reason : "made private") : null;
    if (kind === "declared") return d.private === true ? (typeof d.private_because === "string" ? d.private_because : "private from its declaration") : null;
  }
  return null;
}
