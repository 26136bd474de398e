import { useState, type FormEvent } from "react";
import { api, type Incident } from "../api/client";
import { useApp } from "../context";
import { needsNote, nextStatuses, type Status } from "../lifecycle";
import type { Act } from "./act";

/** Severity and status: the two changes everyone watching cares about. */
export function Controls({ incident, act }: { incident: Incident; act: Act }) {
  const { severities } = useApp();
  const [moving, setMoving] = useState<Status | null>(null);
  const [note, setNote] = useState("");
  const path = { params: { path: { ref: incident.reference } } };

  async function move(e: FormEvent) {
    e.preventDefault();
    if (!moving) return;
    const body = { status: moving, ...(note.trim() ? { reason: note } : {}) };
    if (await act(api.PATCH("/api/v1/incidents/{ref}", { ...path, body }))) {
      setMoving(null);
      setNote("");
    }
  }

  return (
    <div className="controls">
      <label>
        Severity
        <select value={incident.severity} onChange={(e) => act(api.PATCH("/api/v1/incidents/{ref}", { ...path, body: { severity: e.target.value } }))}>
          {severities.map((s) => (
            <option key={s.key} value={s.key} title={s.description}>
              {s.key} · {s.name}
            </option>
          ))}
        </select>
      </label>
      <span className="status-moves">
        {nextStatuses(incident.status).map((s) => (
          <button
            key={s}
            aria-expanded={needsNote(s) ? moving === s : undefined}
            onClick={() => (needsNote(s) ? setMoving(moving === s ? null : s) : act(api.PATCH("/api/v1/incidents/{ref}", { ...path, body: { status: s } })))}
          >
            {s === "active" && incident.status !== "triage" ? "Reopen / back to active" : `Mark ${s}`}
          </button>
        ))}
      </span>
      {moving && (
        <form onSubmit={move} className="panel status-note" aria-label={`Mark ${moving}`} onKeyDown={(e) => e.key === "Escape" && setMoving(null)}>
          <label>
            {moving === "resolved" ? "What fixed it?" : "Why was it a false alarm?"}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} required autoFocus rows={2} />
          </label>
          <button type="submit">Mark {moving}</button> <button type="button" onClick={() => setMoving(null)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
