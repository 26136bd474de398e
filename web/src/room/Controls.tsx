import { useRef, useState, type FormEvent } from "react";
import type { Incident } from "../api/client";
import { statusOf } from "../api/errors";
import { problemText } from "../components/forms";
import { useApp } from "../context";
import { needsNote, nextStatuses, type Status } from "../lifecycle";
import type { Act } from "./act";
import { useUpdateIncident } from "./api/changes";
import { VisibilityForm } from "./VisibilityForm";

/** Severity and status: the two changes everyone watching cares about. */
export function Controls({ incident, act }: { incident: Incident; act: Act }) {
  const { severities } = useApp();
  const [moving, setMoving] = useState<Status | null>(null);
  const [note, setNote] = useState("");
  const { mutateAsync: update } = useUpdateIncident(incident.reference);
  // Making a public incident private; a private one is made public where its viewers are listed.
  const [hiding, setHiding] = useState(false);
  const hide = useRef<HTMLButtonElement>(null);
  // Closing is refused (409) while the incident still owes learning steps: the server's detail
  // names them, and it is shown here, beside the button that was pressed, not at the page's top.
  const [closeRefused, setCloseRefused] = useState<string | null>(null);

  async function moveTo(to: Status) {
    if (to !== "closed") return act(update({ status: to }));
    setCloseRefused(null);
    try {
      await update({ status: to });
    } catch (e) {
      if (statusOf(e) === 409) setCloseRefused(problemText(e));
      else void act(Promise.reject(e));
    }
  }

  async function move(e: FormEvent) {
    e.preventDefault();
    if (!moving) return;
    const body = { status: moving, ...(note.trim() ? { reason: note } : {}) };
    if (await act(update(body))) {
      setMoving(null);
      setNote("");
    }
  }

  return (
    <div className="controls">
      <label>
        Severity
        <select value={incident.severity} onChange={(e) => act(update({ severity: e.target.value }))}>
          {severities.map((s) => (
            <option key={s.key} value={s.key} title={s.description}>
              {s.key} · {s.name}
            </option>
          ))}
        </select>
      </label>
      <span className="status-moves">
        {nextStatuses(incident.status).map((s) => (
          <button key={s} aria-expanded={needsNote(s) ? moving === s : undefined} onClick={() => (needsNote(s) ? setMoving(moving === s ? null : s) : moveTo(s))}>
            {s === "active" && incident.status !== "triage" ? "Reopen / back to active" : `Mark ${s}`}
          </button>
        ))}
      </span>
      {closeRefused && incident.status === "resolved" && (
        <p role="alert" className="error close-refused">
          Not closed. {closeRefused}{" "}
          <button type="button" className="small" onClick={() => setCloseRefused(null)}>
            Dismiss
          </button>
        </p>
      )}
      {!incident.private && (
        <button type="button" ref={hide} aria-expanded={hiding} onClick={() => setHiding(!hiding)}>
          Make private…
        </button>
      )}
      {moving && (
        <form onSubmit={move} className="panel status-note" aria-label={`Mark ${moving}`} onKeyDown={(e) => e.key === "Escape" && setMoving(null)}>
          <label>
            {moving === "resolved" ? "What fixed it?" : "Why was it a false alarm?"}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} required autoFocus rows={2} />
          </label>
          <button type="submit">Mark {moving}</button>{" "}
          <button type="button" onClick={() => setMoving(null)}>
            Cancel
          </button>
        </form>
      )}
      {hiding && !incident.private && (
        <div className="panel visibility-panel">
          <VisibilityForm
            reference={incident.reference}
            makePrivate
            onDone={(changed) => {
              setHiding(false);
              if (!changed) setTimeout(() => hide.current?.focus(), 0);
            }}
          />
        </div>
      )}
    </div>
  );
}
