import { useId, type ReactNode } from "react";

/** What the control inside a field needs to be named and described by the field's label, hint and error. */
export interface FieldControl {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** A labelled control with its hint and its error right beside it, both read out with the control. */
export function Field({ label, hint, error, className, children }: { label: ReactNode; hint?: ReactNode; error?: string; className?: string; children: (control: FieldControl) => ReactNode }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className={`field${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { "aria-invalid": true } : {}), ...(described ? { "aria-describedby": described } : {}) })}
      {hint && (
        <div id={`${id}-hint`} className="muted field-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="error field-error">
          {error}
        </p>
      )}
    </div>
  );
}
