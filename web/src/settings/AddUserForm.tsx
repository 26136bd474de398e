import { useRef, useState, type FormEvent } from "react";
import type { User } from "../api/client";
import { useAddUser } from "./api/users";
import { Field } from "../components/Field";
import { errorSummary, splitProblem, type FieldErrors } from "../components/forms";
import { idempotencyKey } from "../idempotency";
import { checkNewUser, NEW_USER_LABELS, newUserBody, PASSWORD_MIN, ROLES, type NewUserForm } from "./users";

const EMPTY: NewUserForm = { email: "", name: "", role: "member", password: "" };
const FIELDS = Object.keys(NEW_USER_LABELS);

export function AddUserForm({ onAdded }: { onAdded: (user: User) => void }) {
  const [form, setForm] = useState<NewUserForm>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const add = useAddUser();
  // A new key whenever the form changes: resending the same form after a lost answer adds them once.
  const key = useRef(idempotencyKey());

  const set = (change: Partial<NewUserForm>) => {
    setForm((f) => ({ ...f, ...change }));
    key.current = idempotencyKey();
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkNewUser(form);
    setErrors(found);
    setMessage(errorSummary(found, NEW_USER_LABELS));
    if (Object.keys(found).length) return;
    let error: unknown;
    try {
      const data = await add.mutateAsync({ body: newUserBody(form), key: key.current });
      setForm(EMPTY);
      key.current = idempotencyKey();
      onAdded(data);
      return;
    } catch (e) {
      error = e;
    }
    const split = splitProblem(error, FIELDS, "email");
    setErrors(split.fields);
    setMessage([split.message, errorSummary(split.fields, NEW_USER_LABELS)].filter(Boolean).join(" "));
  }

  return (
    <form onSubmit={submit} aria-labelledby="add-user-heading" className="panel settings-form" noValidate>
      <h3 id="add-user-heading">Add a user</h3>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="form-grid">
        <Field label={NEW_USER_LABELS.email} error={errors.email}>
          {(c) => <input {...c} type="email" autoComplete="off" value={form.email} onChange={(e) => set({ email: e.target.value })} />}
        </Field>
        <Field label={NEW_USER_LABELS.name} error={errors.name}>
          {(c) => <input {...c} autoComplete="off" value={form.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field
          label={
            <>
              {NEW_USER_LABELS.password} <span className="muted">(optional)</span>
            </>
          }
          hint={`At least ${PASSWORD_MIN} characters; share it with them safely. Without one they cannot sign in to the web app.`}
          error={errors.password}
        >
          {(c) => <input {...c} type="password" autoComplete="new-password" value={form.password} onChange={(e) => set({ password: e.target.value })} />}
        </Field>
        <Field
          label={NEW_USER_LABELS.role}
          error={errors.role}
          className="wide role-field"
          hint={
            <ul className="role-help">
              {ROLES.map((r) => (
                <li key={r.key}>
                  <strong>{r.label}</strong>: {r.explanation}
                </li>
              ))}
            </ul>
          }
        >
          {(c) => (
            <select {...c} value={form.role} onChange={(e) => set({ role: e.target.value as NewUserForm["role"] })}>
              {ROLES.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit" disabled={add.isPending}>
        Add user
      </button>
    </form>
  );
}
