import { useState, type FormEvent } from "react";
import { describeProblem } from "../api/client";
import { ApiError, statusOf } from "../api/errors";
import { useConfirmCode, useDeleteContactMethod, useSendCode } from "./api/contactMethods";
import { Time } from "../Time";
import { ConfirmButton } from "../components/Confirm";
import { Field } from "../components/Field";
import { ContactChangeAddressForm } from "./ContactChangeAddressForm";
import { codeMessage, kindInfo, methodLabel, waitMessage, type ContactMethod } from "./contact";

/** One contact method in the list: its state, verifying it with a code, changing its address, deleting it. */
export function ContactMethodItem({ method: m, onChanged, onDeleted }: { method: ContactMethod; onChanged: (m: ContactMethod) => void; onDeleted: () => void }) {
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const sending = useSendCode(m.id);
  const confirming = useConfirmCode(m.id);
  const deleting = useDeleteContactMethod(m.id);
  const busy = sending.isPending || confirming.isPending;
  const [editing, setEditing] = useState(false);
  const label = methodLabel(m);
  const info = kindInfo(m.kind);
  // An expired code still shows its field: confirming says it expired, and a new one is a click away.
  const pending = !m.verified ? m.pending_code : null;

  async function sendCode() {
    setMessage(null);
    setNote("");
    try {
      const data = await sending.mutateAsync();
      onChanged(data.contact_method);
      setCodeError(null);
      setCode("");
      setNote(`A code is on its way (${data.destination.replace(/^[a-z]+:/, "")}). Enter it below; it works for 15 minutes.`);
    } catch (error) {
      if (statusOf(error) === 429) setMessage(waitMessage(error instanceof ApiError ? (error.headers?.get("Retry-After") ?? null) : null));
      else {
        setMessage(describeProblem(error));
      }
    }
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const typed = code.replace(/\s/g, "");
    if (!/^\d{6}$/.test(typed)) {
      setCodeError("Enter the 6 digits you received.");
      return;
    }
    let error: unknown;
    try {
      const data = await confirming.mutateAsync(typed);
      setCodeError(null);
      setNote("");
      setMessage(null);
      onChanged(data);
      return;
    } catch (e) {
      // The tries left (or a locked, expired code) come back with the method (useConfirmCode).
      error = e;
    }
    const problem = (error ?? {}) as { errors?: { field: string; message: string }[] };
    const own = problem.errors?.find((x) => x.field === "code");
    if (statusOf(error) === 422 && own) setCodeError(codeMessage(own.message));
    else {
      setCodeError(null);
      setMessage(describeProblem(error));
    }
  }

  async function remove() {
    try {
      await deleting.mutateAsync();
      onDeleted();
    } catch (error) {
      setMessage(describeProblem(error));
    }
  }

  return (
    <li className="method panel" aria-labelledby={`method-${m.id}`}>
      <div className="method-head">
        <div className="method-name">
          <strong id={`method-${m.id}`}>{info.label}</strong> <span className="address">{m.address}</span>
        </div>
        {m.verified ? (
          <span className="state verified">
            Verified{m.verified_at && <span className="muted"> <Time at={m.verified_at} withDate /></span>}
          </span>
        ) : (
          <span className="state unverified">Unverified</span>
        )}
      </div>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      {!m.verified && (
        <div className="verify">
          <p role="status" className="muted">
            {note}
          </p>
          {pending ? (
            <form onSubmit={confirm} className="code-form" aria-label={`Verify ${label}`} noValidate>
              <Field
                label={`Code sent to ${m.address}`}
                hint={
                  <>
                    Expires <Time at={pending.expires_at} />; {pending.tries_left} {pending.tries_left === 1 ? "try" : "tries"} left.
                  </>
                }
                error={codeError ?? undefined}
              >
                {(control) => <input {...control} value={code} inputMode="numeric" autoComplete="one-time-code" maxLength={7} autoFocus className="code" onChange={(e) => setCode(e.target.value)} />}
              </Field>
              <div className="actions">
                <button type="submit" disabled={busy}>
                  Verify
                </button>
                <button type="button" onClick={sendCode} disabled={busy}>
                  Send a new code
                </button>
              </div>
            </form>
          ) : (
            <div className="actions">
              <button type="button" onClick={sendCode} disabled={busy} aria-label={`Send code to ${label}`}>
                Send code
              </button>
              <span className="muted">Not usable for pages until verified.</span>
            </div>
          )}
        </div>
      )}
      {editing ? (
        <ContactChangeAddressForm
          method={m}
          onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            setEditing(false);
            onChanged(updated);
            setNote("The new address must be verified: send it a code.");
          }}
        />
      ) : (
        <div className="actions method-actions">
          <button type="button" className="small" onClick={() => setEditing(true)} aria-label={`Change address of ${label}`}>
            Change address
          </button>
          <ConfirmButton label="Delete" aria-label={`Delete ${label}`} question={<>Delete {label}? Pages will no longer reach you there.</>} confirmLabel={`Delete ${label}`} onConfirm={remove} />
        </div>
      )}
    </li>
  );
}
