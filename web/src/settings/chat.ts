// The chat settings as the settings form edits them, the pure part: the form's shape (severity
// rows carry ids of their own, so an error stays with its row whatever is added or removed after
// it was sent), the DTO both ways, the checks made before sending, the server's 422 placed on
// what was sent, and the live preview of an incident channel's name.
import { collect, sentence, type FieldErrors } from "../components/forms";
import type { ChatSettings } from "./api/chat";

/** One severity and what is set for it: a channel id, or minutes as the input holds them. */
export interface SeverityRow {
  uid: number;
  /** "" until one is picked. */
  severity: string;
  value: string;
}

export interface ChatForm {
  announcementChannel: string;
  announcementRows: SeverityRow[];
  incidentChannels: boolean;
  template: string;
  pinEmoji: string;
  archiveDays: string;
  reminderRows: SeverityRow[];
}

/** The server's limits (crates/core/src/chat/settings.rs and channel_name.rs). Slack caps a
 * channel's name at 80 characters. */
export const CHAT_LIMITS = { channel: 80, emoji: 100, maxArchiveDays: 365, minReminder: 5, maxReminder: 1440, slackName: 80 } as const;

export const PLACEHOLDERS = ["number", "reference", "title", "severity", "date"] as const;

export type RowKind = "announce" | "remind";

/** Where a row's error shows: `announce-3.channel`, `remind-5.severity`. */
export const rowField = (kind: RowKind, uid: number, part: "severity" | "value") => `${kind}-${uid}.${part}`;

let next = 1;
export const newRow = (severity = "", value = ""): SeverityRow => ({ uid: next++, severity, value });

/** A severity map's rows in the catalog's order (by rank); keys the catalog no longer has last. */
function rows(map: Record<string, string | number> | undefined, order: readonly string[]): SeverityRow[] {
  const rank = (key: string) => {
    const i = order.indexOf(key);
    return i < 0 ? order.length : i;
  };
  return Object.entries(map ?? {})
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([severity, value]) => newRow(severity, String(value)));
}

/** The form for the settings as read; `order` is the catalog's severity keys by rank. */
export function chatForm(s: ChatSettings, order: readonly string[]): ChatForm {
  return {
    announcementChannel: s.announcement_channel ?? "",
    announcementRows: rows(s.announcement_channels, order),
    incidentChannels: s.incident_channels,
    template: s.channel_name_template,
    pinEmoji: s.pin_emoji,
    archiveDays: String(s.archive_after_days),
    reminderRows: rows(s.reminder_minutes, order),
  };
}

/** The PUT body: the whole settings, trimmed; no announcement channel is `null`. */
export function chatBody(f: ChatForm): ChatSettings {
  const channel = f.announcementChannel.trim();
  return {
    announcement_channel: channel ? channel : null,
    announcement_channels: Object.fromEntries(f.announcementRows.map((r) => [r.severity, r.value.trim()])),
    incident_channels: f.incidentChannels,
    channel_name_template: f.template.trim(),
    pin_emoji: f.pinEmoji.trim().replace(/^:+|:+$/g, ""),
    archive_after_days: Number(f.archiveDays.trim()),
    reminder_minutes: Object.fromEntries(f.reminderRows.map((r) => [r.severity, Number(r.value.trim())])),
  };
}

const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : null);

