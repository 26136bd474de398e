// Subscriptions, yours or a team's: what a subscription says in plain words, the channels and the
// contact methods they need, checks before sending and where the server's field errors go. Pure,
// tested beside.
import type { components } from "../../api/schema";
import { roomPath } from "../../route";
import { sentence } from "../forms";

export type Subscription = components["schemas"]["MySubscriptionDto"];
export type Target = "severity" | "tag" | "service" | "team" | "incident";

/** Whose subscriptions are shown: yours, or a team's (an admin's choice for everyone in it). */
export type Who = "me" | { team: string };
export type Channel = "email" | "sms" | "slack" | "mattermost";

export const CHANNELS: readonly { channel: Channel; label: string }[] = [
  { channel: "email", label: "Email" },
  { channel: "sms", label: "SMS" },
  { channel: "slack", label: "Slack" },
  { channel: "mattermost", label: "Mattermost" },
];

export const TARGETS: readonly { target: Target; label: string }[] = [
  { target: "severity", label: "Every incident of a severity" },
  { target: "tag", label: "Every incident with a tag" },
  { target: "service", label: "Every incident affecting a service" },
  { target: "team", label: "Every incident affecting a team's services" },
  { target: "incident", label: "One incident" },
];

/** What the list names things by, as far as it knows them. Incident titles by reference (null: the
 * incident cannot be read); service and team names by id, null (or absent) until the catalog has
 * loaded, so that a missing name means the service or team no longer exists only once it has. */
export interface Names {
  incidents?: Readonly<Record<string, string | null>>;
  services?: Readonly<Record<string, string>> | null;
  teams?: Readonly<Record<string, string>> | null;
}

/** Names by id (as subscription keys spell ids), or null while the list is not there. */
export function namesById(list: readonly { id: number; name: string }[] | null): Record<string, string> | null {
  return list ? Object.fromEntries(list.map((x) => [String(x.id), x.name])) : null;
}

