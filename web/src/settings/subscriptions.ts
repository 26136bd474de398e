// My subscriptions: what a subscription says in plain words, the channels and the contact methods
// they need, checks before sending and where the server's field errors go. Pure, tested beside.
import type { components } from "../api/schema";
import { sentence } from "./forms";

export type Subscription = components["schemas"]["MySubscriptionDto"];
export type Target = "severity" | "tag" | "incident";
export type Channel = "email" | "sms" | "slack";

export const CHANNELS: readonly { channel: Channel; label: string }[] = [
  { channel: "email", label: "Email" },
  { channel: "sms", label: "SMS" },
  { channel: "slack", label: "Slack" },
];

export const TARGETS: readonly { target: Target; label: string }[] = [
  { target: "severity", label: "Every incident of a severity" },
  { target: "tag", label: "Every incident with a tag" },
  { target: "incident", label: "One incident" },
];

/** The longest tag the server takes. */
export const MAX_TAG = 64;

export function channelLabel(channel: string): string {
  return CHANNELS.find((c) => c.channel === channel)?.label ?? channel;
}

/** "by email", "by email and SMS", "by email, SMS and Slack", in the order of CHANNELS. */
export function channelsPhrase(channels: readonly string[]): string {
  const order = (c: string) => {
    const i = CHANNELS.findIndex((x) => x.channel === c);
    return i < 0 ? CHANNELS.length : i;
  };
  const names = [...new Set(channels)].sort((a, b) => order(a) - order(b)).map((c) => (c === "email" ? "email" : channelLabel(c)));
  if (!names.length) return "by no channel";
  if (names.length === 1) return `by ${names[0]}`;
  return `by ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** What is followed, as a phrase: "Every SEV1 incident", "Incidents tagged #payments", "INC-42: Checkout is failing". */
export function targetPhrase(s: Pick<Subscription, "target" | "key">, titles: Readonly<Record<string, string | null>> = {}): string {
  if (s.target === "severity") return `Every ${s.key} incident`;
  if (s.target === "tag") return `Incidents tagged #${s.key}`;
  if (s.target === "incident") {
    const title = titles[s.key];
    return title ? `${s.key}: ${title}` : s.key;
  }
  return `${s.target} ${s.key}`;
}

/** The whole line: "Every SEV1 incident — by email and SMS". */
export function summary(s: Subscription, titles: Readonly<Record<string, string | null>> = {}): string {
  return `${targetPhrase(s, titles)} — ${channelsPhrase(s.channels)}`;
}

/** What the status line says once a subscription is removed (there is no undo: say what changed). */
export function removedMessage(s: Pick<Subscription, "target" | "key">): string {
  if (s.target === "severity") return `You no longer follow every ${s.key} incident. Follow it again below if that was a mistake.`;
  if (s.target === "tag") return `You no longer follow incidents tagged #${s.key}. Follow the tag again below if that was a mistake.`;
  return `You no longer follow ${s.key}. Follow it again below, or from its room, if that was a mistake.`;
}

/** Severities first (most severe first), then tags A to Z, then incidents newest first. */
export function sortSubscriptions(list: readonly Subscription[], severities: readonly { key: string; rank: number }[]): Subscription[] {
  const group = (s: Subscription) => (s.target === "severity" ? 0 : s.target === "tag" ? 1 : 2);
  const rank = (key: string) => severities.find((x) => x.key === key)?.rank ?? Number.MAX_SAFE_INTEGER;
  const number = (key: string) => Number(/(\d+)$/.exec(key)?.[1] ?? 0);
  return [...list].sort((a, b) => {
    const g = group(a) - group(b);
    if (g) return g;
    if (a.target === "severity") return rank(a.key) - rank(b.key) || a.key.localeCompare(b.key);
    if (a.target === "tag") return a.key.localeCompare(b.key);
    return number(b.key) - number(a.key);
  });
}

/** The reference of an incident as typed ("inc-42", "42", " INC-42 "), or null when it is not one. */
export function normalizeRef(raw: string): string | null {
  const m = /^(?:inc-?)?([1-9][0-9]{0,17})$/i.exec(raw.trim());
  return m ? `INC-${m[1]}` : null;
}

