import { useMemo, useState, type FormEvent } from "react";
import type { User } from "../api/client";
import type { Policy, ScheduleSummary } from "../api/lists";
import { useDirectory } from "../api/people";
import { PersonPicker } from "../components/PersonPicker";
import { Field } from "../components/Field";
import { errorSummary, type FieldErrors } from "../components/forms";
import { checkTeam, editorProblem, type TeamForm } from "./teams";
import { EditorFrame } from "./EditorFrame";

const LABELS = { name: "Name", description: "Description", schedule_id: "On-call schedule", escalation_policy_id: "Escalation policy", members: "Members" };
export interface NewMember {
  user: User;
  lead: boolean;
}

/** A team's name, description, schedule and escalation policy; when creating, its first members too. */
export function TeamEditor({
  initial,
  heading,
  submitLabel,
  schedules,
  policies,
  withMembers,
  onSubmit,
  onCancel,
}: {
  initial: TeamForm;
  heading: string;
  submitLabel: string;
  schedules: ScheduleSummary[];
  policies: Policy[];
  withMembers: boolean;
  onSubmit: (form: TeamForm, members: NewMember[]) => Promise<{ ok: boolean; error?: unknown }>;
  onCancel?: () => void;
}) {
  const [form, setForm] = useState(initial);
  const [members, setMembers] = useState<NewMember[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const { active } = useDirectory();
  const candidates = useMemo(() => active.filter((p) => !members.some((m) => m.user.id === p.id)), [active, members]);
  const set = (change: Partial<TeamForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in change))));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkTeam(form);
    setErrors(found);
    setMessage(errorSummary(found, LABELS));
    if (Object.keys(found).length) return;
    setSending(true);
    const { ok, error } = await onSubmit(form, members);
    setSending(false);
    if (ok) {
      setForm(initial);
      setMembers([]);
      return;
    }
    const problem = editorProblem(error, LABELS);
    setErrors(problem.fields);
    setMessage(problem.message);
  }

  return (
    <EditorFrame idPrefix="team-form" heading={heading} message={message} submitLabel={submitLabel} sending={sending} onSubmit={submit} onCancel={onCancel}>
      <div className="form-grid">
        <Field label={LABELS.name} error={errors.name}>
          {(c) => <input {...c} value={form.name} maxLength={100} autoComplete="off" onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label={LABELS.schedule_id} error={errors.schedule_id} hint={schedules.length ? "Whoever is on call in it is paged for the team." : "No schedules yet: make one under On-call."}>
          {(c) => (
            <select {...c} value={form.schedule_id} onChange={(e) => set({ schedule_id: e.target.value })}>
              <option value="">None</option>
              {schedules.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={LABELS.escalation_policy_id}
          error={errors.escalation_policy_id}
          hint={policies.length ? "Who is woken, and when, if a page is not acknowledged." : "No escalation policies yet (Settings › Escalation policies)."}
        >
          {(c) => (
            <select {...c} value={form.escalation_policy_id} onChange={(e) => set({ escalation_policy_id: e.target.value })}>
              <option value="">None</option>
              {policies.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={
            <>
              {LABELS.description} <span className="muted">(optional)</span>
            </>
          }
          className="wide"
          error={errors.description}
        >
          {(c) => <textarea {...c} rows={2} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
      </div>
      {withMembers && (
        <fieldset>
          <legend>Members</legend>
          {members.length === 0 ? (
            <p className="muted">Nobody yet. Leads can add and remove the team's members themselves.</p>
          ) : (
            <ul className="member-rows">
              {members.map((m) => (
                <li key={m.user.id}>
                  <span className="name">
                    {m.user.name} <span className="muted">{m.user.email}</span>
                  </span>
                  <label className="inline">
                    <input type="checkbox" checked={m.lead} onChange={(e) => setMembers((all) => all.map((x) => (x.user.id === m.user.id ? { ...x, lead: e.target.checked } : x)))} />
                    Lead<span className="visually-hidden"> ({m.user.name})</span>
                  </label>
                  <button type="button" className="small danger" aria-label={`Remove ${m.user.name} from the new team`} onClick={() => setMembers((all) => all.filter((x) => x.user.id !== m.user.id))}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <PersonPicker label="Add a member" people={candidates} onPick={(user) => setMembers((all) => [...all, { user, lead: false }])} />
          {errors.members && <p className="error field-error">{errors.members}</p>}
        </fieldset>
      )}
    </EditorFrame>
  );
}
