import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { describeProblem } from "../api/client";
import { useDirectory } from "../api/people";
import { PersonPicker } from "../components/PersonPicker";
import { useApp } from "../context";
import { postmortemStateLabel } from "../postmortems";
import { Time } from "../Time";
import { useReview, type Postmortem, type ReviewAction } from "./api/postmortem";
import { movedWords, reviewChoices, verdictWords } from "./review";

/** Where the postmortem is in its review, who reviews it and what they said, and the moves the
 * viewer may make now. A refusal (a 409 listing the open comments on Publish) is shown beside the
 * button that asked; after a move the keyboard is put back on this bar's heading, since the
 * button pressed is usually gone. */
export function ReviewBar({ reference, postmortem: pm }: { reference: string; postmortem: Postmortem }) {
  const { session, canAct } = useApp();
  const me = session.user.id;
  const choices = reviewChoices(pm, me, canAct);
  const review = useReview(reference);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [failed, setFailed] = useState<{ action: ReviewAction; message: string } | null>(null);
  const [status, setStatus] = useState("");
  const [choosing, setChoosing] = useState(false);
  // Where the keyboard goes after the next render: the heading after a move, the opener after Cancel.
  const focusNext = useRef<"heading" | "opener" | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    (focusNext.current === "heading" ? heading.current : opener.current)?.focus();
    focusNext.current = null;
  });

  async function move(action: ReviewAction, reviewers?: number[]): Promise<boolean> {
    setFailed(null);
    setStatus("");
    try {
      const moved = await review.mutateAsync(reviewers ? { action, reviewers } : { action });
      setStatus(movedWords(moved));
      setChoosing(false);
      focusNext.current = "heading";
      return true;
    } catch (e) {
      setFailed({ action, message: describeProblem(e) });
      return false;
    }
  }

  const errorFor = (action: ReviewAction) => (failed?.action === action ? failed.message : null);
  const published = pm.state === "published";
  return (
    <section className="pm-review" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Review
      </h2>
      {published && (
        <p className="pm-readonly">
          <strong>Read-only: published</strong> Version {pm.version}
          {pm.published_at && (
            <>
              , published <Time at={pm.published_at} withDate />
            </>
          )}
          .{canAct && " Amend it to change it: that starts its next version."}
        </p>
      )}
      <p className="pm-review-state">
        <span className={`pm-state pm-state-${pm.state}`}>{postmortemStateLabel(pm.state)}</span> <span>Version {pm.version}</span>
      </p>
      {pm.reviewers.length > 0 ? (
        <ul className="pm-reviewers" aria-label="Reviewers">
          {pm.reviewers.map((r) => (
            <li key={r.user_id} className={`verdict-${r.verdict ?? "waiting"}`}>
              {r.name}: <strong>{verdictWords(r.verdict)}</strong>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No reviewers yet.</p>
      )}

      {choices.requestReview &&
        (choosing ? (
          <RequestReviewForm
            initial={pm.reviewers.map((r) => r.user_id)}
            me={me}
            sending={review.isPending}
            error={errorFor("request_review")}
            onSend={(ids) => move("request_review", ids)}
            onCancel={() => {
              setChoosing(false);
              setFailed(null);
              focusNext.current = "opener";
            }}
          />
        ) : (
          <div className="pm-review-actions">
            <button type="button" ref={opener} onClick={() => setChoosing(true)}>
              Request review…
            </button>
          </div>
        ))}
      {pm.state === "in_review" && !choices.decide && <p className="muted">Waiting for its reviewers: each of them approves it or asks for changes.</p>}
      {choices.decide && (
        <div className="pm-review-actions">
          <ActionButton label="Approve" busy={review.isPending} error={errorFor("approve")} onClick={() => move("approve")} />
          <ActionButton label="Request changes" busy={review.isPending} error={errorFor("request_changes")} onClick={() => move("request_changes")} />
        </div>
      )}
      {choices.publish && (
        <div className="pm-review-actions">
          <ActionButton label={`Publish version ${pm.version}`} busy={review.isPending} error={errorFor("publish")} onClick={() => move("publish")} />
          {pm.open_threads > 0 && !errorFor("publish") && <span className="muted">{pm.open_threads === 1 ? "1 comment is" : `${pm.open_threads} comments are`} still open: resolve them first.</span>}
        </div>
      )}
      {choices.amend && (
        <div className="pm-review-actions">
          <ActionButton label="Amend" busy={review.isPending} error={errorFor("amend")} onClick={() => move("amend")} />
        </div>
      )}
      <p aria-live="polite" className="muted pm-review-status">
        {status}
      </p>
    </section>
  );
}

/** A move's button, with the server's refusal right beside it and read out with it. */
function ActionButton({ label, busy, error, onClick }: { label: string; busy: boolean; error: string | null; onClick: () => void }) {
  const id = useId();
  return (
    <span className="pm-action">
      <button type="button" disabled={busy} onClick={onClick} aria-describedby={error ? id : undefined}>
        {label}
      </button>
      {error && (
        <span id={id} className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

/** Picks the reviewers (the last round's to start with) and sends the postmortem to them. */
function RequestReviewForm({ initial, me, sending, error, onSend, onCancel }: { initial: number[]; me: number; sending: boolean; error: string | null; onSend: (ids: number[]) => Promise<boolean>; onCancel: () => void }) {
  const { active, names } = useDirectory();
  const [chosen, setChosen] = useState<number[]>(initial);
  const [missing, setMissing] = useState(false);
  const errorId = useId();
  // People review others' writing: the one asking is not offered.
  const candidates = active.filter((p) => p.id !== me && !chosen.includes(p.id));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMissing(chosen.length === 0);
    if (chosen.length) await onSend(chosen);
  };
  const message = missing ? "Add at least one reviewer." : error;
  return (
    <form className="pm-request-review" aria-label="Request review" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && !e.defaultPrevented && onCancel()}>
      <fieldset>
        <legend>Reviewers</legend>
        {chosen.length > 0 ? (
          <ul className="pm-chosen">
            {chosen.map((id) => (
              <li key={id}>
                {names.get(id) ?? `User ${id}`}{" "}
                <button type="button" className="small" aria-label={`Remove ${names.get(id) ?? `user ${id}`} from the reviewers`} onClick={() => setChosen((all) => all.filter((x) => x !== id))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Nobody yet: add the people who should read it before it is published.</p>
        )}
        <PersonPicker label="Add a reviewer" people={candidates} autoFocus onCancel={onCancel} onPick={(u) => setChosen((all) => [...all, u.id])} />
      </fieldset>
      {message && (
        <p id={errorId} className="error" role="alert">
          {message}
        </p>
      )}
      <div className="pm-review-actions">
        <button type="submit" disabled={sending} aria-describedby={message ? errorId : undefined}>
          Send for review
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
