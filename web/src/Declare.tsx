import { useState, type FormEvent } from "react";
import { api, describeProblem, type Severity } from "./api/client";

/** Title and severity are all it takes; each severity says when to pick it. */
export function Declare({
  severities,
  onDeclared,
  onCancel,
}: {
  severities: Severity[];
  onDeclared: (reference: string) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState("");
  const [error, setError] = useState<string | null>(null);
  const chosen = severities.find((s) => s.key === severity);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { data, error } = await api.POST("/api/v1/incidents", {
      body: { title, severity },
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    if (data) onDeclared(data.reference);
    else setError(describeProblem(error));
  }

  return (
    <form onSubmit={submit} aria-label="Declare an incident" className="panel">
      <label>
        What is wrong?
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required autoFocus />
      </label>
      <label>
        How bad is it?
        <select value={severity} onChange={(e) => setSeverity(e.target.value)} required>
          <option value="">Choose a severity</option>
          {severities.map((s) => (
            <option key={s.key} value={s.key}>
              {s.key} · {s.name}
            </option>
          ))}
        </select>
      </label>
      {chosen && <p className="muted">{chosen.description}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" className="declare">Declare</button> <button type="button" onClick={onCancel}>Cancel</button>
    </form>
  );
}
