import type { FormEvent, ReactNode } from "react";

/** The frame the team and service editors share: the form named by its heading, the message above the
 * fields, and the submit and Cancel buttons below them. */
export function EditorFrame({
  idPrefix,
  heading,
  message,
  submitLabel,
  sending,
  onSubmit,
  onCancel,
  children,
}: {
  idPrefix: string;
  heading: string;
  message: string | null;
  submitLabel: string;
  sending: boolean;
  onSubmit: (e: FormEvent) => void;
  onCancel?: () => void;
  children: ReactNode;
}) {
  const headingId = `${idPrefix}-${heading.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <form onSubmit={onSubmit} aria-labelledby={headingId} className="panel" noValidate>
      <h2 id={headingId}>{heading}</h2>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      {children}
      <div className="actions">
        <button type="submit" className="primary" disabled={sending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
