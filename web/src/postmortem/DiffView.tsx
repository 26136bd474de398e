import { useEffect, useRef, useState } from "react";
import type { DiffLine } from "./api/versions";
import { diffRows } from "./diff";

const WORDS: Record<string, string> = { "+": "added", "-": "removed" };

/** What changed between two versions, a line of Markdown per row, long unchanged stretches
 * folded. Added and removed lines carry a +/- marker and say "added"/"removed" to screen readers
 * (<ins>/<del> are not announced by most), so nothing rests on colour alone. */
export function DiffView({ lines, from, to }: { lines: DiffLine[]; from: number; to: number }) {
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  // The button pressed is gone once its lines show: the keyboard goes to the first of them.
  const list = useRef<HTMLOListElement>(null);
  const [reveal, setReveal] = useState<number | null>(null);
  useEffect(() => {
    if (reveal === null) return;
    list.current?.querySelector<HTMLElement>(`[data-at="${reveal}"]`)?.focus();
  }, [reveal]);
  const added = lines.filter((l) => l.op === "+").length;
  const removed = lines.filter((l) => l.op === "-").length;
  return (
    <div className="pm-diff-wrap">
      <p className="muted">
        From version {from} to version {to}: {added === 1 ? "1 line" : `${added} lines`} added, {removed === 1 ? "1 line" : `${removed} lines`} removed.
      </p>
      {added + removed === 0 ? (
        <p>These versions are the same.</p>
      ) : (
        <ol ref={list} className="pm-diff" aria-label={`Changes from version ${from} to version ${to}`}>
          {diffRows(lines).flatMap((row) =>
            row.kind === "line"
              ? [<Line key={row.at} line={row.line} />]
              : opened.has(row.at)
                ? row.lines.map((l, i) => <Line key={row.at + i} line={l} at={i === 0 ? row.at : undefined} />)
                : [
                    <li key={`fold-${row.at}`} className="diff-fold">
                      <button
                        type="button"
                        onClick={() => {
                          setOpened((all) => new Set(all).add(row.at));
                          setReveal(row.at);
                        }}
                      >
                        Show {row.lines.length} unchanged lines
                      </button>
                    </li>,
                  ],
          )}
        </ol>
      )}
    </div>
  );
}

/** `at`: the first line of an opened fold, which takes the keyboard. */
function Line({ line, at }: { line: DiffLine; at?: number }) {
  const word = WORDS[line.op];
  const text = line.text || "\u00a0";
  return (
    <li className={word ? `diff-${word}` : "diff-same"} {...(at !== undefined ? { "data-at": at, tabIndex: -1 } : {})}>
      <span className="diff-marker" aria-hidden="true">
        {word ? line.op : " "}
      </span>
      {word && <span className="visually-hidden">{word}: </span>}
      {line.op === "+" ? <ins>{text}</ins> : line.op === "-" ? <del>{text}</del> : <span>{text}</span>}
    </li>
  );
}