/** A tag as typed, without its # and in lower case, as the server keeps it. */
export function normalizeTag(raw: string): string {
  return raw.trim().replace(/^#/, "").toLowerCase();
}

/** A quick look at what to follow before sending (the server decides); null when it may be sent. */
export function checkKey(target: Target, raw: string): string | null {
  if (target === "severity") return raw ? null : "Choose a severity.";
  if (target === "tag") {
    const tag = normalizeTag(raw);
    if (!tag) return "Enter a tag, such as payments.";
    const bad = [...tag].find((c) => !/[\p{L}\p{N}_-]/u.test(c));
    if (bad) return `A tag is letters, digits, - and _; remove “${bad}”.`;
    const length = [...tag].length;
    if (length > MAX_TAG) return `This tag is ${length} characters long; at most ${MAX_TAG} are accepted.`;
    return null;
  }
  if (!raw.trim()) return "Enter an incident reference, such as INC-42.";
  return normalizeRef(raw) ? null : `“${raw.trim()}” is not an incident reference; use INC-42 or 42.`;
}

/** The key to send for what was typed or chosen. */
export function keyToSend(target: Target, raw: string): string {
  if (target === "tag") return normalizeTag(raw);
  if (target === "incident") return normalizeRef(raw) ?? raw.trim();
  return raw;
}

export function checkChannels(channels: readonly string[]): string | null {
  return channels.length ? null : "Choose at least one channel.";
}

/** Where a server field error goes in the form: the "what to follow" field, the kind, or the channels. */
export function formField(field: string): "key" | "target" | "channels" | null {
  if (field === "key" || field === "severity" || field === "ref" || field === "tag") return "key";
  if (field === "target") return "target";
  if (field === "channels" || /^channels\[\d+\]$/.test(field)) return "channels";
  return null;
}

interface ProblemLike {
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The server's answer to a refused subscription, split by field. A 404 means the incident is not
 * there for this person (missing or private): said beside the reference. */
export function subscriptionProblem(error: unknown, status: number, target: Target, key: string): { fields: Partial<Record<"key" | "target" | "channels", string>>; message: string | null } {
  const problem = (error ?? {}) as ProblemLike;
  if (status === 404 && target === "incident") return { fields: { key: `${key} does not exist, or you may not see it.` }, message: null };
  const fields: Partial<Record<"key" | "target" | "channels", string>> = {};
  const other: string[] = [];
  for (const e of problem.errors ?? []) {
    const f = formField(e.field);
    if (f && !fields[f]) fields[f] = sentence(e.message);
    else if (!f) other.push(`${e.field}: ${e.message}`);
  }
  if (other.length) return { fields, message: other.join("; ") };
  if (Object.keys(fields).length) return { fields, message: null };
  return { fields, message: problem.detail ?? "Something went wrong; try again." };
}

/** The kinds of contact method a channel needs; email needs none (the account email is the fallback). */
const NEEDS: Partial<Record<Channel, { kind: string; what: string }>> = {
  sms: { kind: "sms", what: "SMS number" },
  slack: { kind: "slack", what: "Slack account" },
};

/** For each chosen channel that cannot reach you (no verified method of its kind), what to say. */
export function unreachable(channels: readonly string[], methods: readonly { kind: string; verified: boolean }[] | null): { channel: Channel; message: string }[] {
  if (!methods) return [];
  const out: { channel: Channel; message: string }[] = [];
  for (const c of CHANNELS) {
    const need = NEEDS[c.channel];
    if (!need || !channels.includes(c.channel)) continue;
    if (!methods.some((m) => m.kind === need.kind && m.verified)) out.push({ channel: c.channel, message: `You have no verified ${need.what}: add one in Contact methods` });
  }
  return out;
}

/** The subscription already following this (posting it again replaces its channels). */
export function existing(list: readonly Subscription[], target: Target, key: string): Subscription | undefined {
  return list.find((s) => s.target === target && s.key.toLowerCase() === key.toLowerCase());
}

/** Same channels, in any order. */
export function sameChannels(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((c) => y.has(c));
}
