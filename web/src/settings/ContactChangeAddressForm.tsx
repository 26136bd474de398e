import { useState, type FormEvent } from "react";
import { useChangeContactAddress } from "./api/contactMethods";
import { Field } from "../components/Field";
import { splitProblem } from "../components/forms";
import { checkAddress, kindInfo, type ContactMethod } from "./contact";

/** Changing a method's address in place; the new address must be verified again. */
export function ContactChangeAddressForm({ method: m, onCancel, onSaved }: { method: ContactMethod; onCancel: () => void; onSaved: (m: ContactMethod) => void }) {
  const info = kindInfo(m.kind);
  const [address, setAddress] = useState(m.address);
  const [error, setError] = useState<string | null>(null);
  const change = useChangeContactAddress(m.id);
  const busy = change.isPending;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = checkAddress(info.kind, address);
    if (problem) return setError(problem);
    try {
      onSaved(await change.mutateAsync(address.trim()));
    } catch (error) {
      const split = splitProblem(error, ["address"], "address");
      setError(split.fields.address ?? split.message);
    }
  }

  return (
    <form onSubmit={submit} className="change-address" noValidate onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <Field label={`New ${info.field.toLowerCase()}`} hint={info.hint} error={error ?? undefined}>
        {(control) => <input {...control} value={address} autoFocus spellCheck={false} onChange={(e) => setAddress(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save address
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
