import { useId, useRef, useState, type FormEvent } from "react";
import type { FollowUp, FollowUpChanges } from "../../api/followUps";
import { followUpStatusLabel, isFollowUpStatus, type FollowUpStatus } from "../../followUpWords";
import { problemText } from "../forms";

/** The moves that make sense from each status: start it, finish it, drop it (with a reason), or
 * take a closed one up again. Committing asks the server for an owner and a due date; if one is
 * missing, its refusal says so beside the buttons. */
interface Move {
  to: FollowUpStatus;
  label: string;
  /** The button's whole name, naming the follow-up (several rows each have a "Done"). */
  named: (what: string) => string;
}
const COMMIT: Move = { to: "committed", label: "Commit", named: (w) => `Commit to ${w}` };
const START: Move = { to: "in_progress", label: "Start", named: (w) => `Start ${w}` };
const DONE: Move = { to: "done", label: "Done", named: (w) => `Mark ${w} done` };
const REOPEN: Move = { to: "committed", label: "Reopen", named: (w) => `Reopen ${w}` };
const MOVES: Record<FollowUpStatus, Move[]> = { proposed: [COMMIT], committed: [START, DONE], in_progress: [DONE], done: [REOPEN], wont_do: [REOPEN] };

const DONE_WORDS: Partial<Record<FollowUpStatus, string>> = { committed: "committed", in_progress: "in progress", done: "done", wont_do: "won't do" };

/** A follow-up's status buttons. "Won't do" first asks why (the server requires a reason, and the
 * timeline shows it). `onChange` sends the change and throws the server's refusal; `onChanged`
 * hears what was done, for a list the follow-up may leave (with these buttons) once changed. */
export function StatusActions({ followUp, onChange, onChanged }: { followUp: FollowUp; onChange: (changes: FollowUpChanges) => Promise<unknown>; onChanged?: (sentence: string) => void }) {
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  const wontDo = useRef<HTMLButtonElement>(null);
  const status = followUp.status;
  const open = status !== "done" && status !== "wont_do";
  const what = `“${followUp.title}”`;

  async function move(changes: FollowUpChanges) {
    setBusy(true);
    setError(null);
    setDone("");
    try {
      await onChange(changes);
      const sentence = `${followUp.title}: ${(isFollowUpStatus(changes.status) ? DONE_WORDS[changes.status] : undefined) ?? followUpStatusLabel(changes.status!)}.`;
      // Said once: by the list when it listens, here otherwise.
      if (onChanged) onChanged(sentence);
      else setDone(sentence);
      setAsking(false);
      setReason("");
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  }

  const submitReason = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError("Say why it won't be done.");
      return;
    }
    void move({ status: "wont_do", reason: reason.trim() });
  };
  const cancel = () => {
    setAsking(false);
    setError(null);
    setTimeout(() => wontDo.current?.focus(), 0);
  };

  return (
    <div className="fu-actions">
      <div className="actions" role="group" aria-label={`Status of ${what}`}>
        {MOVES[status]?.map((m) => (
          <button key={m.to} type="button" className="small" disabled={busy} onClick={() => move({ status: m.to })} aria-label={m.named(what)}>
            {m.label}
          </button>
        ))}
        {open && (
          <button type="button" className="small" ref={wontDo} disabled={busy} aria-expanded={asking} onClick={() => setAsking(!asking)} aria-label={`Won't do ${what}…`}>
            Won't do…
          </button>
        )}
      </div>
      {asking && (
        <form className="fu-reason" onSubmit={submitReason} onKeyDown={(e) => e.key === "Escape" && cancel()} aria-label={`Why ${what} won't be done`} noValidate>
          <label htmlFor={`${id}-reason`}>Why won't it be done?</label>
          <input id={`${id}-reason`} value={reason} autoFocus maxLength={2000} required aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="small" disabled={busy}>
            Won't do
          </button>
          <button type="button" className="small" onClick={cancel}>
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="error fu-action-error">
          {error}
        </p>
      )}
      <p role="status" className="visually-hidden">
        {done}
      </p>
    </div>
  );
}
