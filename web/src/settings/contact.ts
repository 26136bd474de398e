// Contact methods and notification rules: the kinds and how to type each, what a rule list says
// in plain words, and the server's verification answers as sentences. Pure, tested beside.
import type { components } from "../api/schema";
import { sentence } from "../components/forms";

export type ContactMethod = components["schemas"]["ContactMethodDto"];
export type NotificationRule = components["schemas"]["RuleDto"];

export type Kind = "email" | "sms" | "voice" | "slack" | "mattermost" | "webhook";

export interface KindInfo {
  kind: Kind;
  /** In the kind select. */
  label: string;
  /** How a rule says it: "by email". */
  by: string;
  /** The address field's label and hint. */
  field: string;
  hint: string;
  inputMode?: "email" | "tel" | "url" | "text";
  placeholder: string;
}

export const KINDS: readonly KindInfo[] = [
  { kind: "email", label: "Email", by: "email", field: "Email address", hint: "An address you read when paged; you will confirm it with a code.", inputMode: "email", placeholder: "you@example.com" },
  {
    kind: "sms",
    label: "SMS (text message)",
    by: "SMS",
    field: "Mobile number",
    hint: "International format: + and the country code, such as +1 555 123 4567 or +44 7700 900123. Spaces and dashes are fine.",
    inputMode: "tel",
    placeholder: "+15551234567",
  },
  {
    kind: "voice",
    label: "Phone call",
    by: "phone call",
    field: "Phone number",
    hint: "International format: + and the country code, such as +1 555 123 4567. You press 1 to acknowledge.",
    inputMode: "tel",
    placeholder: "+15551234567",
  },
  { kind: "slack", label: "Slack direct message", by: "Slack", field: "Slack member ID", hint: "In Slack: your profile, ⋮ (More), Copy member ID. It looks like U024BE7LH.", inputMode: "text", placeholder: "U024BE7LH" },
  {
    kind: "mattermost",
    label: "Mattermost direct message",
    by: "Mattermost",
    field: "Mattermost user ID",
    hint: "26 letters and digits, not your @username: open https://YOUR-MATTERMOST/api/v4/users/me while signed in to Mattermost and copy \"id\" (an admin finds it under System Console > Users).",
    inputMode: "text",
    placeholder: "8sd7hwgz9jfqtfpg8n3i5w7hbo",
  },
  { kind: "webhook", label: "Webhook", by: "webhook", field: "Webhook URL", hint: "An https:// address that receives a signed JSON POST for each page.", inputMode: "url", placeholder: "https://example.com/hooks/goldseam" },
];

export function kindInfo(kind: string): KindInfo {
  return KINDS.find((k) => k.kind === kind) ?? { kind: kind as Kind, label: kind, by: kind, field: "Address", hint: "", placeholder: "" };
}

/** "SMS +15551234567": the method in a select or a sentence. */
export function methodLabel(m: Pick<ContactMethod, "kind" | "address">): string {
  const label = m.kind === "sms" ? "SMS" : m.kind === "voice" ? "Phone call" : m.kind === "slack" ? "Slack" : m.kind === "mattermost" ? "Mattermost" : kindInfo(m.kind).label;
  return `${label} ${m.address}`;
}

/** A quick look before sending (the server decides): empty addresses, and phone numbers that are
 * clearly not E.164 once spaces, dashes, dots and parentheses are dropped. */
