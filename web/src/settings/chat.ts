// The chat settings as the settings form edits them, the pure part: the form's shape (a severity's
// channel row carries an id of its own, so an error stays with its row whatever is added or
// removed after it was sent), the DTO both ways, the checks made before sending, the server's 422
// placed on what was sent, the live preview of an incident channel's name, and the reminders in
// words (they follow each severity's status-update cadence, set with the severities).
import type { Severity } from "../api/client";
import { collect, sentence, type FieldErrors } from "../components/forms";
import { minutesWords } from "../durations";
import type { ChatSettings } from "./api/chat";

/** A severity and the channel its incidents are announced in instead. */
export interface SeverityRow {
  uid: number;
  /** "" until one is picked. */
  severity: string;
  channel: string;
}

export interface ChatForm {
  announcementChannel: string;
  announcementRows: SeverityRow[];
  incidentChannels: boolean;
  template: string;
  pinEmoji: string;
  archiveDays: string;
}

/** The server's limits (crates/core/src/chat/settings.rs and channel_name.rs). Slack caps a
 * channel's name at 80 characters. */
export const CHAT_LIMITS = { channel: 80, emoji: 100, maxArchiveDays: 365, slackName: 80 } as const;

export const PLACEHOLDERS = ["number", "reference", "title", "severity", "date"] as const;

/** Where a severity row's error shows: `announce-3.severity`, `announce-3.channel`. */
export const rowField = (uid: number, part: "severity" | "channel") => `announce-${uid}.${part}`;

let next = 1;
export const newRow = (severity = "", channel = ""): SeverityRow => ({ uid: next++, severity, channel });

/** The per-severity channels in the catalog's order (by rank); keys the catalog no longer has last. */
function rows(map: Record<string, string> | undefined, order: readonly string[]): SeverityRow[] {
  const rank = (key: string) => {
    const i = order.indexOf(key);
    return i < 0 ? order.length : i;
  };
  return Object.entries(map ?? {})
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([severity, channel]) => newRow(severity, channel));
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
  };
}

/** The PUT body: the whole settings, trimmed; no announcement channel is `null`. */
export function chatBody(f: ChatForm): ChatSettings {
  const channel = f.announcementChannel.trim();
  return {
    announcement_channel: channel ? channel : null,
    announcement_channels: Object.fromEntries(f.announcementRows.map((r) => [r.severity, r.channel.trim()])),
    incident_channels: f.incidentChannels,
    channel_name_template: f.template.trim(),
    pin_emoji: f.pinEmoji.trim().replace(/^:+|:+$/g, ""),
    archive_after_days: Number(f.archiveDays.trim()),
  };
}

const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : null);

/** The server's rule for a channel: its id (`C0123ABCD`), letters and digits, up to 80; a name
 * (`#incidents`) is refused, as the platform's calls need the id. */
function checkChannel(raw: string): string | null {
  const id = raw.trim();
  if (!id) return "Enter the channel's id, such as C0123ABCD.";
  if (id.startsWith("#")) return "That is the channel's name: enter its id, such as C0123ABCD, from the bottom of the channel's details in Slack.";
  if (!/^[A-Za-z0-9]+$/.test(id)) return "A channel id has only letters and digits, such as C0123ABCD.";
  if (id.length > CHAT_LIMITS.channel) return `This is ${id.length} characters long; at most ${CHAT_LIMITS.channel} are accepted.`;
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
  const seen = new Set<string>();
  for (const r of f.announcementRows) {
    checks[rowField(r.uid, "severity")] = !r.severity ? "Pick a severity." : seen.has(r.severity) ? `${r.severity} has a channel above already.` : null;
    seen.add(r.severity);
    checks[rowField(r.uid, "channel")] = checkChannel(r.channel);
  }
  return collect(checks);
}

/** The form's own fields a 422 may name as they are. */
const OWN = ["announcement_channel", "channel_name_template", "pin_emoji", "archive_after_days"] as const;

/** A 422's errors placed on the form as it was sent. The server names one field per refusal:
 * `channel_name_template`, `pin_emoji`, `archive_after_days` as they are; `announcement_channel`
 * also for a severity's channel, whose value it quotes, so the error goes to the row whose channel
 * it quotes; a path (`announcement_channels.SEV2`, a value of the wrong type) on that severity's
 * row. What names nothing the form shows (or a refusal with no fields) becomes the message. */
export function placeChatErrors(error: unknown, sent: ChatForm): { fields: FieldErrors; message: string | null } {
  const problem = (error ?? {}) as { detail?: string; errors?: { field: string; message: string }[] };
  const fields: FieldErrors = {};
  const other: string[] = [];
  const put = (key: string, message: string) => {
    fields[key] ??= sentence(message);
  };
  for (const e of problem.errors ?? []) {
    const path = /^announcement_channels(?:\.|\[)"?([^"\]]+)"?\]?$/.exec(e.field);
    if (e.field === "announcement_channel") {
      const quoted = sent.announcementRows.find((r) => e.message.includes(JSON.stringify(r.channel.trim())));
      const own = sent.announcementChannel.trim() && e.message.includes(JSON.stringify(sent.announcementChannel.trim()));
      if (quoted && !own) put(rowField(quoted.uid, "channel"), e.message);
      else put("announcement_channel", e.message);
    } else if ((OWN as readonly string[]).includes(e.field)) {
      put(e.field, e.message);
    } else if (path) {
      const r = sent.announcementRows.find((x) => x.severity === path[1]);
      put(r ? rowField(r.uid, "channel") : "announcement_channels", e.message);
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

/** How often each severity's incident manager is reminded, most severe first: "Every 15 min", or
 * null for a severity with no status-update cadence (never reminded). */
export function reminderCadences(severities: readonly Pick<Severity, "key" | "name" | "rank" | "update_every_minutes">[]): { key: string; name: string; every: string | null }[] {
  return [...severities]
    .sort((a, b) => a.rank - b.rank)
    .map((s) => ({ key: s.key, name: s.name, every: s.update_every_minutes ? `Every ${minutesWords(s.update_every_minutes)}` : null }));
}
