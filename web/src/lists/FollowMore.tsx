import { useId, useState, type FormEvent } from "react";
import { useServices } from "../api/lists";
import { checkKey, keyToSend, namesById, type Names, type Target } from "../components/subscriptions/subscriptions";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";

type Kind = Extract<Target, "severity" | "tag" | "service">;
const KINDS: readonly { kind: Kind; label: string }[] = [
  { kind: "severity", label: "A severity" },
  { kind: "tag", label: "A tag" },
  { kind: "service", label: "A service" },
];

/** "Follow…": any severity, a tag or a service, in a small form that opens from the dashboard. */
export function FollowMore({ busy, onFollow }: { busy: boolean; onFollow: (target: Target, key: string, names: Names) => Promise<boolean> }) {
  const { severities } = useApp();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>("severity");
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const services = useServices(open && kind === "service");
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const bad = checkKey(kind, value);
    setProblem(bad);
    if (bad) return;
    const names: Names = { services: namesById(services.data ?? null) };
    if (await onFollow(kind, keyToSend(kind, value), names)) setValue("");
  }

  const ordered = [...severities].sort((a, b) => a.rank - b.rank);
  return (
    <details className="follow-more" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Follow…</summary>
      <form onSubmit={submit} aria-label="Follow a severity, tag or service" noValidate>
        <div className="choice">
          <label htmlFor={`${id}-kind`}>What to follow</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              setValue("");
              setProblem(null);
            }}
          >
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="choice">
          <label htmlFor={`${id}-key`}>{kind === "severity" ? "Severity" : kind === "tag" ? "Tag" : "Service"}</label>
          {kind === "tag" ? (
            <input
              id={`${id}-key`}
              value={value}
              placeholder="payments"
              spellCheck={false}
              autoCapitalize="none"
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(e) => setValue(e.target.value)}
            />
          ) : (
            <select id={`${id}-key`} value={value} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} onChange={(e) => setValue(e.target.value)}>
              <option value="">{kind === "service" && !services.data ? "Loading services…" : `Choose a ${kind}…`}</option>
              {kind === "severity"
                ? ordered.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.key} — {s.name}
                    </option>
                  ))
                : services.data?.map((s) => (
                    <option key={s.id} value={String(s.id)}>
                      {s.name}
                    </option>
                  ))}
            </select>
          )}
        </div>
        <button type="submit" className="small" disabled={busy}>
          Follow
        </button>
        {problem && (
          <p id={`${id}-problem`} className="error field-error">
            {problem}
          </p>
        )}
        {kind === "service" && services.error != null && !services.isFetching && <QueryError error={services.error} what="The services" retry={services.refetch} />}
      </form>
    </details>
  );
}
