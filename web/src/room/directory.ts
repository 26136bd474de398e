// The company directory in the shapes the room needs: names for event sentences, handles for
// @mentions, and the people who can be given a role.
import { useMemo } from "react";
import type { User } from "../api/client";
import type { Mentions } from "../markdown";
import { handleOf, usePeople } from "../people";

export interface Directory {
  /** Active users, for pickers: the deactivated can no longer be given a role. */
  active: User[];
  names: ReadonlyMap<number, string>;
  mentions: Mentions;
}

export function useDirectory(): Directory {
  const people = usePeople();
  return useMemo(() => {
    const mentions = new Map<string, { name: string }>();
    // Two people may share a local part on different domains; the first keeps the handle.
    for (const p of people) if (!mentions.has(handleOf(p))) mentions.set(handleOf(p), { name: p.name });
    return { active: people.filter((p) => p.active), names: new Map(people.map((p) => [p.id, p.name])), mentions };
  }, [people]);
}

/** Finding people by name or email, for the role picker and @mention completion. */
export { searchPeople } from "../components/searchPeople";

/** The @handle being typed just before the caret, if any: what mention completion completes.
 * An @ inside a word (an email address) starts nothing. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[^\p{L}\p{N}._+@-])@([\p{L}\p{N}._+-]*)$/u.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}