/** The server's rule for a channel: an id (`C0123ABCD`) or `#name`, up to 80 characters, no spaces. */
function checkChannel(raw: string): string | null {
  const name = raw.trim().replace(/^#+/, "");
  if (!name) return "Enter the channel's id, such as C0123ABCD.";
  if (/\s/.test(name)) return "A channel id has no spaces; copy it from the bottom of the channel's details in Slack.";
  if (name.length > CHAT_LIMITS.channel) return `This is ${name.length} characters long; at most ${CHAT_LIMITS.channel} are accepted.`;
  return null;
}

/** The checks that need nothing but the form, so a mistake is explained before sending. The
 * template is left to the server: the preview explains it while it is typed. */
export function checkChatForm(f: ChatForm): FieldErrors {
  const L = CHAT_LIMITS;
  const checks: Record<string, string | null> = {
    announcement_channel: f.announcementChannel.trim() ? checkChannel(f.announcementChannel) : null,
  };
  const emoji = f.pinEmoji.trim().replace(/^:+|:+$/g, "");
  checks.pin_emoji = !emoji
    ? "Enter an emoji's name, such as pushpin."
    : emoji.length > L.emoji || !/^[A-Za-z0-9_\-+']+$/.test(emoji)
      ? "Enter an emoji's name as Slack writes it between colons, such as pushpin or white_check_mark: letters, digits, _ - +."
      : null;
  const days = whole(f.archiveDays);
  checks.archive_after_days = days === null || days > L.maxArchiveDays ? `Enter a whole number of days from 0 to ${L.maxArchiveDays}.` : null;
  const severities = (kind: RowKind, list: SeverityRow[], value: (r: SeverityRow) => string | null) => {
    const seen = new Set<string>();
    for (const r of list) {
      checks[rowField(kind, r.uid, "severity")] = !r.severity ? "Pick a severity." : seen.has(r.severity) ? `${r.severity} is set above already.` : null;
      seen.add(r.severity);
      checks[rowField(kind, r.uid, "value")] = value(r);
    }
  };
  severities("announce", f.announcementRows, (r) => checkChannel(r.value));
  severities("remind", f.reminderRows, (r) => {
    const minutes = whole(r.value);
    return minutes === null || minutes < L.minReminder || minutes > L.maxReminder ? `Enter a whole number of minutes from ${L.minReminder} to ${L.maxReminder}.` : null;
  });
  return collect(checks);
}

/** The form's own fields a 422 may name as they are. */
const OWN = ["announcement_channel", "channel_name_template", "pin_emoji", "archive_after_days"] as const;

/** A 422's errors placed on the form as it was sent. The server names one field per refusal:
 * `channel_name_template`, `pin_emoji`, `archive_after_days` as they are; `announcement_channel`
 * also for a severity's channel, whose value it quotes, so the error goes to the row whose channel
 * it quotes; `reminder_minutes` with the severity first (`SEV2: between 5 and 1440 minutes`), or a
 * path (`reminder_minutes.SEV2`, a value of the wrong type), on that severity's row. What names
 * nothing the form shows (or a refusal with no fields) becomes the message. */
export function placeChatErrors(error: unknown, sent: ChatForm): { fields: FieldErrors; message: string | null } {
  const problem = (error ?? {}) as { detail?: string; errors?: { field: string; message: string }[] };
  const fields: FieldErrors = {};
  const other: string[] = [];
  const put = (key: string, message: string) => {
    fields[key] ??= sentence(message);
  };
  const row = (list: SeverityRow[], severity: string | undefined) => list.find((r) => r.severity === severity);
  for (const e of problem.errors ?? []) {
    const path = /^(announcement_channels|reminder_minutes)(?:\.|\[)"?([^"\]]+)"?\]?$/.exec(e.field);
    if (e.field === "announcement_channel") {
      const quoted = sent.announcementRows.find((r) => e.message.includes(JSON.stringify(r.value.trim())));
      const own = sent.announcementChannel.trim() && e.message.includes(JSON.stringify(sent.announcementChannel.trim()));
      if (quoted && !own) put(rowField("announce", quoted.uid, "value"), e.message);
      else put("announcement_channel", e.message);
    } else if ((OWN as readonly string[]).includes(e.field)) {
      put(e.field, e.message);
    } else if (path) {
      const kind: RowKind = path[1] === "reminder_minutes" ? "remind" : "announce";
      const r = row(kind === "remind" ? sent.reminderRows : sent.announcementRows, path[2]);
      put(r ? rowField(kind, r.uid, "value") : path[1], e.message);
    } else if (e.field === "reminder_minutes") {
      const named = /^([^:\s]+): (.+)$/.exec(e.message);
      const r = row(sent.reminderRows, named?.[1]);
      if (named && r) put(rowField("remind", r.uid, "value"), named[2]);
      else put("reminder_minutes", e.message);
    } else if (e.field === "announcement_channels") {
      put("announcement_channels", e.message);
    } else {
      other.push(`${e.field}: ${e.message}`);
    }
  }
  if (other.length) return { fields, message: other.join("; ") };
  if (Object.keys(fields).length) return { fields, message: null };
  return { fields, message: problem.detail ?? "Something went wrong; try again." };
}

/** What a channel's name is made from. */
export interface SampleIncident {
  number: number;
  title: string;
  severity: string;
  /** The day it was declared, `YYYY-MM-DD` (UTC, as the server writes it). */
  date: string;
}

/** The incident the preview names: a made-up one, of the catalog's second most severe severity
 * (the most usual one that gets a channel), declared today. */
export function sampleIncident(severityKeys: readonly string[], now: Date): SampleIncident {
  return { number: 42, title: "Checkout is DOWN (EU), v2.3!", severity: severityKeys[1] ?? severityKeys[0] ?? "SEV1", date: now.toISOString().slice(0, 10) };
}

/** Lowercase ASCII letters and digits, `_` kept, everything else one `-`, no `-` at the ends. */
function slug(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = /^[A-Z]$/.test(ch) ? ch.toLowerCase() : ch;
    if (/^[a-z0-9_]$/.test(c)) out += c;
    else if (!out.endsWith("-")) out += "-";
  }
  return out.replace(/^-+|-+$/g, "");
}

/** The name the server would give the sample incident's channel (crates/core/src/chat/
 * channel_name.rs, `render`), or, for a template it would refuse, why, in its words. */
export function channelNamePreview(template: string, incident: SampleIncident, cap: number = CHAT_LIMITS.slackName): { name: string } | { problem: string } {
  const raw = template.trim();
  let rest = raw;
  let hasNumber = false;
  for (let open = rest.indexOf("{"); open >= 0; open = rest.indexOf("{")) {
    const after = rest.slice(open + 1);
    const close = after.indexOf("}");
    if (close < 0) return { problem: "a `{` is not closed; write {number}, {title}…" };
    const name = after.slice(0, close);
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) return { problem: `unknown placeholder {${name}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}` };
    hasNumber ||= name === "number" || name === "reference";
    rest = after.slice(close + 1);
  }
  if (!hasNumber) return { problem: "the template must contain {number} or {reference}" };
  const number = String(incident.number);
  const filled = raw
    .replaceAll("{number}", number)
    .replaceAll("{reference}", `INC-${number}`)
    .replaceAll("{severity}", incident.severity)
    .replaceAll("{date}", incident.date)
    .replaceAll("{title}", incident.title);
  const name = slug(filled) || `inc-${number}`;
  return { name: name.slice(0, cap).replace(/[-_]+$/, "") };
}
