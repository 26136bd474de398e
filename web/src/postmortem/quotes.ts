// What of the timeline can be quoted into the postmortem, and in which words: a comment or status
// update by its (last edited) text, any other event by the sentence the room shows for it.
import type { JSONContent } from "@tiptap/core";
import { describeEvent, type TimelineEvent } from "../events";

export interface Quote {
  eventId: number;
  at: string;
  author: string;
  kind: string;
  text: string;
}

/** Newest first. Edits and deletions fold into their comment rather than being quotes of their own;
 * a deleted comment is not offered. */
export function quotesOf(events: readonly TimelineEvent[], people?: ReadonlyMap<number, string>, roles?: ReadonlyMap<string, string>, services?: ReadonlyMap<number, string>): Quote[] {
  const edited = new Map<number, string>();
  const deleted = new Set<number>();
  for (const e of events) {
    if (e.kind === "comment_edited") edited.set(e.data.comment_id, e.data.body);
    else if (e.kind === "comment_deleted") deleted.add(e.data.comment_id);
  }
  const quotes: Quote[] = [];
  for (const e of events) {
    if (e.kind === "comment_edited" || e.kind === "comment_deleted" || deleted.has(e.id)) continue;
    const text = e.kind === "comment_added" ? (edited.get(e.id) ?? e.data.body) : e.kind === "status_update" ? e.data.body : describeEvent(e, people, roles, services);
    quotes.push({ eventId: e.id, at: e.at, author: e.actor?.name ?? "Goldseam", kind: e.kind, text: text.trim() });
  }
  return quotes.reverse();
}

/** Quotes containing every word typed, in their text or their author's name. */
export function searchQuotes(quotes: readonly Quote[], query: string): Quote[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [...quotes];
  return quotes.filter((q) => {
    const hay = fold(`${q.text} ${q.author}`);
    return words.every((w) => hay.includes(w));
  });
}

/** What a thread is said to be about: the selected words, whitespace folded, at most the 500
 * characters the server takes (counted as it counts them, by code point). */
export function quoteOf(selected: string): string {
  const chars = [...selected.replace(/\s+/g, " ").trim()];
  if (!chars.length) return "…";
  return chars.length > 500 ? `${chars.slice(0, 499).join("")}…` : chars.join("");
}

/** The quoted words, line breaks kept as hard breaks (ProseMirror has no empty text nodes). */
export function quoteContent(text: string): JSONContent[] {
  const out: JSONContent[] = [];
  text.split("\n").forEach((line, i) => {
    if (i > 0) out.push({ type: "hardBreak" });
    if (line) out.push({ type: "text", text: line });
  });
  return out;
}
