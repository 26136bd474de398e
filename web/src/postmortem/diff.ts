// A diff as a reader wants it: the changed lines with a few unchanged ones around them; long
// unchanged stretches fold into one row that can be opened.
import type { DiffLine } from "./api/versions";

export type DiffRow = { kind: "line"; line: DiffLine; at: number } | { kind: "fold"; at: number; lines: DiffLine[] };

/** The rows to show: every changed line, `context` unchanged lines either side of each change,
 * and a fold for each longer unchanged stretch (`at` is its first line's index, for keys and for
 * remembering which folds were opened). A fold of a single line is not worth one: it is shown. */
export function diffRows(lines: readonly DiffLine[], context = 3): DiffRow[] {
  const rows: DiffRow[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].op !== "=") {
      rows.push({ kind: "line", line: lines[i], at: i });
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end].op === "=") end++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = end === lines.length ? 0 : context;
    if (end - i - keepBefore - keepAfter <= 1) {
      for (let j = i; j < end; j++) rows.push({ kind: "line", line: lines[j], at: j });
    } else {
      for (let j = i; j < i + keepBefore; j++) rows.push({ kind: "line", line: lines[j], at: j });
      rows.push({ kind: "fold", at: i + keepBefore, lines: lines.slice(i + keepBefore, end - keepAfter) });
      for (let j = end - keepAfter; j < end; j++) rows.push({ kind: "line", line: lines[j], at: j });
    }
    i = end;
  }
  return rows;
}
