// The review meeting in words: its times, answers and states, and the activity log's sentences
// about it ("Goldseam booked the review for Thu 3 Dec 16:00", "Bo declined the review
// invitation"). Shared by the activity log (events.ts), the postmortem page's review panel, the
// public answer page (/rsvp/:token) and settings, so all of them say the same thing the same way.
import type { components } from "./api/schema";

export type Answer = components["schemas"]["Answer"];

const ANSWER_LABELS: Record<Answer, string> = { accepted: "Accepted", declined: "Declined", tentative: "Maybe" };

/** "Accepted", "Declined", "Maybe"; "No answer yet" when none was given. */
export const answerLabel = (answer: Answer | null | undefined): string => (answer ? (ANSWER_LABELS[answer] ?? answer) : "No answer yet");

function parts(at: Date, timeZone: string | undefined) {
  const fields = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => fields.find((p) => p.type === type)?.value ?? "";
  return { weekday: get("weekday"), day: get("day"), month: get("month"), year: get("year"), time: `${get("hour")}:${get("minute")}` };
}

/** "Thu 3 Dec 16:00" in `timeZone` (the viewer's when absent), with the year when it is not the
 * year of `now` there. Always this shape, so a sentence reads the same on every browser. */
export function meetingTime(at: string | Date, timeZone?: string, now: Date = new Date()): string {
  const p = parts(typeof at === "string" ? new Date(at) : at, timeZone);
  const year = p.year !== parts(now, timeZone).year ? ` ${p.year}` : "";
  return `${p.weekday} ${p.day} ${p.month}${year} ${p.time}`;
}

/** "Thu 3 Dec 16:00–17:00"; the end's day too when the meeting crosses midnight there. */
export function meetingSpan(start: string, end: string, timeZone?: string, now: Date = new Date()): string {
  const a = parts(new Date(start), timeZone);
  const b = parts(new Date(end), timeZone);
  const sameDay = a.day === b.day && a.month === b.month && a.year === b.year;
  return `${meetingTime(start, timeZone, now)}–${sameDay ? b.time : meetingTime(end, timeZone, now)}`;
}

/** The browser's zone ("Europe/Berlin"), or undefined when it cannot say. */
export function browserZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** Whether `zone` is a zone this browser knows (a profile may name one it does not). */
export function knownZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A meeting's state as a word: booked (moved, once its invitation was sent again), cancelled or held. */
export function meetingStateLabel(state: string, sequence: number): string {
  if (state === "cancelled") return "Cancelled";
  if (state === "held") return "Held";
  if (state === "booked") return sequence > 0 ? "Moved" : "Booked";
  return state;
}

type Data = Record<string, unknown>;

/** Why a move happened, as the end of "… moved the review to Fri 4 Dec 10:00": " because Bo
 * declined" for the assistant's own words, " (the reason)" otherwise, nothing for a time chosen
 * by hand without one. Only the first clause: the rest is the picker's ranking. */
function why(reason: unknown): string {
  const first = typeof reason === "string" ? reason.split(";")[0].trim() : "";
  if (!first || first === "chosen by hand") return "";
  const because = /^moved because (.+)$/i.exec(first);
  return because ? ` because ${because[1]}` : ` (${first})`;
}

/** The activity log's sentence for the review events, after deciding who: `who` is the actor's
 * name (or "Goldseam"), `name` names a user by id, `at` is when the event happened (a booking's
 * year is said when it is not that year). Null for other kinds. */
export function reviewEventSentence(kind: string, data: Data, who: string, actorId: number | null, name: (id: number) => string, at: string, timeZone?: string): string | null {
  const when = (t: unknown) => meetingTime(String(t), timeZone, new Date(at));
  switch (kind) {
    case "review_scheduled":
      return Number(data.sequence) > 0 ? `${who} moved the review to ${when(data.start)}${why(data.reason)}` : `${who} booked the review for ${when(data.start)}`;
    case "review_cancelled": {
      const reason = typeof data.reason === "string" ? data.reason.trim() : "";
      return `${who} cancelled the review${reason ? `: ${reason}` : ""}`;
    }
    case "review_answered": {
      // The answer is the attendee's own: named by the event when the actor is not given.
      const person = actorId !== null && actorId === Number(data.user_id) ? who : name(Number(data.user_id));
      if (data.answer === "accepted") return `${person} accepted the review invitation`;
      if (data.answer === "declined") return `${person} declined the review invitation`;
      if (data.answer === "tentative") return `${person} answered maybe to the review invitation`;
      return `${person} answered the review invitation`;
    }
    case "review_meeting_held": {
      const attended = Array.isArray(data.attended) ? data.attended.map(Number) : null;
      if (actorId !== null) return `${who} recorded the review meeting as held`;
      if (attended?.length) return `The review meeting was held, with ${joinNames(attended.map(name))}`;
      return "The review meeting was held";
    }
    default:
      return null;
  }
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
