// Pages (people being woken for an incident) and acknowledging them, in words: for the room's
// pages panel and the public page an acknowledgement link opens. Pure, tested beside.
import type { components } from "../api/schema";
import type { TimelineEvent } from "../events";
import { elapsed } from "../incidents";

export type PageItem = components["schemas"]["PageDto"];
export type AckResult = components["schemas"]["AckDto"];
export type AckLink = components["schemas"]["AckLinkDto"];

/** Who or what a page wakes: a person by name, or an escalation policy by name. */
export function pageTarget(page: PageItem, names: ReadonlyMap<number, string>, policies: ReadonlyMap<number, string>): string {
  if (page.user_id != null) return names.get(page.user_id) ?? `user #${page.user_id}`;
  if (page.policy_id != null) {
    const name = policies.get(page.policy_id);
    return name ? `escalation policy “${name}”` : `escalation policy #${page.policy_id}`;
  }
  return "nobody in particular";
}

/** Open pages first (oldest first: the longest waiting), then the acknowledged, latest first. */
export function sortPages(pages: readonly PageItem[]): PageItem[] {
  const t = (s: string | null | undefined) => (s ? Date.parse(s) : 0);
  return [...pages].sort((a, b) => {
    const open = Number(!!a.acknowledged_at) - Number(!!b.acknowledged_at);
    if (open) return open;
    if (a.acknowledged_at && b.acknowledged_at) return t(b.acknowledged_at) - t(a.acknowledged_at) || b.id - a.id;
    return t(a.started_at) - t(b.started_at) || a.id - b.id;
  });
}

export const openPages = (pages: readonly PageItem[]) => pages.filter((p) => !p.acknowledged_at);

/** Changes whenever a page starts or is acknowledged: the panel refetches when it does. */
export function pagesSignature(events: readonly TimelineEvent[]): string {
  let paged = 0;
  let acked = 0;
  let last = 0;
  for (const e of events) {
    const kind = e.kind as string;
    if (kind === "paged") paged++;
    else if (kind === "page_acknowledged") acked++;
    else continue;
    last = e.id;
  }
  return `${paged}:${acked}:${last}`;
}

/** What an acknowledgement did, for the status line. */
export function ackOutcome(result: AckResult, names: ReadonlyMap<number, string>): string {
  const n = result.acknowledged.length;
  if (n) {
    const stopped = result.cancelled ? ` ${result.cancelled} waiting notification${result.cancelled === 1 ? "" : "s"} and escalation${result.cancelled === 1 ? "" : "s"} will not be sent.` : "";
    return `You acknowledged ${n === 1 ? "the page" : `${n} pages`}.${stopped}`;
  }
  const first = result.already[0];
  if (first?.acknowledged_by != null) return `Already acknowledged by ${names.get(first.acknowledged_by) ?? "someone else"}.`;
  return "There was no open page to acknowledge.";
}

/** "INC-42 (SEV1) Checkout is failing". */
export const ackHeadline = (link: AckLink) => `${link.reference} (${link.severity}) ${link.title}`;

/** Why the link's owner was paged: "you were paged as incident manager on call". */
export function pagedBecause(reason: string): string {
  const r = reason.trim();
  if (!r) return "you were paged";
  if (/^team\s/i.test(r)) return `you were paged for ${r}`;
  return `you were paged as ${r}`;
}

/** "Acknowledged by Ana at 14:02" (the time in the viewer's zone). */
export function acknowledgedLine(link: AckLink, formatTime: (at: string) => string): string | null {
  if (!link.acknowledged_at) return null;
  return `Acknowledged by ${link.acknowledged_by ?? "someone"} at ${formatTime(link.acknowledged_at)}`;
}

/** What the public page says for an answer that is not the link's details. */
export function ackFailure(status: number, detail?: string): { title: string; text: string; roomLink: boolean } {
  if (status === 404) return { title: "This link is not valid", text: "It may have been copied only in part, or it was not made by this Goldseam. Open the incident from the email, or sign in and acknowledge in the incident room.", roomLink: false };
  if (status === 410) return { title: "This link has expired", text: "Acknowledgement links work for 24 hours. Acknowledge in the incident room instead.", roomLink: true };
  return { title: "Something went wrong", text: detail ? `${detail[0].toUpperCase()}${detail.slice(1)}` : "Goldseam could not be reached. Try again in a moment, or acknowledge in the incident room.", roomLink: true };
}

/** The reference (INC-42) inside an expired link's incident, when known; otherwise the list. */
export const roomHref = (reference?: string | null) => (reference ? `/incidents/${reference}` : "/incidents");

/** What paging from the room came to, for the status line: 201 a new page, 200 one already open. */
export function pagedOutcome(created: boolean, target: string, urgency: string): string {
  if (!created) return `${target} is already being paged and has not acknowledged yet; nobody is paged twice.`;
  return urgency === "low" ? `Paging ${target} at low urgency: their low-urgency notification rules, in their working hours.` : `Paging ${target} now.`;
}

/** Each page in a few words for the top of the room, open ones first: "Bo Li (waiting 2m)",
 * "escalation policy “Payments” (acknowledged by Cy)". */
export function pagePhrases(pages: readonly PageItem[], names: ReadonlyMap<number, string>, policies: ReadonlyMap<number, string>, now: Date): string[] {
  return sortPages(pages).map((p) => {
    const who = pageTarget(p, names, policies);
    if (!p.acknowledged_at) return `${who} (waiting ${elapsed(p.started_at, now)})`;
    const by = p.acknowledged_by != null ? (names.get(p.acknowledged_by) ?? `user #${p.acknowledged_by}`) : "someone";
    return `${who} (acknowledged by ${by})`;
  });
}
