import "./escalation.css";
import { useId, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { usePeople } from "../people";
import { PersonPicker } from "../room/PersonPicker";
import { ConfirmButton } from "./Confirm";
import { Field } from "./Field";
import { errorSummary, splitProblem, type FieldErrors } from "./forms";
import { useReturnFocus } from "./useReturnFocus";
import {
  checkPolicy,
  choicesFor,
  emptyPolicyForm,
  formSummary,
  isNameConflict,
  levelKey,
  MAX_LEVELS,
  moveLevel,
  policyBody,
  policyFieldOf,
  policyForm,
  policySummary,
  TARGET_KINDS,
  targetWords,
  type LevelForm,
  type Policy,
  type PolicyForm,
  type TargetKind,
} from "./escalation";
import { useResponseCatalog, type ResponseCatalog } from "./escalationCatalog";

type Outcome = { fields: FieldErrors; message: string | null } | null;

/** Who is woken, in what order, until someone acknowledges. */
export function EscalationPoliciesSection() {
  const catalog = useResponseCatalog();
  // Saved changes show at once; the catalog (which the hand-over lists use) reloads behind them.
  const [saved, setPolicies] = useState<Policy[] | null>(null);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [status, setStatus] = useState("");
  const [refusals, setRefusals] = useState<Record<number, string>>({});
  const { opener, closed } = useReturnFocus();
  const policies = saved ?? (catalog.loaded ? catalog.policies : null);
  const list = policies ?? [];

  async function save(form: PolicyForm, id: number | null): Promise<Outcome> {
    const body = policyBody(form);
    const { data, error } = id === null ? await api.POST("/api/v1/escalation-policies", { body }) : await api.PUT("/api/v1/escalation-policies/{id}", { params: { path: { id } }, body });
    if (!data) {
      const problem = (error ?? {}) as { status?: number; detail?: string; errors?: { field: string; message: string }[] };
      const normalized = { ...problem, errors: problem.errors?.map((e) => ({ ...e, field: policyFieldOf(e.field) })) };
      return splitProblem(normalized, fieldNames(form), isNameConflict(problem.detail) ? "name" : undefined);
    }
    setPolicies(id === null ? [...list, data] : list.map((p) => (p.id === id ? data : p)));
    setStatus(id === null ? `${data.name} is added. Choose it as a team's escalation policy on the team's page.` : `${data.name} is saved.`);
    catalog.reload();
    return null;
  }

  async function remove(p: Policy) {
    const { error, response } = await api.DELETE("/api/v1/escalation-policies/{id}", { params: { path: { id: p.id } } });
    if (response.ok) {
      setPolicies(list.filter((x) => x.id !== p.id));
      setRefusals((r) => Object.fromEntries(Object.entries(r).filter(([k]) => Number(k) !== p.id)));
      setStatus(`${p.name} is deleted.`);
      catalog.reload();
      closed("+add");
    } else {
      const detail = (error as { detail?: string } | undefined)?.detail ?? "It could not be deleted; try again.";
      setRefusals((r) => ({ ...r, [p.id]: `${p.name} was not deleted: ${/[.!?]$/.test(detail) ? detail : `${detail}.`}` }));
    }
  }

  const stop = (key: string) => {
    setEditing(null);
    closed(key);
  };

  return (
    <section aria-labelledby="escalation-heading" className="escalation">
      <h2 id="escalation-heading">Escalation policies</h2>
      <p className="muted">
        Who is woken, and in what order, when a team is paged: each level notifies its people a number of minutes after the level before it, until someone acknowledges. A team uses
        the policy chosen on its page.
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      {catalog.error && (
        <p role="alert" className="error">
          {catalog.error}
        </p>
      )}
      {policies === null ? (
        <p className="muted">Loading…</p>
      ) : list.length === 0 && editing !== "new" ? (
        <p className="empty-state">No escalation policies yet. Add one below, then choose it as a team's escalation policy on the team's page.</p>
      ) : (
        <ul className="escalation-list">
          {list.map((p) =>
            editing === p.id ? (
              <li key={p.id} className="editing">
                <PolicyEditor
                  initial={policyForm(p)}
                  selfId={p.id}
                  title={`Edit ${p.name}`}
                  catalog={catalog}
                  onSave={async (form) => {
                    const outcome = await save(form, p.id);
                    if (!outcome) stop(`edit-${p.id}`);
                    return outcome;
                  }}
                  onCancel={() => stop(`edit-${p.id}`)}
                />
              </li>
            ) : (
              <li key={p.id} className="panel escalation-card" aria-labelledby={`policy-${p.id}`}>
                <h3 id={`policy-${p.id}`}>{p.name}</h3>
                <p className="summary">{policySummary(p)}</p>
                {refusals[p.id] && (
                  <p role="alert" className="error">
                    {refusals[p.id]}
                  </p>
                )}
                <div className="actions">
                  <button type="button" ref={opener(`edit-${p.id}`)} aria-label={`Edit ${p.name}`} onClick={() => setEditing(p.id)}>
                    Edit
                  </button>
                  <ConfirmButton
                    label="Delete"
                    aria-label={`Delete ${p.name}`}
                    question={`Delete ${p.name}? Teams that use it page their schedule's on-call person instead.`}
                    confirmLabel={`Delete ${p.name}`}
                    onConfirm={() => remove(p)}
                  />
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      {editing === "new" ? (
        <PolicyEditor
          initial={emptyPolicyForm()}
          title="Add an escalation policy"
          catalog={catalog}
          onSave={async (form) => {
            const outcome = await save(form, null);
            if (!outcome) stop("+add");
            return outcome;
          }}
          onCancel={() => stop("+add")}
        />
      ) : (
        <button type="button" ref={opener("+add")} onClick={() => setEditing("new")} disabled={policies === null}>
          Add an escalation policy
        </button>
      )}
    </section>
  );
}

function fieldNames(form: PolicyForm): string[] {
  return ["name", "levels", ...form.levels.flatMap((_, i) => [`levels[${i}].delay_minutes`, `levels[${i}].targets`]), "repeat", "repeat_after_minutes"];
}

function fieldLabels(form: PolicyForm): Record<string, string> {
  const labels: Record<string, string> = { name: "Name", levels: "Levels" };
  form.levels.forEach((_, i) => {
    labels[`levels[${i}].delay_minutes`] = `Level ${i + 1} minutes`;
    labels[`levels[${i}].targets`] = `Level ${i + 1} who`;
  });
  labels.repeat = "Repeats";
  labels.repeat_after_minutes = "Minutes between passes";
  return labels;
}

function PolicyEditor({ initial, selfId, title, catalog, onSave, onCancel }: { initial: PolicyForm; selfId?: number; title: string; catalog: ResponseCatalog; onSave: (form: PolicyForm) => Promise<Outcome>; onCancel: () => void }) {
  const [form, setFormState] = useState(initial);
  // After a first try, the form's own checks follow every change, so a fixed field stops saying it is wrong;
  // the server's answer stands until the next change.
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<{ fields: FieldErrors; message: string | null }>({ fields: {}, message: null });
  const [sending, setSending] = useState(false);
  const summaryId = useId();
  const errors: FieldErrors = { ...(tried ? checkPolicy(form, selfId) : {}), ...server.fields };
  const message = [server.message, errorSummary(errors, fieldLabels(form))].filter(Boolean).join(" ") || null;

  const setForm = (change: (f: PolicyForm) => PolicyForm) => {
    setFormState(change);
    setServer({ fields: {}, message: null });
  };
  const setLevel = (i: number, change: Partial<LevelForm>) => setForm((f) => ({ ...f, levels: f.levels.map((l, j) => (j === i ? { ...l, ...change } : l)) }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setServer({ fields: {}, message: null });
    if (Object.keys(checkPolicy(form, selfId)).length) return;
    setSending(true);
    const outcome = await onSave(form);
    setSending(false);
    if (outcome) setServer(outcome);
  }

  return (
    <form
      onSubmit={submit}
      aria-label={title}
      className="panel settings-form escalation-editor"
      noValidate
      aria-describedby={summaryId}
      // Escape steps back, unless the person picker used it to close its list.
      onKeyDown={(e) => e.key === "Escape" && !e.defaultPrevented && onCancel()}
    >
      <h3>{title}</h3>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <Field label="Name" hint="What teams and people call it, such as Payments." error={errors.name}>
        {(c) => <input {...c} autoFocus value={form.name} maxLength={100} autoComplete="off" onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} />}
      </Field>
      {errors.levels && <p className="error field-error">{errors.levels}</p>}
      <ol className="levels">
        {form.levels.map((level, i) => (
          <li key={level.key}>
            <LevelEditor
              index={i}
              count={form.levels.length}
              level={level}
              selfId={selfId}
              catalog={catalog}
              errors={errors}
              onChange={(change) => setLevel(i, change)}
              onMove={(by) => setForm((f) => ({ ...f, levels: moveLevel(f.levels, i, by) }))}
              onRemove={() => setForm((f) => ({ ...f, levels: f.levels.filter((_, j) => j !== i) }))}
            />
          </li>
        ))}
      </ol>
      {form.levels.length < MAX_LEVELS && (
        <button type="button" onClick={() => setForm((f) => ({ ...f, levels: [...f.levels, { key: levelKey(), delay: "10", targets: [] }] }))}>
          Add a level
        </button>
      )}
      <div className="form-grid repeat-grid">
        <Field label="Repeats" hint="How many more times the levels run if nobody acknowledges: 0 to 9." error={errors.repeat}>
          {(c) => <input {...c} type="number" min={0} max={9} inputMode="numeric" value={form.repeat} onChange={(e) => setForm((f) => ({ ...f, repeat: e.target.value }))} />}
        </Field>
        <Field label="Minutes between passes" hint="After the last level, before the first level runs again." error={errors.repeat_after_minutes}>
          {(c) => <input {...c} type="number" min={1} max={1440} inputMode="numeric" value={form.repeatAfter} onChange={(e) => setForm((f) => ({ ...f, repeatAfter: e.target.value }))} />}
        </Field>
      </div>
      <div className="summary-box">
        <h4>What it does</h4>
        <p id={summaryId} className="summary">
          {formSummary(form)}
        </p>
      </div>
      <div className="actions">
        <button type="submit" disabled={sending}>
          {selfId === undefined ? "Add policy" : "Save"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function LevelEditor({
  index,
  count,
  level,
  selfId,
  catalog,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  level: LevelForm;
  selfId?: number;
  catalog: ResponseCatalog;
  errors: FieldErrors;
  onChange: (change: Partial<LevelForm>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const n = index + 1;
  const targetsError = errors[`levels[${index}].targets`];
  return (
    <fieldset className="level">
      <legend>Level {n}</legend>
      <Field
        label={index === 0 ? `Level ${n}: minutes after the page starts` : `Level ${n}: minutes after level ${index}`}
        hint={index === 0 ? "0 notifies at once." : "At least 1, so the level before can acknowledge."}
        error={errors[`levels[${index}].delay_minutes`]}
        className="delay-field"
      >
        {(c) => <input {...c} type="number" min={index === 0 ? 0 : 1} max={1440} inputMode="numeric" value={level.delay} onChange={(e) => onChange({ delay: e.target.value })} />}
      </Field>
      <h5 id={`${id}-who`}>Who level {n} notifies</h5>
      {level.targets.length ? (
        <ul className="targets" aria-labelledby={`${id}-who`}>
          {level.targets.map((t) => (
            <li key={`${t.type}-${t.id}`}>
              <span>{targetWords(t)}</span>
              <button type="button" className="small" aria-label={`Remove ${targetWords(t)} from level ${n}`} onClick={() => onChange({ targets: level.targets.filter((x) => x !== t) })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nobody yet: add a person, a schedule, a team or a hand-over below.</p>
      )}
      <TargetAdder index={index} level={level} selfId={selfId} catalog={catalog} errorId={targetsError ? `${id}-targets-error` : undefined} onAdd={(t) => onChange({ targets: [...level.targets, t] })} />
      {targetsError && (
        <p id={`${id}-targets-error`} className="error field-error">
          {targetsError}
        </p>
      )}
      <div className="actions level-actions">
        <button type="button" className="small" disabled={index === 0} aria-label={`Move up level ${n}`} onClick={() => onMove(-1)}>
          Move up
        </button>
        <button type="button" className="small" disabled={index === count - 1} aria-label={`Move down level ${n}`} onClick={() => onMove(1)}>
          Move down
        </button>
        {count > 1 && (
          <button type="button" className="small danger" aria-label={`Remove level ${n}`} onClick={onRemove}>
            Remove level
          </button>
        )}
      </div>
    </fieldset>
  );
}

function TargetAdder({ index, level, selfId, catalog, errorId, onAdd }: { index: number; level: LevelForm; selfId?: number; catalog: ResponseCatalog; errorId?: string; onAdd: (t: { type: TargetKind; id: number; name: string | null }) => void }) {
  const id = useId();
  const people = usePeople();
  const [kind, setKind] = useState<TargetKind>("user");
  const [choice, setChoice] = useState("");
  const n = index + 1;
  const items: { id: number; name: string }[] = kind === "schedule" ? catalog.schedules : kind === "team" ? catalog.teams : kind === "policy" ? catalog.policies : [];
  const choices = choicesFor(items, kind, level, selfId);
  const noun = kind === "schedule" ? "schedule" : kind === "team" ? "team" : "policy";
  const empty = kind === "schedule" ? "There are no schedules yet: add one on the On-call page." : kind === "team" ? "There are no teams yet: add one on the Teams page." : "There is no other policy to hand over to.";

  return (
    <div className="target-adder">
      <div className="field">
        <label htmlFor={`${id}-kind`}>Add to level {n}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          aria-describedby={errorId}
          onChange={(e) => {
            setKind(e.target.value as TargetKind);
            setChoice("");
          }}
        >
          {TARGET_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {kind === "user" ? (
        <div className="field grow">
          <span className="label" aria-hidden="true">
            Person
          </span>
          <PersonPicker
            label={`Person to add to level ${n}`}
            people={people.filter((p) => p.active !== false && !level.targets.some((t) => t.type === "user" && t.id === p.id))}
            onPick={(u) => onAdd({ type: "user", id: u.id, name: u.name })}
          />
        </div>
      ) : choices.length === 0 ? (
        <p className="muted grow">{items.some((x) => !(kind === "policy" && x.id === selfId)) ? `Every ${noun} is already on this level.` : empty}</p>
      ) : (
        <div className="field grow choose">
          <label htmlFor={`${id}-choice`}>{kind === "policy" ? `Policy level ${n} hands over to` : `${noun[0].toUpperCase()}${noun.slice(1)} to add to level ${n}`}</label>
          <div className="copy-row">
            <select id={`${id}-choice`} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Choose a {noun}…</option>
              {choices.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!choice}
              onClick={() => {
                const picked = choices.find((x) => String(x.id) === choice);
                if (picked) onAdd({ type: kind, id: picked.id, name: picked.name });
                setChoice("");
              }}
            >
              Add
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
