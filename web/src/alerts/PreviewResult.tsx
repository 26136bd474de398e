import { alertStatusWord, keySourceWord, severityWord } from "../alertWords";
import type { PreviewAnswer } from "./api/integrations";

const label = (field: string) => field.replace(/_/g, " ");

/** What the mapping made of the sample: the alert's fields, its dedup key, the route and group
 * key it would take; or what refuses it, field by field, and what was adjusted. */
export function PreviewResult({ answer }: { answer: PreviewAnswer }) {
  const p = answer.preview;
  const labels = Object.entries(p.labels);
  const annotations = Object.entries(p.annotations);
  return (
    <div className="preview-result" aria-labelledby="preview-heading" role="region">
      <h3 id="preview-heading">{p.accepted ? "The sample would be accepted" : "The sample would be refused"}</h3>
      {p.errors.length > 0 && (
        <ul className="preview-errors" aria-label="Errors">
          {p.errors.map((e, n) => (
            <li key={n} className="error">
              <strong>{label(e.field)}</strong>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {p.warnings.length > 0 && (
        <ul className="preview-warnings" aria-label="Warnings">
          {p.warnings.map((w, n) => (
            <li key={n}>
              <strong>{label(w.field)}</strong>: {w.message}
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <Fact term="Summary" value={p.summary} />
        <Fact term="Status" value={p.status ? alertStatusWord(p.status) : null} />
        <Fact term="Severity" value={p.severity ? severityWord(p.severity) : null} />
        <Fact term="Source" value={p.source} />
        <Fact term="Link" value={p.link} />
        <Fact term="Dedup key" value={p.dedup_key} mono extra={p.key_from ? ` (from ${keySourceWord(p.key_from)})` : ""} />
        <Fact term="Route" value={answer.route} />
        <Fact term="Group key" value={answer.group_key} mono />
        {labels.length > 0 && <Fact term="Labels" value={labels.map(([k, v]) => `${k}=${v}`).join(", ")} mono />}
        {annotations.length > 0 && <Fact term="Annotations" value={annotations.map(([k, v]) => `${k}: ${v}`).join("; ")} />}
      </dl>
    </div>
  );
}

function Fact({ term, value, mono, extra = "" }: { term: string; value: string | null | undefined; mono?: boolean; extra?: string }) {
  if (value == null || value === "") return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>
        {mono ? <code className="mono">{value}</code> : value}
        {extra}
      </dd>
    </>
  );
}
