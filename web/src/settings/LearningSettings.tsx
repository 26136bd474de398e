import "./escalation.css";
import { PolicyOrigin } from "./PolicyOrigin";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useLearningPolicy, useSaveLearningPolicy, type LearningPolicy } from "../api/learning";
import type { FieldErrors } from "../components/forms";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { checkPolicy, emptyRule, emptyStep, LIMITS, move, placePolicyErrors, policyBody, policyForm, type RuleRow } from "./learning";
import { LearningRule } from "./LearningRule";

type ServerErrors = { fields: FieldErrors; message: string | null };
const NONE: ServerErrors = { fields: {}, message: null };

/** Settings → Learning: which steps a resolved incident owes before it may be closed. */
export function LearningSettings() {
  const policy = useLearningPolicy();
  return (
    <section aria-labelledby="learning-heading">
      <h2 id="learning-heading">Learning</h2>
      <p className="muted">
        What a resolved incident still owes before it can be closed: its postmortem drafted, reviewed and published, its follow-ups committed, a review meeting. Each step is due a
        number of business days after the incident is resolved, in its owner's time zone, and shows as overdue on the dashboard after that. An admin may waive a step for one incident,
        with a reason.
      </p>
      <QueryState query={policy} what="The learning policy">
        {/* Not keyed by the answer: a refetch must not throw away what is being typed. */}
        {(p) => <PolicyForm initial={p} />}
      </QueryState>
    </section>
  );
}

function PolicyForm({ initial }: { initial: LearningPolicy }) {
  const { roles } = useApp();
  const save = useSaveLearningPolicy();
  const [rules, setRules] = useState<RuleRow[]>(() => policyForm(initial));
  const [customized, setCustomized] = useState(initial.customized ?? false);
  // After a first try, the form's own checks follow every change; the server's answer stands until the next change.
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<ServerErrors>(NONE);
  const [status, setStatus] = useState("");
  const root = useRef<HTMLFormElement>(null);
  const focus = useRef<string | null>(null);
  const roleKeys = roles.map((r) => r.key);
  const defaultRole = roleKeys.includes("incident_manager") ? "incident_manager" : (roleKeys[0] ?? "incident_manager");
  const errors: FieldErrors = { ...(tried ? checkPolicy(rules, roleKeys) : {}), ...server.fields };
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

  const update = (change: (rules: RuleRow[]) => RuleRow[]) => {
    setRules(change);
    setServer(NONE);
    setStatus("");
  };
  const setRule = (uid: number, change: Partial<RuleRow>) => update((all) => all.map((r) => (r.uid === uid ? { ...r, ...change } : r)));
  const addRule = () => {
    const rule = emptyRule(defaultRole);
    focus.current = `rule-${rule.uid}`;
    update((all) => [...all, rule]);
  };
  const moveRule = (index: number, delta: -1 | 1) => {
    const rule = rules[index];
    // At the end it moved to, the button that moved it is disabled: the other one takes the keyboard.
    const atEnd = index + delta === 0 || index + delta === rules.length - 1;
    focus.current = `${(delta < 0) !== atEnd ? "up" : "down"}-${rule.uid}`;
    update((all) => move(all, index, delta));
  };
  const removeRule = (uid: number) => {
    focus.current = "add-rule";
    update((all) => all.filter((r) => r.uid !== uid));
  };
  const addStep = (rule: RuleRow) => {
    const step = emptyStep(rule, defaultRole);
    focus.current = `step-${step.uid}`;
    setRule(rule.uid, { steps: [...rule.steps, step] });
  };
  const removeStep = (rule: RuleRow, uid: number) => {
    focus.current = `add-step-${rule.uid}`;
    setRule(rule.uid, { steps: rule.steps.filter((s) => s.uid !== uid) });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer(NONE);
    setStatus("");
    if (Object.keys(checkPolicy(rules, roleKeys)).length) {
      focus.current = "error";
      return;
    }
    const sent = rules;
    let saved: LearningPolicy;
    try {
      saved = await save.mutateAsync(policyBody(sent, customized));
    } catch (error) {
      setServer(placePolicyErrors(error, sent));
      focus.current = "error";
      return;
    }
    // The form shows what is kept now (names trimmed, as the server holds them).
    setRules(policyForm(saved));
    setCustomized(saved.customized ?? true);
    setTried(false);
    setStatus("The learning policy is saved. Incidents resolved from now on owe its steps.");
  }

  return (
    <form ref={root} className="panel settings-form dist-form" aria-label="Learning policy" onSubmit={submit} noValidate>
      <PolicyOrigin customized={customized} />
      {summary && (
        <p role="alert" className="error">
          {summary}
        </p>
      )}
      <h3 id="learning-rules-heading">Rules</h3>
      <p className="muted">
        The first rule that matches an incident's severity and type applies, and no other: put the narrower rules first. An incident no rule matches owes nothing and can be closed
        at once.
      </p>
      {errors.rules && <p className="error field-error">{errors.rules}</p>}
      {rules.length === 0 ? (
        <p className="muted">No rules: no incident owes any step.</p>
      ) : (
        <ol className="dist-rules" aria-labelledby="learning-rules-heading">
          {rules.map((r, i) => (
            <li key={r.uid}>
              <LearningRule
                rule={r}
                label={`Rule ${i + 1}${r.name.trim() ? `: ${r.name.trim()}` : ""}`}
                first={i === 0}
                last={i === rules.length - 1}
                errors={errors}
                onChange={(change) => setRule(r.uid, change)}
                onMove={(delta) => moveRule(i, delta)}
                onRemove={() => removeRule(r.uid)}
                onAddStep={() => addStep(r)}
                onRemoveStep={(uid) => removeStep(r, uid)}
              />
            </li>
          ))}
        </ol>
      )}
      <div className="actions">
        <button type="button" data-focus="add-rule" disabled={rules.length >= LIMITS.rules} onClick={addRule}>
          Add a rule
        </button>
        <button type="submit" disabled={save.isPending}>
          Save learning policy
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}
