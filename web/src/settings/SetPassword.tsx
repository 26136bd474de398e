import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { passwordProblem } from "./users";

/** Sets someone's password: for a user added without one, or one who forgot theirs. Their other
 * sessions end on the server, so a leaked password stops working everywhere at once. */
export function SetPassword({ name, onSave }: { name: string; onSave: (password: string) => Promise<boolean> }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (!open && wasOpen.current) trigger.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const close = () => {
    setOpen(false);
    setPassword("");
    setProblem(null);
  };
  async function save(e: FormEvent) {
    e.preventDefault();
    const p = passwordProblem(password);
    setProblem(p);
    if (!p && (await onSave(password))) close();
  }

  if (!open) {
    return (
      <button type="button" ref={trigger} aria-label={`Set password for ${name}`} onClick={() => setOpen(true)}>
        Set password
      </button>
    );
  }
  return (
    <form className="inline-form" onSubmit={save} onKeyDown={(e) => e.key === "Escape" && close()} aria-label={`Password of ${name}`}>
      <label htmlFor={id}>New password for {name}</label>
      <input id={id} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus aria-describedby={problem ? `${id}-problem` : undefined} />
      {problem && (
        <p id={`${id}-problem`} role="alert" className="error">
          {problem}
        </p>
      )}
      <button type="submit">Save password</button>{" "}
      <button type="button" onClick={close}>
        Cancel
      </button>
    </form>
  );
}
