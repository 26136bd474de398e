import { useState, type FormEvent } from "react";
import type { User } from "../api/client";
import { useApp } from "../context";
import { Field } from "../components/Field";
import { errorSummary, type FieldErrors } from "../components/forms";
import type { ResponseCatalog } from "./escalationCatalog";
import { AwaitedTeams, CheckGroup, PeopleChoice } from "./RulesChoices";
import { checkRule, RULE_LABELS, ruleBody, ruleSentence, type RuleForm, type RuleNames } from "./rules";

/** What saving a rule came to: nothing (saved), or the server's field errors and message. */
export type RuleOutcome = { fields: FieldErrors; message: string | null } | null;

/** Adding or editing one response rule: its conditions (when) and what it does (then). */
export function RulesEditor({ initial, title, catalog, people, names, onSave, onCancel }: { initial: RuleForm; title: string; catalog: ResponseCatalog; people: User[]; names: RuleNames; onSave: (form: RuleForm) => Promise<RuleOutcome>; onCancel: () => void }) {
  const { types, severities } = useApp();
  const [form, setForm] = useState(initial);
  // After a first try, the form's own checks follow every change; the server's answer stands until the next change.
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<{ fields: FieldErrors; message: string | null }>({ fields: {}, message: null });
  const [sending, setSending] = useState(false);
  const errors: FieldErrors = { ...(tried ? checkRule(form) : {}), ...server.fields };
  const message = [server.message, errorSummary(errors, RULE_LABELS)].filter(Boolean).join(" ") || null;
  const set = (change: Partial<RuleForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setServer({ fields: {}, message: null });
  };
  const teamOptions = catalog.teams.map((t) => ({ value: t.id, label: t.name }));
  const noTeams = "There are no teams yet: add them on the Teams page.";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer({ fields: {}, message: null });
    if (Object.keys(checkRule(form)).length) return;
    setSending(true);
    const outcome = await onSave(form);
    setSending(false);
    if (outcome) setServer(outcome);
  }

  const sentence = ruleSentence(ruleBody(form), names);
  return (
    <form onSubmit={submit} aria-label={title} className="panel settings-form rules-editor" noValidate onKeyDown={(e) => e.key === "Escape" && !e.defaultPrevented && onCancel()}>
      <h3>{title}</h3>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <Field label="Name" hint="What people call it, such as Security incidents." error={errors.name}>
        {(c) => <input {...c} autoFocus value={form.name} maxLength={100} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <label className="inline">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        On: applies to new incidents
      </label>

      <h4>When</h4>
      <p className="muted field-hint">Every condition you fill in must match; one left empty matches every incident.</p>
      <CheckGroup
        legend="Types"
        hint="Any of these types."
        options={types.map((t) => ({ value: t.key, label: t.name }))}
        selected={form.types}
        onChange={(types) => set({ types })}
        error={errors["when.types"]}
        empty="There are no incident types."
      />
      <Field label="Minimum severity" hint="This severity or a worse one." error={errors["when.min_severity"]}>
        {(c) => (
          <select {...c} value={form.minSeverity} onChange={(e) => set({ minSeverity: e.target.value })}>
            <option value="">Any severity</option>
            {[...severities]
              .sort((a, b) => a.rank - b.rank)
              .map((s) => (
                <option key={s.key} value={s.key}>
                  {s.key} ({s.name}) or worse
                </option>
              ))}
          </select>
        )}
      </Field>
      <CheckGroup
        legend="Services"
        hint="Any of these services."
        options={catalog.services.map((s) => ({ value: s.id, label: s.name }))}
        selected={form.services}
        onChange={(services) => set({ services })}
        error={errors["when.services"]}
        empty="There are no services yet: add them on the Services page."
      />
      <Field label="Tags" hint="Any of these tags, separated by spaces or commas, such as #payments #eu." error={errors["when.tags"]}>
        {(c) => <input {...c} value={form.tags} autoComplete="off" onChange={(e) => set({ tags: e.target.value })} />}
      </Field>

      <h4>Then</h4>
      {errors.then && (
        <p className="error field-error" id="rules-then-error">
          {errors.then}
        </p>
      )}
      <CheckGroup legend="Page teams" hint="Their on-call people are paged, through the team's escalation policy." options={teamOptions} selected={form.pageTeams} onChange={(pageTeams) => set({ pageTeams })} error={errors["then.page_teams"]} empty={noTeams} />
      <AwaitedTeams names={form.awaitingPage} verb="paged" onChange={(awaitingPage) => set({ awaitingPage })} />
      <PeopleChoice legend="Responders" ids={form.responders} people={people} onChange={(responders) => set({ responders })} error={errors["then.responders"]} />
      <CheckGroup legend="Inform teams" hint="Their members get an email; they are not paged." options={teamOptions} selected={form.informTeams} onChange={(informTeams) => set({ informTeams })} error={errors["then.inform_teams"]} empty={noTeams} />
      <AwaitedTeams names={form.awaitingInform} verb="informed" onChange={(awaitingInform) => set({ awaitingInform })} />
      <PeopleChoice legend="Inform people" ids={form.informUsers} people={people} onChange={(informUsers) => set({ informUsers })} error={errors["then.inform_users"]} />
      <Field label="Urgency of its pages" hint="High wakes people by every notification rule. Low uses the rules people keep for low urgency, and waits for their working hours." error={errors["then.urgency"]}>
        {(c) => (
          <select {...c} value={form.urgency} onChange={(e) => set({ urgency: e.target.value === "low" ? "low" : "high" })}>
            <option value="high">High: wake people now</option>
            <option value="low">Low: it can wait for working hours</option>
          </select>
        )}
      </Field>
      <label className="inline">
        <input type="checkbox" checked={form.makePrivate} onChange={(e) => set({ makePrivate: e.target.checked })} />
        Make the incident private (only the people working on it and admins see it)
      </label>

      <div className="summary-box">
        <h4>In a sentence</h4>
        <p className="summary">{sentence}</p>
      </div>
      <div className="actions">
        <button type="submit" disabled={sending}>
          {title.startsWith("Add") ? "Add rule" : "Save"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
