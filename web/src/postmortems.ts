// Where a postmortem is in its review, in words: the postmortem page, the postmortems list and
// the room's link all say it the same way. The server sends the state as a plain string.
import type { TimelineEvent } from "./events";

export const POSTMORTEM_STATES = ["draft", "in_review", "changes_requested", "approved", "published"] as const;
export type PostmortemState = (typeof POSTMORTEM_STATES)[number];

const LABELS: Record<PostmortemState, string> = { draft: "Draft", in_review: "In review", changes_requested: "Changes requested", approved: "Approved", published: "Published" };

export const isPostmortemState = (state: string): state is PostmortemState => (POSTMORTEM_STATES as readonly string[]).includes(state);

/** "in_review" → "In review"; a state this app does not know yet is shown as the server says it. */
export function postmortemStateLabel(state: string): string {
  return isPostmortemState(state) ? LABELS[state] : state.replace(/_/g, " ");
}

/** The postmortem's state as the incident's timeline last said it (opened: draft), or null when
 * the timeline says it has none: the room learns it from events it already holds. */
export function postmortemStateOf(events: readonly TimelineEvent[]): string | null {
  let state: string | null = null;
  for (const e of events) {
    if (e.kind === "postmortem_opened") state ??= "draft";
    else if (e.kind === "postmortem_state_changed") state = e.data.to;
  }
  return state;
}
