import { useId, useState, type FormEvent } from "react";
import type { Incident } from "../api/client";
import { statusOf } from "../api/errors";
import { useFeedback, useSubmitFeedback, type Feedback } from "../api/learning";
import { Field } from "../components/Field";
import { splitProblem } from "../components/forms";
import { QueryError } from "../components/QueryState";
import { FEEDBACK_QUESTION, SCORE_WORDS, scoreWords } from "../learningWords";
import { COMMENT_MAX, feedbackBody } from "./learning";

/**
 * Once the incident is resolved or closed, the people who took part are asked, optionally, how
 * well the response went (1 to 5, and a comment). Only participants may answer: the server says
 * 403 to anyone else, and then the card is not shown at all. 404 means not answered yet.
 */
export function FeedbackCard({ incident }: { incident: Incident }) {
  const over = incident.status === "resolved" || incident.status === "closed";
  const mine = useFeedback(incident.reference, over);
  const [editing, setEditing] = useState(false);
  if (!over || mine.data === undefined) {
    const refused = statusOf(mine.error);
    // 403: not a participant; 409: not over yet (the status moved under us). Neither is an error to show.
    if (mine.error == null || refused === 403 || refused === 409 || mine.isFetching) return null;
    return <QueryError error={mine.error} what="Your feedback" retry={mine.refetch} />;
  }
  return (
    <section className="ln-feedback" aria-labelledby="ln-feedback-title">
      <h2 id="ln-feedback-title">Your feedback</h2>
      {mine.data && !editing ? (
        <p>
          Thanks: you said “{scoreWords(mine.data.score)}”.{" "}
          <button type="button" className="small" onClick={() => setEditing(true)}>
            Edit your answer
          </button>
        </p>
      ) : (
        <FeedbackForm reference={incident.reference} initial={mine.data} onDone={() => setEditing(false)} onCancel={mine.data ? () => setEditing(false) : undefined} />
      )}
    </section>
  );
}

function FeedbackForm({ reference, initial, onDone, onCancel }: { reference: string; initial: Feedback | null; onDone: () => void; onCancel?: () => void }) {
  const id = useId();
  const submit = useSubmitFeedback(reference);
  const [score, setScore] = useState<number | null>(initial?.score ?? null);
  const [comment, setComment] = useState(initial?.comment ?? "");
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<{ fields: Record<string, string>; message: string | null }>({ fields: {}, message: null });
  const scoreError = server.fields.score ?? (tried && score === null ? "Choose one of the five answers." : undefined);

  async function send(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer({ fields: {}, message: null });
    if (score === null) return;
    try {
      await submit.mutateAsync(feedbackBody(score, comment));
      onDone();
    } catch (err) {
      setServer(splitProblem(err, ["score", "comment"]));
    }
  }

  return (
    <form aria-label="Feedback on the response" onSubmit={send} noValidate>
      <p className="muted ln-optional">Optional, and shown to others only without your name.</p>
      <fieldset role="radiogroup" aria-labelledby={`${id}-q`} aria-invalid={scoreError ? true : undefined} aria-describedby={scoreError ? `${id}-score-error` : undefined} className="ln-scale">
        <legend id={`${id}-q`}>{FEEDBACK_QUESTION}</legend>
        {SCORE_WORDS.map((words, i) => (
          <label key={words}>
            <input type="radio" name={`${id}-score`} value={i + 1} checked={score === i + 1} onChange={() => setScore(i + 1)} />
            <span className="ln-score">{i + 1}</span> {words}
          </label>
        ))}
        {scoreError && (
          <p id={`${id}-score-error`} className="error field-error">
            {scoreError}
          </p>
        )}
      </fieldset>
      <Field label="Anything to add? (optional)" error={server.fields.comment}>
        {(c) => <textarea {...c} rows={2} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      {server.message && (
        <p role="alert" className="error ln-error">
          {server.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="small" disabled={submit.isPending}>
          Send feedback
        </button>
        {onCancel && (
          <button type="button" className="small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
