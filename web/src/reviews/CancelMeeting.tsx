import { useEffect, useRef, useState, type FormEvent } from "react";
import { Field } from "../components/Field";
import { problemText } from "../components/forms";
import { useCancelMeeting, type Review } from "./api/review";

/** Calls the meeting off: asks why first (every attendee is sent the reason with the
 * cancellation), and gives the keyboard back to the opening button when stepping back. */
export function CancelMeeting({ reference, onCancelled }: { reference: string; onCancelled: (after: Review) => void }) {
  const cancel = useCancelMeeting(reference);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const back = useRef(false);
  useEffect(() => {
    if (!asking && back.current) opener.current?.focus();
    back.current = false;
  }, [asking]);

  const close = () => {
    back.current = true;
    setAsking(false);
    setError(null);
    setReason("");
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const text = reason.trim();
    if (!text) {
      setError("Say why: the reason goes to everyone invited.");
      return;
    }
    setError(null);
    try {
      onCancelled(await cancel.mutateAsync(text));
    } catch (err) {
      setError(problemText(err));
    }
  }

  if (!asking) {
    return (
      <div className="rv-actions">
        <button type="button" ref={opener} className="danger" onClick={() => setAsking(true)}>
          Cancel the meeting…
        </button>
      </div>
    );
  }
  return (
    <form className="rv-cancel" aria-label="Cancel the meeting" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && close()} noValidate>
      <Field label="Why is it cancelled?" hint="Sent to everyone invited, with the cancellation their calendar understands." error={error ?? undefined}>
        {(c) => <textarea {...c} autoFocus rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="rv-actions">
        <button type="submit" className="danger" disabled={cancel.isPending}>
          Cancel the meeting
        </button>
        <button type="button" onClick={close}>
          Keep it
        </button>
      </div>
    </form>
  );
}
