import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/** A button that asks first, for what cannot be quietly undone (revoking, deactivating). The
 * confirming button takes the focus so the keyboard lands on the choice; Escape or Cancel steps
 * back and gives the focus back to the button. */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, ...rest }: { label: string; question: ReactNode; confirmLabel: string; onConfirm: () => Promise<unknown> } & { "aria-label"?: string }) {
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const stepBack = useRef(false);
  useEffect(() => {
    if (!asking && stepBack.current) {
      stepBack.current = false;
      trigger.current?.focus();
    }
  }, [asking]);

  const cancel = () => {
    stepBack.current = true;
    setAsking(false);
  };
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      cancel();
    }
  };

  if (!asking) {
    return (
      <button type="button" ref={trigger} className="danger" onClick={() => setAsking(true)} aria-label={rest["aria-label"]}>
        {label}
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby={id} className="confirm" onKeyDown={(e) => e.key === "Escape" && cancel()}>
      <p id={id}>{question}</p>
      <div className="actions">
        <button type="button" className="danger" autoFocus disabled={busy} onClick={confirm}>
          {confirmLabel}
        </button>
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
