// The public answer page (`/rsvp/:token`) in words: its buttons, what a link's `?answer=` asks,
// the meeting's state, and what a failed link says. Pure, tested beside.
import type { Answer } from "../reviewWords";

/** The three buttons, in the order calendar clients show them. */
export const ANSWERS: readonly { answer: Answer; label: string }[] = [
  { answer: "accepted", label: "Accept" },
  { answer: "declined", label: "Decline" },
  { answer: "tentative", label: "Maybe" },
];

/** The answer an email's link names (`accepted`, `declined`, `tentative`, or the words people
 * write: `accept`, `decline`, `maybe`); null for anything else. */
export function parseAnswer(raw: string | null): Answer | null {
  switch (raw?.trim().toLowerCase()) {
    case "accepted":
    case "accept":
    case "yes":
      return "accepted";
    case "declined":
    case "decline":
    case "no":
      return "declined";
    case "tentative":
    case "maybe":
      return "tentative";
    default:
      return null;
  }
}

/** What the page says above the time when the meeting is not simply booked: moved (its
 * invitation was sent again), cancelled or held. Null for a first booking. */
export function stateNotice(state: string, sequence: number): { title: string; text: string } | null {
  if (state === "cancelled") return { title: "Cancelled.", text: "This review meeting will not take place; there is nothing to answer." };
  if (state === "held") return { title: "Held.", text: "This review meeting has taken place." };
  if (state === "booked" && sequence > 0) return { title: "Moved.", text: "This is its new time: answer for it." };
  return null;
}

/** What the page says when the link cannot be read. A 404 is the server's considered answer (an
 * altered link, or someone no longer invited): asking again will not help. */
export function invitationFailure(status: number, detail?: string): { title: string; text: string; retry: boolean } {
  if (status === 404) return { title: "This link does not open an invitation", text: detail ? capitalise(detail) : "This link is not valid: it was altered, or you are no longer invited.", retry: false };
  if (status === 0) return { title: "Goldseam could not be reached", text: "Check the connection, then try again.", retry: true };
  return { title: "Something went wrong", text: detail ? capitalise(detail) : "The invitation could not be loaded. Try again in a moment.", retry: true };
}

const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
