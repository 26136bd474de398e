// The public reading page (`/read/:token`) in words: what it shows, and what a failed link says.
// Pure, tested beside.
import type { Rendering } from "../api/distribution";

/** What the reader was sent: the whole document, or its executive summary. */
export const renderingLabel = (rendering: Rendering): string => (rendering === "summary" ? "Executive summary" : "Postmortem");

/** What the page says when the link cannot be read. A 404 is the server's considered answer
 * (altered, or no longer shared with this reader): its detail says so, and asking again will not
 * help. Anything else may pass, so the page offers to try again. */
export function readingFailure(status: number, detail?: string): { title: string; text: string; retry: boolean } {
  if (status === 404) {
    return { title: "This link does not open a postmortem", text: detail ? capitalise(detail) : "This link is not valid: it was altered, or the postmortem is no longer shared with you.", retry: false };
  }
  if (status === 0) return { title: "Goldseam could not be reached", text: "Check the connection, then try again.", retry: true };
  return { title: "Something went wrong", text: detail ? capitalise(detail) : "The postmortem could not be loaded. Try again in a moment.", retry: true };
}

const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
