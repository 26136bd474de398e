// Paged lists that stay live must not lose the older pages someone already loaded with "Load
// more". The incidents list now refreshes every loaded page from the first (usePagedList in
// src/api/cursor.ts) and joins them with appendPage. mergeRefresh, the one-request refresh it used
// before, is no longer called; it stays with its tests until the team decides to drop both.
import type { Incident } from "../api/client";

export interface Loaded {
  items: Incident[];
  next: string | null;
}

/** Folds a fresh first page into what is shown. Lists are newest first by id, so the fresh page
 * is the truth for every id down to its last one; older items already loaded stay as they were.
 * When so many were declared meanwhile that the fresh page does not reach what is shown, keeping
 * the old items would leave a hole: the fresh page alone is shown, with its own cursor. */
export function mergeRefresh(shown: Loaded, fresh: Loaded): Loaded {
  const last = fresh.items.at(-1);
  if (!fresh.next || !last) return fresh;
  const [top, bottom] = [shown.items.at(0), shown.items.at(-1)];
  if (!top || !bottom || bottom.id >= last.id || top.id < last.id) return fresh;
  return { items: [...fresh.items, ...shown.items.filter((i) => i.id < last.id)], next: shown.next };
}

/** Appends an older page, ignoring anything already shown (a refresh may have pulled it in). */
export function appendPage(shown: Loaded, older: Loaded): Loaded {
  const ids = new Set(shown.items.map((i) => i.id));
  return { items: [...shown.items, ...older.items.filter((i) => !ids.has(i.id))], next: older.next };
}
