// The server's HTML export is sanitized where it is made; it is sanitized again here before it
// goes into the page, so the page never trusts markup it did not check itself.
import DOMPurify from "dompurify";

// A private instance: the hooks below must not leak into other users of DOMPurify.
const purify = typeof window === "undefined" ? null : DOMPurify(window);
purify?.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
  // Task list boxes are pictures of a state, not controls: named, so they are read as one.
  if (node.tagName === "INPUT") {
    node.setAttribute("disabled", "");
    node.setAttribute("aria-label", node.hasAttribute("checked") ? "Done" : "Not done");
  }
});

/** The export as HTML safe to put into the page: no scripts, handlers, styles (the
 * Content-Security-Policy refuses inline ones), forms or images. */
export function cleanExport(html: string): string {
  if (!purify) throw new Error("cleanExport needs a DOM");
  return purify.sanitize(html, { FORBID_TAGS: ["style", "form", "button", "img", "textarea", "select"], FORBID_ATTR: ["style"] });
}
