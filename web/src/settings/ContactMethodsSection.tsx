import "./contact.css";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api, describeProblem } from "../api/client";
import { Time } from "../Time";
import { ConfirmButton } from "./Confirm";
import { Field } from "./Field";
import { splitProblem } from "./forms";
import {
  checkAddress,
  codeMessage,
  fromDrafts,
  KINDS,
  kindInfo,
  MAX_DELAY,
  MAX_RULES,
  methodLabel,
  move,
  rulesSummary,
  sortMethods,
  toDrafts,
  waitMessage,
  type ContactMethod,
  type Kind,
  type NotificationRule,
  type RuleDraft,
} from "./contact";

/** How you are reached when paged: your contact methods (each verified with a code) and the
 * notification rules that use them. */
export function ContactMethodsSection() {
  const [methods, setMethods] = useState<ContactMethod[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  const reload = useCallback(async () => {
    const { data, error } = await api.GET("/api/v1/me/contact-methods");
    if (data) setMethods(data);
    else setLoadError(describeProblem(error));
  }, []);
  useEffect(() => {
    let live = true;
    api.GET("/api/v1/me/contact-methods").then(({ data, error }) => {
      if (!live) return;
      if (data) setMethods(data);
      else setLoadError(describeProblem(error));
    });
    return () => {
      live = false;
    };
  }, []);

  const replace = (m: ContactMethod) => {
    setMethods((list) => (list ?? []).map((x) => (x.id === m.id ? m : x)));
    setStatus(m.verified ? `${methodLabel(m)} is verified: you can use it in notification rules.` : "");
  };

  return (
    <section aria-labelledby="contact-heading" className="contact">
      <h2 id="contact-heading">Contact methods</h2>
      <p className="muted">Where Goldseam reaches you when you are paged. Each method is verified with a code before it can be used, so a typo never pages a stranger.</p>
      <AddMethod
        onAdded={(m) => {
          setMethods((list) => [...(list ?? []), m]);
          setStatus(`${methodLabel(m)} is added. Send a code to verify it.`);
        }}
      />
      <h3>Your methods</h3>
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      {methods === null && !loadError && <p className="muted">Loading…</p>}
      {methods?.length === 0 && <p className="muted">You have no contact methods yet. Add one above, then verify it with the code it receives.</p>}
      {!!methods?.length && (
        <ul className="methods">
          {sortMethods(methods).map((m) => (
            <MethodItem
              key={m.id}
              method={m}
              onChanged={replace}
              onReload={reload}
              onDeleted={() => {
                setMethods((list) => (list ?? []).filter((x) => x.id !== m.id));
                setStatus(`${methodLabel(m)} is deleted.`);
              }}
            />
          ))}
        </ul>
      )}
      {methods && <NotificationRules methods={methods} />}
    </section>
  );
}

function AddMethod({ onAdded }: { onAdded: (m: ContactMethod) => void }) {
  const [kind, setKind] = useState<Kind>("email");
  const [address, setAddress] = useState("");
  const [addressError, setAddressError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const info = kindInfo(kind);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = checkAddress(kind, address);
    setAddressError(problem);
    setError(problem ? `Check this field: ${info.field}.` : null);
    if (problem) return;
    setSending(true);
    const { data, error } = await api.POST("/api/v1/me/contact-methods", { body: { kind, address: address.trim() } });
    setSending(false);
    if (data) {
      setAddress("");
      onAdded(data);
    } else {
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
        <button type="submit" disabled={sending}>
          Add method
        </button>
      </div>
    </form>
  );
}

function MethodItem({ method: m, onChanged, onReload, onDeleted }: { method: ContactMethod; onChanged: (m: ContactMethod) => void; onReload: () => void; onDeleted: () => void }) {
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const label = methodLabel(m);
  const info = kindInfo(m.kind);
  // An expired code still shows its field: confirming says it expired, and a new one is a click away.
  const pending = !m.verified ? m.pending_code : null;

  async function sendCode() {
    setBusy(true);
    setMessage(null);
    setNote("");
    const { data, error, response } = await api.POST("/api/v1/me/contact-methods/{id}/verification", { params: { path: { id: m.id } } });
    setBusy(false);
    if (data) {
      onChanged(data.contact_method);
      setCodeError(null);
      setCode("");
      setNote(`A code is on its way (${data.destination.replace(/^[a-z]+:/, "")}). Enter it below; it works for 15 minutes.`);
    } else if (response.status === 429) setMessage(waitMessage(response.headers.get("Retry-After")));
    else {
      setMessage(describeProblem(error));
      onReload();
    }
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const typed = code.replace(/\s/g, "");
    if (!/^\d{6}$/.test(typed)) {
      setCodeError("Enter the 6 digits you received.");
      return;
    }
    setBusy(true);
    const { data, error, response } = await api.POST("/api/v1/me/contact-methods/{id}/verification/confirm", { params: { path: { id: m.id } }, body: { code: typed } });
    setBusy(false);
    if (data) {
      setCodeError(null);
      setNote("");
      setMessage(null);
      onChanged(data);
      return;
    }
    const problem = (error ?? {}) as { errors?: { field: string; message: string }[] };
    const own = problem.errors?.find((x) => x.field === "code");
    if (response.status === 422 && own) setCodeError(codeMessage(own.message));
    else {
      setCodeError(null);
      setMessage(describeProblem(error));
    }
    // The tries left (or a locked, expired code) come back with the method.
    onReload();
  }

  async function remove() {
    const { error, response } = await api.DELETE("/api/v1/me/contact-methods/{id}", { params: { path: { id: m.id } } });
    if (response.ok) onDeleted();
    else setMessage(describeProblem(error));
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
        <ChangeAddress
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

function ChangeAddress({ method: m, onCancel, onSaved }: { method: ContactMethod; onCancel: () => void; onSaved: (m: ContactMethod) => void }) {
  const info = kindInfo(m.kind);
  const [address, setAddress] = useState(m.address);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = checkAddress(info.kind, address);
    if (problem) return setError(problem);
    setBusy(true);
    const { data, error } = await api.PATCH("/api/v1/me/contact-methods/{id}", { params: { path: { id: m.id } }, body: { address: address.trim() } });
    setBusy(false);
    if (data) onSaved(data);
    else {
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

function NotificationRules({ methods }: { methods: ContactMethod[] }) {
  const counter = useRef(0);
  const nextKey = () => ++counter.current;
  const [saved, setSaved] = useState<NotificationRule[] | null>(null);
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const verified = methods.filter((m) => m.verified);

  useEffect(() => {
    let live = true;
    api.GET("/api/v1/me/notification-rules").then(({ data, error }) => {
      if (!live) return;
      if (data) {
        setSaved(data.rules);
        setDrafts(toDrafts(data.rules, () => ++counter.current));
      } else setError(describeProblem(error));
    });
    return () => {
      live = false;
    };
  }, []);

  const parsed = fromDrafts(drafts, methods);
  const dirty = saved !== null && JSON.stringify(parsed.rules) !== JSON.stringify(saved.map((r) => ({ contact_method_id: r.contact_method_id, delay_minutes: r.delay_minutes, ...(r.urgency ? { urgency: r.urgency } : {}) })));
  const update = (key: number, change: Partial<RuleDraft>) => setDrafts((list) => list.map((d) => (d.key === key ? { ...d, ...change } : d)));

  function add() {
    const last = drafts[drafts.length - 1];
    const unused = verified.find((m) => !drafts.some((d) => d.contact_method_id === m.id)) ?? verified[0];
    setDrafts((list) => [...list, { key: nextKey(), contact_method_id: unused.id, delay: last ? String(Math.min(MAX_DELAY, Number(last.delay) + 5 || 5)) : "0", urgency: "" }]);
    setStatus("");
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setStatus("");
    if (Object.keys(parsed.errors).length) {
      setErrors(parsed.errors);
      setError("Check the rules marked below.");
      return;
    }
    setBusy(true);
    const { data, error } = await api.PUT("/api/v1/me/notification-rules", { body: { rules: parsed.rules } });
    setBusy(false);
    if (data) {
      setErrors({});
      setError(null);
      setSaved(data.rules);
      setDrafts(toDrafts(data.rules, nextKey));
      setStatus(`Saved. ${rulesSummary(data.rules, methods)}`);
    } else {
      const fields = drafts.flatMap((_, i) => [`rules[${i}].delay_minutes`, `rules[${i}].contact_method_id`, `rules[${i}].urgency`]);
      const split = splitProblem(error, fields);
      setErrors(split.fields);
      setError(split.message ?? "Check the rules marked below.");
    }
  }

  return (
    <form onSubmit={save} aria-labelledby="rules-heading" className="panel settings-form rules" noValidate>
      <h3 id="rules-heading">Notification rules</h3>
      <p className="muted">
        When you are paged, each rule fires once its delay has passed, until someone acknowledges the page. With no rules, pages go to your account email at once.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {saved === null && !error && <p className="muted">Loading…</p>}
      {saved !== null && (
        <>
          <p className="summary">
            <strong>{dirty ? "With these changes:" : "Now:"}</strong> {Object.keys(parsed.errors).length ? "finish the rules below to see what they do." : rulesSummary(parsed.rules, methods)}
          </p>
          {verified.length === 0 && <p className="notice">Verify a contact method above to use it in a rule.</p>}
          {drafts.length > 0 && (
            <ol className="rule-list">
              {drafts.map((d, i) => (
                <RuleRow
                  key={d.key}
                  index={i}
                  count={drafts.length}
                  draft={d}
                  methods={verified}
                  allMethods={methods}
                  errors={{ method: errors[`rules[${i}].contact_method_id`], delay: errors[`rules[${i}].delay_minutes`], urgency: errors[`rules[${i}].urgency`] }}
                  onChange={(change) => update(d.key, change)}
                  onMove={(by) => setDrafts((list) => move(list, i, by))}
                  onRemove={() => setDrafts((list) => list.filter((x) => x.key !== d.key))}
                />
              ))}
            </ol>
          )}
          <div className="actions">
            <button type="button" onClick={add} disabled={!verified.length || drafts.length >= MAX_RULES}>
              Add a rule
            </button>
            <button type="submit" disabled={busy || (!dirty && !Object.keys(errors).length)}>
              Save rules
            </button>
          </div>
          {drafts.length >= MAX_RULES && <p className="muted">You have the most rules allowed ({MAX_RULES}).</p>}
        </>
      )}
      <p role="status" className="muted">
        {status}
      </p>
    </form>
  );
}

function RuleRow({
  index,
  count,
  draft: d,
  methods,
  allMethods,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  draft: RuleDraft;
  methods: ContactMethod[];
  allMethods: ContactMethod[];
  errors: { method?: string; delay?: string; urgency?: string };
  onChange: (change: Partial<RuleDraft>) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  // A rule naming a method that is no longer verified still shows it, so the select keeps its value.
  const current = allMethods.find((m) => m.id === d.contact_method_id);
  const options = current && !methods.includes(current) ? [...methods, current] : methods;
  return (
    <li className="rule" aria-label={`Rule ${n}`}>
      <div className="rule-sentence">
        <Field label={`Rule ${n}: notify by`} error={errors.method}>
          {(control) => (
            <select {...control} value={d.contact_method_id} onChange={(e) => onChange({ contact_method_id: Number(e.target.value) })}>
              {options.map((m) => (
                <option key={m.id} value={m.id}>
                  {methodLabel(m)}
                  {m.verified ? "" : " (unverified)"}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Minutes after a page starts" hint="0 for at once" error={errors.delay} className="delay">
          {(control) => <input {...control} value={d.delay} inputMode="numeric" maxLength={4} onChange={(e) => onChange({ delay: e.target.value })} />}
        </Field>
        <Field label="For pages of" error={errors.urgency}>
          {(control) => (
            <select {...control} value={d.urgency} onChange={(e) => onChange({ urgency: e.target.value as RuleDraft["urgency"] })}>
              <option value="">any urgency</option>
              <option value="high">high urgency</option>
              <option value="low">low urgency</option>
            </select>
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="button" className="small" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move rule ${n} up`}>
          ↑ Up
        </button>
        <button type="button" className="small" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`Move rule ${n} down`}>
          ↓ Down
        </button>
        <button type="button" className="small danger" onClick={onRemove} aria-label={`Remove rule ${n}`}>
          Remove
        </button>
      </div>
    </li>
  );
}