/** "the Payments team", and "the Platform Team" rather than "the Platform Team team". */
export function teamPhrase(name: string): string {
  return /\bteam$/i.test(name.trim()) ? `the ${name.trim()}` : `the ${name.trim()} team`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

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

/** The name of the service or team followed: a string once known, null when it no longer exists,
 * undefined while the catalog is not known (or for other targets). */
function catalogName(s: Pick<Subscription, "target" | "key">, names: Names): string | null | undefined {
  const list = s.target === "service" ? names.services : s.target === "team" ? names.teams : undefined;
  return list ? (list[s.key] ?? null) : undefined;
}

/** True for a service or team that is no longer there: nothing comes of following it. */
export function isGone(s: Pick<Subscription, "target" | "key">, names: Names): boolean {
  return catalogName(s, names) === null;
}

/** What is followed, as a phrase: "Every SEV1 incident", "Incidents tagged #payments", "Every incident
 * affecting Checkout API", "Incidents affecting services the Payments team owns", "INC-42: Checkout is failing". */
export function targetPhrase(s: Pick<Subscription, "target" | "key">, names: Names = {}): string {
  if (s.target === "severity") return `Every ${s.key} incident`;
  if (s.target === "tag") return `Incidents tagged #${s.key}`;
  if (s.target === "incident") {
    const title = names.incidents?.[s.key];
    return title ? `${s.key}: ${title}` : s.key;
  }
  const name = catalogName(s, names);
  if (s.target === "service") {
    if (name === null) return `Every incident affecting a service that no longer exists (id ${s.key})`;
    return `Every incident affecting ${name ?? `service ${s.key}`}`;
  }
  if (s.target === "team") {
    if (name === null) return `Incidents affecting services of a team that no longer exists (id ${s.key})`;
    return name === undefined ? `Incidents affecting services of team ${s.key}` : `Incidents affecting services ${teamPhrase(name)} owns`;
  }
  return `${s.target} ${s.key}`;
}

/** Where the followed thing is seen: the incident's room, the service in the catalog, the team's page. */
export function targetLink(s: Pick<Subscription, "target" | "key">, names: Names = {}): string | null {
  if (s.target === "incident") return roomPath(s.key);
  if (!catalogName(s, names)) return null;
  return s.target === "service" ? `/services#service-${s.key}` : `/teams/${s.key}`;
}

/** Why a line may bring nothing, said under it (with what to do, for those who may); null when it
 * works as it reads. */
export function targetNote(s: Pick<Subscription, "target" | "key">, names: Names, who: Who, readOnly = false): string | null {
  const whom = who === "me" ? "you" : teamPhrase(who.team);
  if (s.target === "incident" && names.incidents?.[s.key] === null) return `You may no longer see this incident; nothing reaches ${whom} about it while that lasts.`;
  if (!isGone(s, names)) return null;
  return readOnly ? `Nothing reaches ${whom} through it any more.` : `Nothing reaches ${whom} through it any more; ${wordsFor(who).remove.toLowerCase()} it to tidy the list.`;
}

/** The whole line: "Every SEV1 incident — by email and SMS". */
export function summary(s: Subscription, names: Names = {}): string {
  return `${targetPhrase(s, names)} — ${channelsPhrase(s.channels)}`;
}

/** The words that change with whose subscriptions they are. */
export function wordsFor(who: Who) {
  if (who === "me") return { subject: "You", follows: "follow", listHeading: "What you follow", addHeading: "Follow something", add: "Follow", remove: "Stop following", removeLabel: (what: string) => `Stop following ${what}`, legend: "Notify me by" };
  const team = teamPhrase(who.team);
  return { subject: capitalize(team), follows: "follows", listHeading: `What ${team} follows`, addHeading: "Add a subscription", add: "Add subscription", remove: "Remove", removeLabel: (what: string) => `Remove ${team}'s subscription: ${what}`, legend: "Notify its members by" };
}

/** What the status line says once something is followed, or followed again by other channels. */
export function addedMessage(s: Subscription, names: Names, who: Who, before: boolean): string {
  const w = wordsFor(who);
  return before ? `${w.subject} already followed this; now ${summary(s, names)}.` : `${w.subject} now ${w.follows}: ${summary(s, names)}.`;
}

/** What the status line says once a subscription is removed (there is no undo: say what changed). */
export function removedMessage(s: Pick<Subscription, "target" | "key">, names: Names = {}, who: Who = "me"): string {
  const w = wordsFor(who);
  const phrase = s.target === "incident" ? s.key : targetPhrase(s, names).replace(/^./, (c) => c.toLowerCase());
  const again =
    who !== "me" ? "Add it again below if that was a mistake." : s.target === "incident" ? "Follow it again below, or from its room, if that was a mistake." : `Follow ${s.target === "tag" ? "the tag" : "it"} again below if that was a mistake.`;
  return `${w.subject} no longer ${w.follows} ${phrase}. ${again}`;
}

const GROUPS: readonly string[] = ["severity", "tag", "service", "team", "incident"];

/** Severities first (most severe first), then tags, services and teams A to Z (those gone last),
 * then incidents newest first. */
export function sortSubscriptions(list: readonly Subscription[], severities: readonly { key: string; rank: number }[], names: Names = {}): Subscription[] {
  const group = (s: Subscription) => (GROUPS.includes(s.target) ? GROUPS.indexOf(s.target) : GROUPS.length);
  const rank = (key: string) => severities.find((x) => x.key === key)?.rank ?? Number.MAX_SAFE_INTEGER;
  const number = (key: string) => Number(/(\d+)$/.exec(key)?.[1] ?? 0);
  return [...list].sort((a, b) => {
    const g = group(a) - group(b);
    if (g) return g;
    if (a.target === "severity") return rank(a.key) - rank(b.key) || a.key.localeCompare(b.key);
    if (a.target === "incident") return number(b.key) - number(a.key);
    return Number(isGone(a, names)) - Number(isGone(b, names)) || targetPhrase(a, names).localeCompare(targetPhrase(b, names));
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
  if (target === "severity" || target === "service" || target === "team") return raw ? null : `Choose a ${target}.`;
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
  // The server names ids and its API ("use a service id from GET /api/v1/services"): the form
  // offered a name from a list, which can only be refused for having gone since the page loaded.
  if (fields.key && (target === "service" || target === "team")) fields.key = `That ${target} no longer exists; reload the page and choose another.`;
  if (other.length) return { fields, message: other.join("; ") };
  if (Object.keys(fields).length) return { fields, message: null };
  return { fields, message: problem.detail ?? "Something went wrong; try again." };
}

/** The kinds of contact method a channel needs; email needs none (the account email is the fallback). */
const NEEDS: Partial<Record<Channel, { kind: string; what: string }>> = {
  sms: { kind: "sms", what: "SMS number" },
  slack: { kind: "slack", what: "Slack account" },
  mattermost: { kind: "mattermost", what: "Mattermost account" },
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
