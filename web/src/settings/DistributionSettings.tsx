import "./escalation.css";
import { PolicyOrigin } from "./PolicyOrigin";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useDistributionPolicy, useSaveDistributionPolicy, type DistributionPolicy } from "../api/distribution";
import { useTeams } from "../api/lists";
import { Field } from "../components/Field";
import type { FieldErrors } from "../components/forms";
import { QueryError, QueryState } from "../components/QueryState";
import { checkPolicy, emptyAudience, emptyRule, LIMITS, placePolicyErrors, policyBody, policyForm, type PolicyForm, type RuleRow } from "./distribution";
import { DistributionRule } from "./DistributionRule";

type ServerErrors = { fields: FieldErrors; message: string | null };
const NONE: ServerErrors = { fields: {}, message: null };

/** Settings → Postmortems → Distribution: who a published postmortem goes to by itself. */
export function DistributionSettings() {
  const policy = useDistributionPolicy();
  return (
    <div className="panel pm-settings">
      <h3>Distribution</h3>
      <p className="muted">
        When a postmortem is published, Goldseam sends it by itself: participants always get the whole document, and every rule whose severities and types match sends it to its
        audiences. Each person gets a personal link, and the incident manager sees who opened and acknowledged it.
      </p>
      <QueryState query={policy} what="The distribution policy">
        {/* Not keyed by the answer: a refetch must not throw away what is being typed. */}
        {(p) => <DistributionForm initial={p} customized={p.customized ?? false} />}
      </QueryState>
    </div>
  );
}

function DistributionForm({ initial, customized }: { initial: DistributionPolicy; customized: boolean }) {
  const teams = useTeams();
  const save = useSaveDistributionPolicy();
  const [form, setForm] = useState<PolicyForm>(() => policyForm(initial));
  // After a first try, the form's own checks follow every change; the server's answer stands until the next change.
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<ServerErrors>(NONE);
  const [status, setStatus] = useState("");
  const root = useRef<HTMLFormElement>(null);
  const focus = useRef<string | null>(null);
  const errors: FieldErrors = { ...(tried ? checkPolicy(form) : {}), ...server.fields };
  const bad = Object.keys(errors).length;
  const summary = [server.message, bad ? `Check ${bad === 1 ? "the field" : `the ${bad} fields`} marked below.` : null].filter(Boolean).join(" ") || null;

  // The keyboard follows what was added, removed or refused: a new rule's name, a new audience's
  // kind, the Add button after a removal, the first field in error after Save.
  useEffect(() => {
    const want = focus.current;
    if (!want || !root.current) return;
    focus.current = null;
    const el = want === "error" ? root.current.querySelector<HTMLElement>('[aria-invalid="true"]') : root.current.querySelector<HTMLElement>(`[data-focus="${want}"]`);
    el?.focus();
  });

  const update = (change: (f: PolicyForm) => PolicyForm) => {
    setForm(change);
    setServer(NONE);
    setStatus("");
  };
  const setRule = (uid: number, change: Partial<RuleRow>) => update((f) => ({ ...f, rules: f.rules.map((r) => (r.uid === uid ? { ...r, ...change } : r)) }));

  const addRule = () => {
    const rule = emptyRule();
    focus.current = `rule-${rule.uid}`;
    update((f) => ({ ...f, rules: [...f.rules, rule] }));
  };
  const removeRule = (uid: number) => {
    focus.current = "add-rule";
    update((f) => ({ ...f, rules: f.rules.filter((r) => r.uid !== uid) }));
  };
  const addAudience = (rule: RuleRow) => {
    const audience = emptyAudience();
    focus.current = `audience-${audience.uid}`;
    setRule(rule.uid, { audiences: [...rule.audiences, audience] });
  };
  const removeAudience = (rule: RuleRow, uid: number) => {
    focus.current = `add-audience-${rule.uid}`;
    setRule(rule.uid, { audiences: rule.audiences.filter((a) => a.uid !== uid) });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer(NONE);
    setStatus("");
    if (Object.keys(checkPolicy(form)).length) {
      focus.current = "error";
      return;
    }
    const sent = form;
    let saved: DistributionPolicy;
    try {
      saved = await save.mutateAsync(policyBody(sent, customized));
    } catch (error) {
      setServer(placePolicyErrors(error, sent));
      focus.current = "error";
      return;
    }
    // The form shows what is kept now (names trimmed, as the server holds them).
    setForm(policyForm(saved));
    setTried(false);
    setStatus("The distribution policy is saved. Postmortems published from now on go out by it.");
  }

  return (
    <form ref={root} className="settings-form dist-form" aria-label="Distribution policy" onSubmit={submit} noValidate>
      <PolicyOrigin customized={customized} />
      {teams.error != null && !teams.isFetching && <QueryError error={teams.error} what="The teams" retry={teams.refetch} />}
      {summary && (
        <p role="alert" className="error">
          {summary}
        </p>
      )}
      <fieldset>
        <legend>Participants and reminders</legend>
        <label className="inline">
          <input type="checkbox" checked={form.participantsRequired} onChange={(e) => update((f) => ({ ...f, participantsRequired: e.target.checked }))} />
          Participants are required readers
        </label>
        <label className="inline">
          <input type="checkbox" checked={form.remind} onChange={(e) => update((f) => ({ ...f, remind: e.target.checked }))} />
          Remind required readers who have not acknowledged
        </label>
        {form.remind && (
          <Field label="Remind after (days)" hint={`From ${LIMITS.minDays} to ${LIMITS.maxDays} days after it was sent.`} error={errors.reminder_days} className="dist-days">
            {(c) => <input {...c} type="number" inputMode="numeric" min={LIMITS.minDays} max={LIMITS.maxDays} value={form.reminderDays} onChange={(e) => update((f) => ({ ...f, reminderDays: e.target.value }))} />}
          </Field>
        )}
      </fieldset>

      <h4 id="dist-rules-heading">Rules</h4>
      {errors.rules && <p className="error field-error">{errors.rules}</p>}
      {form.rules.length === 0 ? (
        <p className="muted">No rules: only the participants get postmortems.</p>
      ) : (
        <ol className="dist-rules" aria-labelledby="dist-rules-heading">
          {form.rules.map((r, i) => (
            <li key={r.uid}>
              <DistributionRule
                rule={r}
                label={`Rule ${i + 1}${r.name.trim() ? `: ${r.name.trim()}` : ""}`}
                teams={teams.data}
                errors={errors}
                onChange={(change) => setRule(r.uid, change)}
                onRemove={() => removeRule(r.uid)}
                onAddAudience={() => addAudience(r)}
                onRemoveAudience={(uid) => removeAudience(r, uid)}
              />
            </li>
          ))}
        </ol>
      )}
      <div className="actions">
        <button type="button" data-focus="add-rule" disabled={form.rules.length >= LIMITS.rules} onClick={addRule}>
          Add a rule
        </button>
        <button type="submit" disabled={save.isPending}>
          Save distribution
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}
