// Comments and status updates are markdown written by anyone in the company, so they are rendered
// without raw HTML, then sanitized again: a comment must never run code or restyle the page.
// #tags link to the tag view and @handles of people in the directory are highlighted, except in
// code and inside links, where a `#` or an `@` is just a character.
import MarkdownIt from "markdown-it";
import type { StateCore, Token } from "markdown-it";
import DOMPurify from "dompurify";
import { tagPath } from "./route";
import { splitSpecial, type Mentions } from "./special";

export { splitSpecial, type Mentionable, type Mentions, type Segment } from "./special";

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
