import type { DiffLine } from "./api/versions";

const WORDS: Record<string, string> = { "+": "added", "-": "removed" };

/** What changed between two versions, a line of Markdown per row. Added and removed lines carry
 * a +/- marker and say "added"/"removed" to screen readers (<ins>/<del> are not announced by
 * most), so nothing rests on colour alone. */
export function DiffView({ lines, from, to }: { lines: DiffLine[]; from: number; to: number }) {
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
        <ol className="pm-diff" aria-label={`Changes from version ${from} to version ${to}`}>
          {lines.map((l, i) => {
            const word = WORDS[l.op];
            const text = l.text || "\u00a0";
            return (
              <li key={i} className={word ? `diff-${word}` : "diff-same"}>
                <span className="diff-marker" aria-hidden="true">
                  {word ? l.op : " "}
                </span>
                {word && <span className="visually-hidden">{word}: </span>}
                {l.op === "+" ? <ins>{text}</ins> : l.op === "-" ? <del>{text}</del> : <span>{text}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
