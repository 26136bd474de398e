// The admins' notices in words: a channel Goldseam cannot deliver on because of how the server is
// set up (not a person's bad address), said once per channel at the top of every page.
import type { components } from "./api/schema";

/** `channel` is email, sms, voice, slack, mattermost or webhook. */
export type AdminNotice = components["schemas"]["NoticeDto"];

const FAILED: Record<string, string> = {
  email: "Email could not be sent",
  sms: "Text messages could not be sent",
  voice: "Calls could not be made",
  slack: "Slack messages could not be sent",
  mattermost: "Mattermost messages could not be sent",
  webhook: "Webhooks could not be delivered",
};

/** "once", "twice", "3 times". */
export function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

/** "just now", "1 min ago", "2 h ago", "3 days ago". */
export function ago(at: string, now: Date = new Date()): string {
  const minutes = Math.floor(Math.max(0, now.getTime() - Date.parse(at)) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

/** "Email could not be sent 3 times (last 2 min ago): email is not configured on this server; set
 * smtp_url and smtp_from." (the link to the dead letters follows it). */
export function noticeText(notice: AdminNotice, now: Date = new Date()): string {
  const what = FAILED[notice.channel] ?? `${notice.channel} could not be delivered`;
  const problem = notice.problem.trim().replace(/[.]$/, "");
  return `${what} ${times(notice.failed)} (last ${ago(notice.last_at, now)})${problem ? `: ${problem}` : ""}.`;
}

/** Whether a batch of timeline events holds a delivery that failed on the server's setup: the
 * admin notices changed, and an admin watching the room should not wait for the next poll. */
export function failedOnSetup(events: readonly { kind: string; data: unknown }[]): boolean {
  return events.some((e) => e.kind === "delivery" && (e.data as { cause?: unknown } | null)?.cause === "configuration");
}
