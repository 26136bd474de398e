import { useEffect, useRef, useState, type FormEvent } from "react";
import type { FieldErrors } from "../components/forms";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { useReviewPolicy, useSaveReviewPolicy, type ReviewPolicy } from "./api/reviews";
import { move } from "./learning";
import { PolicyOrigin } from "./PolicyOrigin";
import { ReviewRuleEditor } from "./ReviewRuleEditor";
import { checkReviewPolicy, emptyReviewRule, placeReviewPolicyErrors, REVIEW_LIMITS, reviewPolicyBody, reviewPolicyForm, type ReviewRuleRow } from "./reviewPolicy";

type ServerErrors = { fields: FieldErrors; message: string | null };
const NONE: ServerErrors = { fields: {}, message: null };

/** Settings → Reviews: when each incident's review meeting may be, how long it lasts, and whether
 * Goldseam books it by itself. Admins edit it; everyone else reads it. */
export function ReviewsSection() {
  const { isAdmin } = useApp();
  const policy = useReviewPolicy();
  return (
    <section aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Reviews</h2>
      <p className="muted">
        Once a postmortem goes to review, the team meets to take it in. The scheduling assistant books that meeting at a time every required person is free, in their own calendar
        and working hours: from a preparation gap (business days to read it first) to a deadline, both counted from when it went to review.
      </p>
      <QueryState query={policy} what="The review policy">
        {/* Not keyed by the answer: a refetch must not throw away what is being typed. */}
        {(p) => (isAdmin ? <PolicyForm initial={p} /> : <PolicyView policy={p} />)}
      </QueryState>
    </section>
  );
}

/** The policy for people who may not change it. */
function PolicyView({ policy }: { policy: ReviewPolicy }) {
  const { types } = useApp();
  const sev = (keys: string[] | undefined) => (keys?.length ? keys.join(", ") : "every severity");
  const typ = (keys: string[] | undefined) => (keys?.length ? keys.map((k) => types.find((t) => t.key === k)?.name ?? k).join(", ") : "every type");
  return (
    <div className="panel">
      <PolicyOrigin customized={policy.customized ?? false} />
      <p className="notice">Only admins can change when review meetings are booked. Ask an admin if something here needs to change.</p>
      <ol className="rv-policy-rules">
        {policy.rules.map((r, i) => (
          <li key={i}>
            <strong>{r.name}</strong>: {sev(r.severities)}, {typ(r.types)}. {r.duration_minutes} minutes, from {r.prep_business_days} to {r.deadline_business_days} business days after the postmortem goes to review
            {r.auto_book ? "; booked by itself." : "; booked with a click."}
          </li>
        ))}
      </ol>
      {policy.rules.length === 0 && <p className="muted">No rules: every review lasts 30 minutes, between 1 and 5 business days after the postmortem goes to review.</p>}
      <p>{policy.on_call_is_busy ? "On-call shifts count as busy." : "On-call shifts do not count as busy."}</p>
    </div>
  );
}

function PolicyForm({ initial }: { initial: ReviewPolicy }) {
  const save = useSaveReviewPolicy();
  const [rules, setRules] = useState<ReviewRuleRow[]>(() => reviewPolicyForm(initial));
  const [onCallIsBusy, setOnCallIsBusy] = useState(initial.on_call_is_busy ?? false);
  const [customized, setCustomized] = useState(initial.customized ?? false);
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<ServerErrors>(NONE);
  const [status, setStatus] = useState("");
  const root = useRef<HTMLFormElement>(null);
  const focus = useRef<string | null>(null);
  const errors: FieldErrors = { ...(tried ? checkReviewPolicy(rules) : {}), ...server.fields };
  const bad = Object.keys(errors).length;
  const summary = [server.message, bad ? `Check ${bad === 1 ? "the field" : `the ${bad} fields`} marked below.` : null].filter(Boolean).join(" ") || null;

  // The keyboard follows what was added, moved, removed or refused.
  useEffect(() => {
    const want = focus.current;
    if (!want || !root.current) return;
    focus.current = null;
    const el = want === "error" ? root.current.querySelector<HTMLElement>('[aria-invalid="true"]') : root.current.querySelector<HTMLElement>(`[data-focus="${want}"]`);
    el?.focus();
  });

  const update = (change: (rules: ReviewRuleRow[]) => ReviewRuleRow[]) => {
    setRules(change);
    setServer(NONE);
    setStatus("");
  };
  const setRule = (uid: number, change: Partial<ReviewRuleRow>) => update((all) => all.map((r) => (r.uid === uid ? { ...r, ...change } : r)));
  const addRule = () => {
    const rule = emptyReviewRule();
    focus.current = `rule-${rule.uid}`;
    update((all) => [...all, rule]);
  };
  const moveRule = (index: number, delta: -1 | 1) => {
    const rule = rules[index];
    const atEnd = index + delta === 0 || index + delta === rules.length - 1;
    focus.current = `${(delta < 0) !== atEnd ? "up" : "down"}-${rule.uid}`;
    update((all) => move(all, index, delta));
  };
  const removeRule = (uid: number) => {
    focus.current = "add-rule";
    update((all) => all.filter((r) => r.uid !== uid));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer(NONE);
    setStatus("");
    if (Object.keys(checkReviewPolicy(rules)).length) {
      focus.current = "error";
      return;
    }
    const sent = rules;
    let saved: ReviewPolicy;
    try {
      saved = await save.mutateAsync(reviewPolicyBody(sent, onCallIsBusy, customized));
    } catch (error) {
      setServer(placeReviewPolicyErrors(error, sent));
      focus.current = "error";
      return;
    }
    setRules(reviewPolicyForm(saved));
    setOnCallIsBusy(saved.on_call_is_busy ?? false);
    setCustomized(saved.customized ?? true);
    setTried(false);
    setStatus("The review policy is saved. Reviews booked from now on follow it.");
  }

  return (
    <form ref={root} className="panel settings-form dist-form" aria-label="Review policy" onSubmit={submit} noValidate>
      <PolicyOrigin customized={customized} />
      {summary && (
        <p role="alert" className="error">
          {summary}
        </p>
      )}
      <fieldset>
        <legend>Busy times</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={onCallIsBusy}
            onChange={(e) => {
              setOnCallIsBusy(e.target.checked);
              setStatus("");
            }}
          />{" "}
          On-call shifts count as busy
        </label>
      </fieldset>
      <h3 id="review-rules-heading">Rules</h3>
      <p className="muted">The first rule that matches an incident's severity and type applies: put the narrower rules first. An incident no rule matches gets 30 minutes, between 1 and 5 business days.</p>
      {errors.rules && <p className="error field-error">{errors.rules}</p>}
      {rules.length === 0 ? (
        <p className="muted">No rules: every review follows the defaults.</p>
      ) : (
        <ol className="dist-rules" aria-labelledby="review-rules-heading">
          {rules.map((r, i) => (
            <li key={r.uid}>
              <ReviewRuleEditor
                rule={r}
                label={`Rule ${i + 1}${r.name.trim() ? `: ${r.name.trim()}` : ""}`}
                first={i === 0}
                last={i === rules.length - 1}
                errors={errors}
                onChange={(change) => setRule(r.uid, change)}
                onMove={(delta) => moveRule(i, delta)}
                onRemove={() => removeRule(r.uid)}
              />
            </li>
          ))}
        </ol>
      )}
      <div className="actions">
        <button type="button" data-focus="add-rule" disabled={rules.length >= REVIEW_LIMITS.rules} onClick={addRule}>
          Add a rule
        </button>
        <button type="submit" disabled={save.isPending}>
          Save review policy
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}
