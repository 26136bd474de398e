import { useRef, useState, type FormEvent } from "react";
import { describeProblem } from "../api/client";
import { ConfirmButton } from "../components/Confirm";
import { Field } from "../components/Field";
import { splitProblem } from "../components/forms";
import { QueryState } from "../components/QueryState";
import { idempotencyKey } from "../idempotency";
import { Time } from "../Time";
import { useCreateToken, useRevokeToken, useTokens } from "./api/tokens";
import { checkTokenName, curlExample, sortTokens, type CreatedToken, type Token } from "./tokens";

/** The caller's API tokens: list, create (the secret shown once), revoke. */
export function TokensSection() {
  const tokens = useTokens();
  const revokeToken = useRevokeToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [status, setStatus] = useState("");
  const [revokeError, setRevokeError] = useState<string | null>(null);
  // After the secret is put away the keyboard goes back to the name field, not to the page top.
  const [stored, setStored] = useState(false);

  async function revoke(token: Token) {
    setRevokeError(null);
    try {
      await revokeToken.mutateAsync(token.id);
      setStatus(`The token “${token.name}” is revoked; anything using it now gets 401.`);
    } catch (error) {
      setRevokeError(describeProblem(error));
    }
  }

  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">Tokens let scripts, the CLI and other tools call the API as you, with your role. Make one per use, so you can revoke it alone.</p>

      {created ? (
        <NewSecret
          token={created}
          onDone={() => {
            setCreated(null);
            setStored(true);
          }}
        />
      ) : (
        <CreateToken
          focus={stored}
          onCreated={(token) => {
            setCreated(token);
            setStatus("");
          }}
        />
      )}

      <h3>Your tokens</h3>
      {revokeError && (
        <p role="alert" className="error">
          {revokeError}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      <QueryState query={tokens} what="Your tokens">
        {(tokens) =>
          tokens.length === 0 ? (
            <p className="muted">You have no tokens yet.</p>
          ) : (
            <table className="cards">
              <caption className="visually-hidden">Your API tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sortTokens(tokens).map((t) => (
                  <tr key={t.id} className={t.revoked_at ? "inactive" : undefined}>
                    <td data-label="Name">
                      <span>
                        <strong>{t.name}</strong> <code className="muted">{t.prefix}…</code>
                      </span>
                    </td>
                    <td data-label="Created">
                      <Time at={t.created_at} withDate />
                    </td>
                    <td data-label="Last used">{t.last_used_at ? <Time at={t.last_used_at} withDate /> : <span className="muted">Never</span>}</td>
                    <td data-label="Status">
                      {t.revoked_at ? (
                        <span>
                          Revoked <Time at={t.revoked_at} withDate />
                        </span>
                      ) : (
                        "Active"
                      )}
                    </td>
                    <td className="row-actions">
                      {!t.revoked_at && (
                        <ConfirmButton
                          label="Revoke"
                          aria-label={`Revoke ${t.name}`}
                          question={<>Revoke “{t.name}”? Anything using it stops working at once; this cannot be undone.</>}
                          confirmLabel={`Revoke ${t.name}`}
                          onConfirm={() => revoke(t)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>

      <h3>Using a token</h3>
      <p>Send it in the Authorization header of every request:</p>
      <pre className="command">
        <code>{curlExample(window.location.origin)}</code>
      </pre>
    </section>
  );
}

function CreateToken({ focus, onCreated }: { focus: boolean; onCreated: (token: CreatedToken) => void }) {
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = useCreateToken();
  // One key per attempt at this name: a retry after a lost answer gets the same token back.
  const key = useRef(idempotencyKey());

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = checkTokenName(name);
    setNameError(problem);
    setError(problem ? "Check this field: Token name." : null);
    if (problem) return;
    try {
      const data = await create.mutateAsync({ name: name.trim(), key: key.current });
      key.current = idempotencyKey();
      setName("");
      onCreated(data);
    } catch (error) {
      const split = splitProblem(error, ["name"]);
      setNameError(split.fields.name ?? null);
      setError(split.message ?? "Check this field: Token name.");
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="new-token-heading" className="panel settings-form" noValidate>
      <h3 id="new-token-heading">New token</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-row">
        <Field label="Token name" hint="What it is for, such as ci or laptop." error={nameError ?? undefined} className="grow">
          {(control) => (
            <input
              {...control}
              value={name}
              maxLength={200}
              autoComplete="off"
              autoFocus={focus}
              onChange={(e) => {
                setName(e.target.value);
                key.current = idempotencyKey();
              }}
            />
          )}
        </Field>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </div>
    </form>
  );
}

/** The secret, once: copy it now or make another token later. */
function NewSecret({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState("");

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied("Copied to the clipboard.");
    } catch {
      // No clipboard API (plain http) or no permission: select it so the keyboard shortcut works.
      input.current?.select();
      setCopied("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    }
  }

  return (
    <section aria-labelledby="new-secret-heading" className="panel secret">
      <h3 id="new-secret-heading">Your new token “{token.name}”</h3>
      <p className="warning">
        <strong>Copy it now: it will not be shown again.</strong> Anyone who has it can act as you; keep it where you keep passwords.
      </p>
      <Field label={`Secret of “${token.name}”`}>
        {(control) => (
          <div className="copy-row">
            <input {...control} ref={input} readOnly value={token.token} autoFocus spellCheck={false} onFocus={(e) => e.currentTarget.select()} className="mono" />
            <button type="button" onClick={copy}>
              Copy
            </button>
          </div>
        )}
      </Field>
      <p role="status" className="muted">
        {copied}
      </p>
      <p>Try it:</p>
      <pre className="command">
        <code>{curlExample(window.location.origin, token.token)}</code>
      </pre>
      <button type="button" onClick={onDone}>
        Done, I have stored it
      </button>
    </section>
  );
}
