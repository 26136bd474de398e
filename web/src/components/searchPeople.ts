// Finding someone by part of their name or email: the person pickers and @mention completion.
import type { User } from "../api/client";

/** People whose name or email contains what was typed, best matches first (name starts). */
export function searchPeople(people: User[], query: string, limit = 8): User[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const q = fold(query.trim().replace(/^@/, ""));
  if (!q) return people.slice(0, limit);
  const scored: [number, User][] = [];
  for (const p of people) {
    const name = fold(p.name);
    const email = fold(p.email);
    const score = name.startsWith(q) || email.startsWith(q) ? 0 : name.split(/\s+/).some((w) => w.startsWith(q)) ? 1 : name.includes(q) || email.includes(q) ? 2 : -1;
    if (score >= 0) scored.push([score, p]);
  }
  return scored
    .sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name))
    .slice(0, limit)
    .map(([, p]) => p);
}
