import { useId, useRef, useState } from "react";
import type { Integration } from "./api/integrations";
import { CopyButton } from "./CopyButton";

/** Where the sender sends, its key (hidden until asked: it is a password), and what to paste
 * into the sender, with copy buttons. */
export function KeyAndSnippet({ integration }: { integration: Pick<Integration, "key" | "snippet" | "name"> }) {
  const [shown, setShown] = useState(false);
  const keyInput = useRef<HTMLInputElement>(null);
  const snippetId = useId();
  const { snippet } = integration;
  return (
    <div className="key-snippet">
      <dl className="facts">
        <dt>Address</dt>
        <dd>
          <code className="mono">{snippet.url}</code> <CopyButton text={snippet.url} label="Copy address" />
        </dd>
        <dt>Key</dt>
        <dd>
          <span className="copy-row">
            <input
              ref={keyInput}
              className="mono"
              aria-label={`Key of “${integration.name}”`}
              type={shown ? "text" : "password"}
              readOnly
              value={integration.key}
              spellCheck={false}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" className="small" aria-pressed={shown} onClick={() => setShown(!shown)}>
              {shown ? "Hide key" : "Show key"}
            </button>
            <CopyButton
              text={integration.key}
              label="Copy key"
              onNoClipboard={() => {
                setShown(true);
                keyInput.current?.select();
              }}
            />
          </span>
          <span className="muted field-hint">Keep it secret, as a password: anyone who has it can send alerts.</span>
        </dd>
      </dl>
      <h3 id={snippetId}>What to paste into the sender</h3>
      <pre className={`snippet language-${snippet.language}`} aria-labelledby={snippetId} tabIndex={0}>
        <code>{snippet.text}</code>
      </pre>
      <CopyButton text={snippet.text} label="Copy configuration" />
    </div>
  );
}
