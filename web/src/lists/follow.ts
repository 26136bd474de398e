// Following from the dashboard: one click follows a severity (or, from the small form, a tag or a
// service) on a channel that is known to reach the person, so nobody believes they follow SEV1s
// while nothing can reach them. Pure, tested beside.
import type { Channel } from "../components/subscriptions/subscriptions";

/** The channels a follow may use, best first: email for status updates, then SMS, then chat. */
const PREFERRED: readonly { channel: Channel; kind: string }[] = [
  { channel: "email", kind: "email" },
  { channel: "sms", kind: "sms" },
  { channel: "slack", kind: "slack" },
  { channel: "mattermost", kind: "mattermost" },
];

/** The channel to follow by: the first one with a verified contact method; null when none is
 * verified (or the methods are not known yet). */
export function followChannel(methods: readonly { kind: string; verified: boolean }[] | null | undefined): Channel | null {
  if (!methods) return null;
  return PREFERRED.find((p) => methods.some((m) => m.kind === p.kind && m.verified))?.channel ?? null;
}

/** The severities offered as one-click buttons: the `count` most severe. */
export function quickSeverities(severities: readonly { key: string; rank: number }[], count = 2): string[] {
  return [...severities]
    .sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key))
    .slice(0, count)
    .map((s) => s.key);
}

/** "SEV0 or SEV1", "SEV0, SEV1 or SEV2": the severities in a sentence. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** What to say when nothing can reach the person yet, instead of following in vain: the words
 * before and after the link to Contact methods. */
export function noChannelMessage(severities: readonly string[]): { before: string; after: string } {
  const what = severities.length ? `${orList(severities)} incidents` : "incidents";
  return { before: "Verify an email address, phone number, Slack or Mattermost account in", after: `to follow ${what} from here.` };
}
