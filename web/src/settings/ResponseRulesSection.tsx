import "./escalation.css";
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { api, describeProblem, type User } from "../api/client";
import type { components } from "../api/schema";
import { useApp } from "../context";
import { usePeople } from "../people";
import { PersonPicker } from "../room/PersonPicker";
import { ConfirmButton } from "./Confirm";
import { Field } from "./Field";
import { errorSummary, splitProblem, type FieldErrors } from "./forms";
import { useReturnFocus } from "./useReturnFocus";
import { joinAnd } from "./escalation";
import { useResponseCatalog, type ResponseCatalog } from "./escalationCatalog";
import { checkRule, emptyRuleForm, parseTags, RULE_LABELS, ruleBody, ruleFieldOf, ruleForm, ruleSentence, teamsWords, toggle, type ResponseRule, type RuleForm, type RuleNames } from "./rules";

type Outcome = { fields: FieldErrors; message: string | null } | null;
type Preview = components["schemas"]["PreviewDto"];
type IncidentManager = components["schemas"]["IncidentManagerDto"];
const FIELDS = Object.keys(RULE_LABELS);

/** Who is pulled in when an incident is declared: the incident manager on call, and the response rules. */
export function ResponseRulesSection() {
  const { types, severities } = useApp();
  const catalog = useResponseCatalog();
  const people = usePeople();
  const [rules, setRules] = useState<ResponseRule[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [status, setStatus] = useState("");
  const [refusals, setRefusals] = useState<Record<number, string>>({});
  const { opener, closed } = useReturnFocus();

  useEffect(() => {
    api.GET("/api/v1/response-rules").then(({ data, error }) => {
      if (data) setRules(data as unknown as ResponseRule[]);
      else setLoadError(`The rules could not be loaded: ${describeProblem(error)}`);
    });
  }, []);

  const names: RuleNames = useMemo(
    () => ({
      types: new Map(types.map((t) => [t.key, t.name])),
      teams: new Map(catalog.teams.map((t) => [t.id, t.name])),
      users: new Map(people.map((p) => [p.id, p.name])),
      services: new Map(catalog.services.map((s) => [s.id, s.name])),
    }),
    [types, catalog.teams, catalog.services, people],
  );

  async function save(form: RuleForm, id: number | null): Promise<Outcome> {
    const body = ruleBody(form);
    const { data, error } = id === null ? await api.POST("/api/v1/response-rules", { body }) : await api.PUT("/api/v1/response-rules/{id}", { params: { path: { id } }, body });
    if (!data) {
      const problem = (error ?? {}) as { errors?: { field: string; message: string }[] };
      return splitProblem({ ...problem, errors: problem.errors?.map((e) => ({ ...e, field: ruleFieldOf(e.field) })) }, FIELDS);
    }
    const rule = data as unknown as ResponseRule;
    setRules((rs) => (id === null ? [...(rs ?? []), rule] : (rs ?? []).map((r) => (r.id === id ? rule : r))));
    setStatus(id === null ? `${rule.name} is added, last in order.` : `${rule.name} is saved.`);
    return null;
  }

  async function setEnabled(rule: ResponseRule, enabled: boolean) {
    const body = { ...ruleBody(ruleForm(rule)), enabled };
    const { data, error } = await api.PUT("/api/v1/response-rules/{id}", { params: { path: { id: rule.id } }, body });
    if (!data) {
      setRefusals((r) => ({ ...r, [rule.id]: `${rule.name} was not changed: ${describeProblem(error)}` }));
      return;
    }
    setRules((rs) => (rs ?? []).map((r) => (r.id === rule.id ? (data as unknown as ResponseRule) : r)));
    setStatus(enabled ? `${rule.name} is on: it applies to new incidents.` : `${rule.name} is off: it no longer applies to new incidents.`);
  }

  async function remove(rule: ResponseRule) {
    const { error, response } = await api.DELETE("/api/v1/response-rules/{id}", { params: { path: { id: rule.id } } });
    if (response.ok) {
      setRules((rs) => (rs ?? []).filter((r) => r.id !== rule.id));
      setStatus(`${rule.name} is deleted.`);
      closed("+add");
    } else {
      setRefusals((r) => ({ ...r, [rule.id]: `${rule.name} was not deleted: ${describeProblem(error)}` }));
    }
  }

  const stop = (key: string) => {
    setEditing(null);
    closed(key);
  };

  return (
    <section aria-labelledby="rules-heading" className="rules">
      <h2 id="rules-heading">Response rules</h2>
      <p className="muted">
        When an incident is declared, Goldseam brings in the incident manager on call and whoever the matching rules name, by itself. Every matching rule applies; what they do adds
        up.
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      {(catalog.error || loadError) && (
        <p role="alert" className="error">
          {[loadError, catalog.error].filter(Boolean).join(" ")}
        </p>
      )}

      <IncidentManagerPanel catalog={catalog} />

      <h3 id="rules-list-heading">Rules</h3>
      {rules === null ? (
        !loadError && <p className="muted">Loading…</p>
      ) : rules.length === 0 && editing !== "new" ? (
        <p className="empty-state">
          No response rules yet. Add one below, for example: when the type is Security, page the Security team, inform the Legal and PR teams and make the incident private.
        </p>
      ) : (
        <ol className="rules-list" aria-labelledby="rules-list-heading">
          {rules.map((r, i) =>
            editing === r.id ? (
              <li key={r.id}>
                <RuleEditor
                  initial={ruleForm(r)}
                  title={`Edit ${r.name}`}
                  catalog={catalog}
                  people={people}
                  names={names}
                  onSave={async (form) => {
                    const outcome = await save(form, r.id);
                    if (!outcome) stop(`edit-${r.id}`);
                    return outcome;
                  }}
                  onCancel={() => stop(`edit-${r.id}`)}
                />
              </li>
            ) : (
              <li key={r.id} className={`panel rule-card${r.enabled ? "" : " off"}`} aria-labelledby={`rule-${r.id}`}>
                <h4 id={`rule-${r.id}`}>
                  <span className="order">{i + 1}.</span>
                  {r.name}
                  {!r.enabled && <span className="badge">Off</span>}
                </h4>
                <p className="summary">{ruleSentence(r, names)}</p>
                {refusals[r.id] && (
                  <p role="alert" className="error">
                    {refusals[r.id]}
                  </p>
                )}
                <div className="actions">
                  <button type="button" ref={opener(`edit-${r.id}`)} aria-label={`Edit ${r.name}`} onClick={() => setEditing(r.id)}>
                    Edit
                  </button>
                  <button type="button" aria-label={`${r.enabled ? "Turn off" : "Turn on"} ${r.name}`} onClick={() => setEnabled(r, !r.enabled)}>
                    {r.enabled ? "Turn off" : "Turn on"}
                  </button>
                  <ConfirmButton
                    label="Delete"
                    aria-label={`Delete ${r.name}`}
                    question={`Delete ${r.name}? New incidents no longer get what it does; incidents already declared keep it.`}
                    confirmLabel={`Delete ${r.name}`}
                    onConfirm={() => remove(r)}
                  />
                </div>
              </li>
            ),
          )}
        </ol>
      )}
      {editing === "new" ? (
        <RuleEditor
          initial={emptyRuleForm()}
          title="Add a response rule"
          catalog={catalog}
          people={people}
          names={names}
          onSave={async (form) => {
            const outcome = await save(form, null);
            if (!outcome) stop("+add");
            return outcome;
          }}
          onCancel={() => stop("+add")}
        />
      ) : (
        <button type="button" ref={opener("+add")} onClick={() => setEditing("new")} disabled={rules === null}>
          Add a response rule
        </button>
      )}

      <PreviewPanel catalog={catalog} severities={severities} />
    </section>
  );
}

/** A group of checkboxes, named by its legend, with its error beside it. */
function CheckGroup<T extends string | number>({ legend, hint, options: known, selected, onChange, error, empty }: { legend: string; hint?: ReactNode; options: { value: T; label: string }[]; selected: readonly T[]; onChange: (next: T[]) => void; error?: string; empty: ReactNode }) {
  const id = useId();
  // Something chosen that no longer exists (a deleted team) stays listed, so it can be unticked.
  const options = [...known, ...selected.filter((v) => !known.some((o) => o.value === v)).map((v) => ({ value: v, label: `Deleted (#${v})` }))];
  const showHint = hint && options.length > 0;
  const described = [showHint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="check-group" aria-describedby={described} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {options.length ? (
        <ul className="checks">
          {options.map((o) => (
            <li key={String(o.value)}>
              <label>
                <input type="checkbox" checked={selected.includes(o.value)} onChange={(e) => onChange(toggle(selected, o.value, e.target.checked))} />
                {o.label}
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
      {showHint && (
        <div id={`${id}-hint`} className="muted field-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** People chosen with the person picker, each removable. */
function PeopleChoice({ legend, ids, people, onChange, error }: { legend: string; ids: number[]; people: User[]; onChange: (ids: number[]) => void; error?: string }) {
  const id = useId();
  const byId = new Map(people.map((p) => [p.id, p]));
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {ids.length > 0 && (
        <ul className="chips">
          {ids.map((uid) => {
            const name = byId.get(uid)?.name ?? `a deleted person (#${uid})`;
            return (
              <li key={uid}>
                <span>{name}</span>
                <button type="button" className="small" aria-label={`Remove ${name} from ${legend.toLowerCase()}`} onClick={() => onChange(ids.filter((x) => x !== uid))}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <PersonPicker label={`Add to ${legend.toLowerCase()}`} people={people.filter((p) => p.active && !ids.includes(p.id))} onPick={(u) => onChange([...ids, u.id])} />
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function RuleEditor({ initial, title, catalog, people, names, onSave, onCancel }: { initial: RuleForm; title: string; catalog: ResponseCatalog; people: User[]; names: RuleNames; onSave: (form: RuleForm) => Promise<Outcome>; onCancel: () => void }) {
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
      <PeopleChoice legend="Responders" ids={form.responders} people={people} onChange={(responders) => set({ responders })} error={errors["then.responders"]} />
      <CheckGroup legend="Inform teams" hint="Their members get an email; they are not paged." options={teamOptions} selected={form.informTeams} onChange={(informTeams) => set({ informTeams })} error={errors["then.inform_teams"]} empty={noTeams} />
      <PeopleChoice legend="Inform people" ids={form.informUsers} people={people} onChange={(informUsers) => set({ informUsers })} error={errors["then.inform_users"]} />
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

/** The incident manager on call: which schedule, from which severity up. */
function IncidentManagerPanel({ catalog }: { catalog: ResponseCatalog }) {
  const { severities } = useApp();
  const [setting, setSetting] = useState<IncidentManager | null | undefined>(undefined);
  const [schedule, setSchedule] = useState("");
  const [severity, setSeverity] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const ordered = [...severities].sort((a, b) => a.rank - b.rank);

  useEffect(() => {
    api.GET("/api/v1/settings/incident-manager").then(({ data }) => {
      setSetting(data ?? null);
      if (data) {
        setSchedule(String(data.schedule_id));
        setSeverity(data.min_severity);
      }
    });
  }, []);
  const severityDefault = severity || ordered[Math.min(1, ordered.length - 1)]?.key || "";
  const scheduleName = (id: number) => catalog.schedules.find((s) => s.id === id)?.name ?? `schedule #${id}`;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!schedule) {
      setErrors({ schedule_id: "Choose the schedule of incident managers." });
      setMessage("Check this field: Schedule.");
      return;
    }
    const body = { schedule_id: Number(schedule), min_severity: severityDefault };
    const { data, error } = await api.PUT("/api/v1/settings/incident-manager", { body });
    if (!data) {
      const out = splitProblem(error, ["schedule_id", "min_severity"]);
      setErrors(out.fields);
      setMessage([out.message, errorSummary(out.fields, { schedule_id: "Schedule", min_severity: "From severity" })].filter(Boolean).join(" "));
      return;
    }
    setErrors({});
    setMessage(null);
    setSetting(data);
    setStatus(`Saved: incidents at ${data.min_severity} or worse get whoever is on call in ${scheduleName(data.schedule_id)} as incident manager.`);
  }

  async function stop() {
    const { response, error } = await api.DELETE("/api/v1/settings/incident-manager");
    if (response.ok) {
      setSetting(null);
      setSchedule("");
      setStatus("Goldseam no longer assigns an incident manager by itself.");
    } else setMessage(describeProblem(error));
  }

  return (
    <div className="panel imoc">
      <h3 id="imoc-heading">Incident manager on call</h3>
      {setting === undefined ? (
        <p className="muted">Loading…</p>
      ) : setting ? (
        <p>
          Incidents at <strong>{setting.min_severity}</strong> or worse get whoever is on call in <strong>{scheduleName(setting.schedule_id)}</strong> as their incident manager, and
          that person is paged.
        </p>
      ) : (
        <p>No incident manager is assigned automatically. Choose the schedule of incident managers and the severity from which they take incidents.</p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      {catalog.loaded && !catalog.schedules.length ? (
        <p className="empty-state">There are no schedules yet: add the incident managers' rotation on the On-call page first.</p>
      ) : (
        <form onSubmit={save} aria-labelledby="imoc-heading" noValidate>
          {message && (
            <p role="alert" className="error">
              {message}
            </p>
          )}
          <div className="form-row">
            <Field label="Schedule" error={errors.schedule_id} className="grow">
              {(c) => (
                <select {...c} value={schedule} onChange={(e) => setSchedule(e.target.value)}>
                  <option value="">Choose a schedule…</option>
                  {catalog.schedules.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="From severity" error={errors.min_severity} className="grow">
              {(c) => (
                <select {...c} value={severityDefault} onChange={(e) => setSeverity(e.target.value)}>
                  {ordered.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.key} ({s.name}) or worse
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="actions">
            <button type="submit">{setting ? "Save incident manager" : "Assign an incident manager"}</button>
            {setting && (
              <ConfirmButton
                label="Stop assigning"
                aria-label="Stop assigning an incident manager"
                question="Stop assigning an incident manager on call? New incidents then have none until someone takes the role."
                confirmLabel="Stop assigning"
                onConfirm={stop}
              />
            )}
          </div>
        </form>
      )}
    </div>
  );
}

/** "What would happen if I declared this?" */
function PreviewPanel({ catalog, severities }: { catalog: ResponseCatalog; severities: components["schemas"]["Severity"][] }) {
  const { types } = useApp();
  const ordered = [...severities].sort((a, b) => a.rank - b.rank);
  const [type, setType] = useState("");
  const [severity, setSeverity] = useState("");
  const [tags, setTags] = useState("");
  const [services, setServices] = useState<number[]>([]);
  const [result, setResult] = useState<{ preview: Preview; asked: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const typeValue = type || (types.find((t) => t.key === "other") ?? types[0])?.key || "";
  const severityValue = severity || ordered[0]?.key || "";

  async function ask(e: FormEvent) {
    e.preventDefault();
    const { data, error } = await api.POST("/api/v1/response-rules/preview", { body: { type: typeValue || null, severity: severityValue, tags: parseTags(tags), services } });
    if (!data) {
      setResult(null);
      setMessage(describeProblem(error));
      return;
    }
    setMessage(null);
    const typeName = types.find((t) => t.key === typeValue)?.name ?? typeValue;
    setResult({ preview: data, asked: `a ${typeName} incident at ${severityValue}` });
  }

  const named = (xs: { name?: string | null; id: number }[]) => xs.map((x) => x.name ?? `#${x.id} (deleted)`);
  return (
    <section className="panel preview" aria-labelledby="preview-heading">
      <h3 id="preview-heading">Preview: what would happen if I declared this?</h3>
      <form onSubmit={ask} aria-label="Preview a declaration" noValidate>
        {message && (
          <p role="alert" className="error">
            {message}
          </p>
        )}
        <div className="form-grid">
          <Field label="Type">
            {(c) => (
              <select {...c} value={typeValue} onChange={(e) => setType(e.target.value)}>
                {types.map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Severity">
            {(c) => (
              <select {...c} value={severityValue} onChange={(e) => setSeverity(e.target.value)}>
                {ordered.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.key} ({s.name})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Tags" hint="Separated by spaces or commas." className="wide">
            {(c) => <input {...c} value={tags} autoComplete="off" onChange={(e) => setTags(e.target.value)} />}
          </Field>
        </div>
        {catalog.services.length > 0 && (
          <CheckGroup legend="Services" options={catalog.services.map((s) => ({ value: s.id, label: s.name }))} selected={services} onChange={setServices} empty="" />
        )}
        <button type="submit">Preview</button>
      </form>
      <div aria-live="polite">
        {result && (
          <div className="preview-result">
            <h4>Declaring {result.asked} would:</h4>
            <dl>
              <dt>Rules that match</dt>
              <dd>{result.preview.matched_rules.length ? joinAnd(named(result.preview.matched_rules)) : "None"}</dd>
              <dt>Page</dt>
              <dd>{result.preview.page_teams.length ? teamsWords(named(result.preview.page_teams)) : "No team"}</dd>
              <dt>Add as responders</dt>
              <dd>{result.preview.responders.length ? joinAnd(named(result.preview.responders)) : "Nobody"}</dd>
              <dt>Inform</dt>
              <dd>
                {result.preview.inform_teams.length || result.preview.inform_users.length
                  ? joinAnd([...(result.preview.inform_teams.length ? [teamsWords(named(result.preview.inform_teams))] : []), ...named(result.preview.inform_users)])
                  : "Nobody"}
              </dd>
              <dt>Visibility</dt>
              <dd>{result.preview.private ? <span className="private">Private: only the people working on it and admins see it</span> : "Public: everyone can see it"}</dd>
              <dt>Incident manager</dt>
              <dd>{result.preview.incident_manager_schedule ? `Whoever is on call in ${named([result.preview.incident_manager_schedule])[0]}, paged` : "None assigned automatically"}</dd>
            </dl>
          </div>
        )}
      </div>
    </section>
  );
}
