// A postmortem's readers in words, for the Readers panel: why each got it, what they are, and the
// counts at the top. Pure, tested beside.
import type { Reader, ReaderCounts, ReaderStatus } from "../api/distribution";

/** The filter chips, in order; null shows everyone. Channels are never pending, opened or
 * acknowledged (they are not tracked), so they show under All only. */
export const READER_FILTERS: readonly { status: ReaderStatus | null; label: string }[] = [
  { status: null, label: "All" },
  { status: "pending", label: "Pending" },
  { status: "opened", label: "Opened" },
  { status: "acknowledged", label: "Acknowledged" },
];

/** One reason someone got the postmortem: "participant" → "Participant", "team:Payments" →
 * "Team Payments", "rule:Leadership" → "Rule “Leadership”", "channel" (a list, channel or webhook
 * a rule names) → "Named by a rule". An unknown reason shows as sent. */
export function audienceWords(audience: string): string {
  const [kind, ...rest] = audience.split(":");
  const name = rest.join(":");
  if (kind === "participant" && !name) return "Participant";
  if (kind === "subscriber" && !name) return "Subscriber";
  if (kind === "everyone" && !name) return "Everyone";
  if (kind === "channel" && !name) return "Named by a rule";
  if (kind === "team" && name) return `Team ${name}`;
  if (kind === "rule" && name) return `Rule “${name}”`;
  return audience;
}

/** What a channel reader is, said before its name ("Slack channel C0123ABCD"); null for a person. */
export function readerKindLabel(kind: Reader["kind"]): string | null {
  if (kind === "mailing_list") return "Mailing list";
  if (kind === "slack_channel") return "Slack channel";
  if (kind === "webhook") return "Webhook";
  return null;
}

/** The counts at the top of the panel, each as a few words; `attention` marks required readers
 * still pending (the ones a reminder goes to). */
export function countWords(c: ReaderCounts): { text: string; attention: boolean }[] {
  if (c.people === 0 && c.channels === 0) return [{ text: "Nobody was sent this version.", attention: false }];
  const out: { text: string; attention: boolean }[] = [];
  const say = (text: string, attention = false) => out.push({ text, attention });
  if (c.people > 0) {
    say(`Opened by ${c.opened} of ${c.people} ${c.people === 1 ? "person" : "people"}`);
    say(`${c.acknowledged} acknowledged`);
    if (c.required_pending > 0) say(`${c.required_pending} required ${c.required_pending === 1 ? "reader" : "readers"} pending`, true);
    else say("No required reader pending");
  }
  if (c.channels > 0) say(`${c.channels} ${c.channels === 1 ? "list, channel or webhook" : "lists, channels or webhooks"} (not tracked)`);
  return out;
}

/** What the table says when a filter leaves nobody. */
export function emptyWords(status: ReaderStatus | null): string {
  if (status === "pending") return "Nobody is pending: every person has opened it.";
  if (status === "opened") return "Nobody has opened it without acknowledging it.";
  if (status === "acknowledged") return "Nobody has acknowledged it yet.";
  return "Nobody was sent this version.";
}
