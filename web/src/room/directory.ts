// Mention completion in the room: finding people (shared with every person picker) and the
// @handle being typed. The directory itself is src/api/people.ts.

/** Finding people by name or email, for the role picker and @mention completion. */
export { searchPeople } from "../components/searchPeople";

/** The @handle being typed just before the caret, if any: what mention completion completes.
 * An @ inside a word (an email address) starts nothing. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[^\p{L}\p{N}._+@-])@([\p{L}\p{N}._+-]*)$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}
