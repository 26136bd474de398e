import { useState, type FormEvent } from "react";
import { useAddContactMethod } from "./api/contactMethods";
import { Field } from "../components/Field";
import { splitProblem } from "../components/forms";
import { checkAddress, KINDS, kindInfo, type ContactMethod, type Kind } from "./contact";

/** The form that adds a contact method (unverified until its code is confirmed). */
export function ContactAddMethodForm({ onAdded }: { onAdded: (m: ContactMethod) => void }) {
  const [kind, setKind] = useState<Kind>("email");
  const [address, setAddress] = useState("");
  const [addressError, setAddressError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = useAddContactMethod();
  const info = kindInfo(kind);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = checkAddress(kind, address);
    setAddressError(problem);
    setError(problem ? `Check this field: ${info.field}.` : null);
    if (problem) return;
    try {
      const data = await add.mutateAsync({ kind, address: address.trim() });
      setAddress("");
      onAdded(data);
    } catch (error) {
      const split = splitProblem(error, ["address"], "address");
      setAddressError(split.fields.address ?? null);
      setError(split.message ?? `Check this field: ${info.field}.`);
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="add-method-heading" className="panel settings-form" noValidate>
      <h3 id="add-method-heading">Add a contact method</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-row">
        <Field label="Kind">
          {(control) => (
            <select
              {...control}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setAddressError(null);
                setError(null);
              }}
            >
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={info.field} hint={info.hint} error={addressError ?? undefined} className="grow">
          {(control) => (
            <input
              {...control}
              value={address}
              inputMode={info.inputMode}
              type={kind === "email" ? "email" : kind === "webhook" ? "url" : kind === "sms" || kind === "voice" ? "tel" : "text"}
              placeholder={info.placeholder}
              autoComplete={kind === "email" ? "email" : kind === "sms" || kind === "voice" ? "tel" : "off"}
              spellCheck={false}
              onChange={(e) => setAddress(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={add.isPending}>
          Add method
        </button>
      </div>
    </form>
  );
}
