// #tags and @mentions in plain text, by the server's rules: shared by the markdown renderer and
// by forms that read tags out of what people type (the declare form's title), without loading
// the renderer.

/** Someone who can be @mentioned: the display name for the mention's title. */
export interface Mentionable {
  name: string;
}

/** Mention handles (lowercase email local parts) to people. */
export type Mentions = ReadonlyMap<string, Mentionable>;

export type Segment = { kind: "text"; text: string } | { kind: "tag"; text: string; tag: string } | { kind: "mention"; text: string; name: string };

// The server's rule (crates/core/src/tags.rs): Rust's `char::is_alphanumeric` is Alphabetic or a
// numeric general category, which these Unicode properties match exactly.
const TAG_CHAR = /^[\p{Alphabetic}\p{N}_-]$/u;
// The combining diacritical blocks count too, since lowercasing `İ` yields `i` and U+0307.
const COMBINING: [number, number][] = [
  [0x300, 0x36f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];
const isTagChar = (c: string) => TAG_CHAR.test(c) || COMBINING.some(([lo, hi]) => (c.codePointAt(0) ?? 0) >= lo && (c.codePointAt(0) ?? 0) <= hi);
const LETTER = /^\p{Alphabetic}$/u;
const MAX_TAG_CHARS = 64;
const HANDLE_CHAR = /^[\p{L}\p{N}._+-]$/u;
// An @ right after these belongs to an email address or a word, not a mention.
const BEFORE_MENTION = /^[\p{L}\p{N}._+@-]$/u;

/** Splits plain text into text, #tags and @mentions of known people. */
export function splitSpecial(text: string, mentions: Mentions = new Map()): Segment[] {
  if (!text.includes("#") && !text.includes("@")) return [{ kind: "text", text }];
  const chars = Array.from(text);
  const out: Segment[] = [];
  let plain = "";
  const push = (s: Segment) => {
    if (plain) out.push({ kind: "text", text: plain });
    plain = "";
    out.push(s);
  };
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    const before = i > 0 ? chars[i - 1] : "";
    if (c === "#" && !(before && (isTagChar(before) || before === "#"))) {
      let j = i + 1;
      while (j < chars.length && isTagChar(chars[j])) j++;
      // A trailing '-' or '_' is punctuation after the tag ("#db-"), as on the server.
      let end = j;
      while (end > i + 1 && (chars[end - 1] === "-" || chars[end - 1] === "_")) end--;
      const word = chars.slice(i + 1, end);
      const typed = word.join("");
      // The limit applies to the stored, lowercased form, which can be longer.
      const tag = typed.toLowerCase();
      if (word.length > 0 && Array.from(tag).length <= MAX_TAG_CHARS && word.some((w) => LETTER.test(w))) {
        push({ kind: "tag", text: `#${typed}`, tag });
        plain = chars.slice(end, j).join("");
      } else {
        plain += chars.slice(i, j).join("");
      }
      i = j;
      continue;
    }
    if (c === "@" && !(before && BEFORE_MENTION.test(before))) {
      let j = i + 1;
      while (j < chars.length && HANDLE_CHAR.test(chars[j])) j++;
      // "@bo." ends a sentence: try shorter handles without trailing punctuation.
      let end = j;
      let person: Mentionable | undefined;
      while (end > i + 1) {
        person = mentions.get(chars.slice(i + 1, end).join("").toLowerCase());
        if (person || !/[._+-]/.test(chars[end - 1])) break;
        end--;
      }
      if (person) {
        push({ kind: "mention", text: chars.slice(i, end).join(""), name: person.name });
        i = end;
        continue;
      }
      plain += chars.slice(i, j).join("");
      i = j;
      continue;
    }
    plain += c;
    i++;
  }
  if (plain) out.push({ kind: "text", text: plain });
  return out;
}