export function checkAddress(kind: Kind, address: string): string | null {
  const text = address.trim();
  if (!text) return `Enter ${kindInfo(kind).field.toLowerCase()}.`;
  if (kind === "sms" || kind === "voice") {
    const digits = text.replace(/[\s\-.()]/g, "");
    if (!digits.startsWith("+")) return "Start with + and the country code, such as +1 for the US or +44 for the UK.";
    if (!/^\+[1-9]\d{7,14}$/.test(digits)) return "Use + then 8 to 15 digits, the first not 0, such as +15551234567.";
  }
  if (kind === "webhook" && !/^https?:\/\//i.test(text)) return "Enter a URL starting with https://.";
  if (kind === "mattermost" && !/^[a-z0-9]{26}$/i.test(text)) return text.startsWith("@") ? "Enter your user ID, not your @username: 26 letters and digits." : "A Mattermost user ID is 26 letters and digits.";
  return null;
}

/** When a new code may be asked for, in words (from a 429's Retry-After). */
export function waitMessage(retryAfter: string | null | undefined): string {
  const secs = Number(retryAfter);
  if (!Number.isFinite(secs) || secs <= 0) return "A code was sent less than a minute ago. Wait a minute, then ask for another.";
  const wait = secs <= 1 ? "a second" : secs < 60 ? `${Math.ceil(secs)} seconds` : "a minute";
  return `A code was sent less than a minute ago. Wait ${wait}, then ask for another.`;
}

/** "at once", "after 1 minute", "after 2 hours", "after 1 hour 30 minutes". */
export function delayWords(delay: number): string {
  if (delay <= 0) return "at once";
  const h = Math.floor(delay / 60);
  const m = delay % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  return `after ${[h ? part(h, "hour") : "", m ? part(m, "minute") : ""].filter(Boolean).join(" ")}`;
}

const URGENCY: Record<string, string> = { high: " (high-urgency pages)", low: " (low-urgency pages)" };

/** The rules in plain words, soonest first: "At once by email; after 2 minutes by SMS". */
export function rulesSummary(rules: readonly NotificationRule[], methods: readonly ContactMethod[]): string {
  if (!rules.length) return "You have no rules: pages go to your account email at once.";
  const byId = new Map(methods.map((m) => [m.id, m]));
  const parts = [...rules]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.delay_minutes - b.r.delay_minutes || a.i - b.i)
    .map(({ r }) => {
      const m = byId.get(r.contact_method_id);
      const how = m ? `by ${kindInfo(m.kind).by}` : "by a method that no longer exists";
      return `${delayWords(r.delay_minutes)} ${how}${URGENCY[r.urgency ?? ""] ?? ""}`;
    });
  const text = parts.join("; ");
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** One rule being edited: the delay as typed, so a half-typed number is not lost. */
export interface RuleDraft {
  key: number;
  contact_method_id: number;
  delay: string;
  urgency: "" | "high" | "low";
}

export function toDrafts(rules: readonly NotificationRule[], nextKey: () => number): RuleDraft[] {
  return rules.map((r) => ({ key: nextKey(), contact_method_id: r.contact_method_id, delay: String(r.delay_minutes), urgency: r.urgency === "high" || r.urgency === "low" ? r.urgency : "" }));
}

export const MAX_RULES = 10;
export const MAX_DELAY = 1440;

/** The drafts as rules to PUT, or the errors keyed `rules[i].field` (the server's own paths). */
export function fromDrafts(drafts: readonly RuleDraft[], methods: readonly ContactMethod[]): { rules: NotificationRule[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const rules: NotificationRule[] = [];
  const verified = new Set(methods.filter((m) => m.verified).map((m) => m.id));
  drafts.forEach((d, i) => {
    const text = d.delay.trim();
    const delay = Number(text);
    if (!/^\d+$/.test(text) || delay > MAX_DELAY) errors[`rules[${i}].delay_minutes`] = `Enter whole minutes from 0 (at once) to ${MAX_DELAY} (a day).`;
    if (!verified.has(d.contact_method_id)) errors[`rules[${i}].contact_method_id`] = "Choose one of your verified methods.";
    rules.push({ contact_method_id: d.contact_method_id, delay_minutes: delay, ...(d.urgency ? { urgency: d.urgency } : {}) });
  });
  return { rules, errors };
}

/** Moves the item at `from` by `by` places (for "Move up"/"Move down"); out of range changes nothing. */
export function move<T>(list: readonly T[], from: number, by: number): T[] {
  const to = from + by;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Oldest first (the server's order), verified methods before the rest. */
export function sortMethods(methods: readonly ContactMethod[]): ContactMethod[] {
  return [...methods].sort((a, b) => Number(b.verified) - Number(a.verified) || a.id - b.id);
}

/** A server field message ("is not the code we sent; 4 tries are left") as a sentence beside the
 * field: "This is not the code we sent; 4 tries are left." */
export function codeMessage(message: string): string {
  const text = message.trim();
  const full = /^(is|must|should|has)\b/i.test(text) ? `This ${text}` : text;
  return sentence(full);
}
