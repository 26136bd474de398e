// Comments and status updates are markdown written by anyone in the company, so they are rendered
// without raw HTML, then sanitized again: a comment must never run code or restyle the page.
// #tags link to the tag view and @handles of people in the directory are highlighted, except in
// code and inside links, where a `#` or an `@` is just a character.
import MarkdownIt from "markdown-it";
import type { StateCore, Token } from "markdown-it";
import DOMPurify from "dompurify";
import { tagPath } from "./route";

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

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
// Remote images would let any comment track who reads it; alt text is not worth that.
md.disable("image");

// Headings inside a comment sit below the room's own h1 and h2.
const headingOpen = md.renderer.rules.heading_open;
md.renderer.rules.heading_open = (tokens, idx, options, env, self) => {
  const t = tokens[idx];
  t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + 2)}`;
  return headingOpen ? headingOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
};
md.renderer.rules.mention = (tokens, idx) => {
  const t = tokens[idx];
  return `<span class="mention" title="${md.utils.escapeHtml(String(t.meta?.name ?? ""))}">${md.utils.escapeHtml(t.content)}</span>`;
};

function tagsAndMentions(state: StateCore) {
  const mentions: Mentions = (state.env as { mentions?: Mentions }).mentions ?? new Map();
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const children: Token[] = [];
    let inLink = 0;
    for (const t of block.children) {
      if (t.type === "link_open") inLink++;
      if (t.type === "link_close") inLink--;
      if (t.type !== "text" || inLink > 0) {
        children.push(t);
        continue;
      }
      const segments = splitSpecial(t.content, mentions);
      if (segments.length === 1 && segments[0].kind === "text") {
        children.push(t);
        continue;
      }
      for (const s of segments) {
        if (s.kind === "text") {
          const text = new state.Token("text", "", 0);
          text.content = s.text;
          children.push(text);
        } else if (s.kind === "tag") {
          const open = new state.Token("link_open", "a", 1);
          open.attrs = [
            ["href", tagPath(s.tag)],
            ["class", "tag"],
          ];
          const text = new state.Token("text", "", 0);
          text.content = s.text;
          children.push(open, text, new state.Token("link_close", "a", -1));
        } else {
          const mention = new state.Token("mention", "span", 0);
          mention.content = s.text;
          mention.meta = { name: s.name };
          children.push(mention);
        }
      }
    }
    block.children = children;
  }
}
// After text_join, so escaped characters and text runs are whole again, and after linkify, so
// URLs (and their #fragments) are links already.
md.core.ruler.push("tags_and_mentions", tagsAndMentions);

// A private instance: the hooks below must not leak into other users of DOMPurify.
const purify = typeof window === "undefined" ? null : DOMPurify(window);
purify?.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName !== "A") return;
  const href = node.getAttribute("href") ?? "";
  if (href.startsWith("/") && !href.startsWith("//")) {
    // In-app links (tags, rooms) are followed without a reload by the room's click handler.
    node.setAttribute("data-internal", "");
    node.removeAttribute("target");
  } else {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

/** Markdown as safe HTML: no raw HTML, no scripts or handlers, no images; #tags linked, @mentions
 * of `mentions` highlighted; external links open in a new tab without access to this one. */
export function renderMarkdown(source: string, mentions: Mentions = new Map()): string {
  if (!purify) throw new Error("renderMarkdown needs a DOM");
  const html = md.render(source, { mentions });
  return purify.sanitize(html, { FORBID_TAGS: ["img", "style", "form", "input", "button"], FORBID_ATTR: ["style"] });
}
