import type { Row } from "./mapping";

/** Labels or annotations: a name and a template per row; a row added, changed or removed. */
export function MappingRows({ what, rows, errors, onChange }: { what: "Labels" | "Annotations"; rows: Row[]; errors: Record<string, string>; onChange: (rows: Row[]) => void }) {
  const key = what.toLowerCase();
  const set = (n: number, change: Partial<Row>) => onChange(rows.map((r, i) => (i === n ? { ...r, ...change } : r)));
  return (
    <fieldset className="mapping-rows">
      <legend>{what}</legend>
      {rows.length === 0 && <p className="muted">None.</p>}
      {rows.map((r, n) => {
        const error = errors[`${key}.${r.name.trim()}`];
        const errorId = `${key}-${n}-error`;
        return (
          <div key={n} className="form-row">
            <input aria-label={`${what}: name ${n + 1}`} value={r.name} autoComplete="off" onChange={(e) => set(n, { name: e.target.value })} />
            <input
              aria-label={`${what}: template ${n + 1}`}
              className="mono grow"
              value={r.template}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => set(n, { template: e.target.value })}
              {...(error ? { "aria-invalid": true, "aria-describedby": errorId } : {})}
            />
            <button type="button" className="small" onClick={() => onChange(rows.filter((_, i) => i !== n))}>
              Remove
            </button>
            {error && (
              <p id={errorId} className="error field-error wide">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <button type="button" className="small" onClick={() => onChange([...rows, { name: "", template: "" }])}>
        Add {what === "Labels" ? "a label" : "an annotation"}
      </button>
    </fieldset>
  );
}
