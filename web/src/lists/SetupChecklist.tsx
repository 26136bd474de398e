import { useState } from "react";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { useAdminSetup } from "../api/setup";
import { nextStep, progress, setupSteps, showChecklist } from "./setup";

const dismissedKey = (userId: number) => `goldseam.setup-checklist-hidden.${userId}`;

function readDismissed(userId: number): boolean {
  try {
    return localStorage.getItem(dismissedKey(userId)) === "1";
  } catch {
    return false;
  }
}

/**
 * The first-run checklist: what an admin of a new installation sets up before a page reaches
 * anyone, each step ticked by itself once the thing exists and linked to where it is done. Hidden
 * once all are done, or when the admin hides it (remembered in this browser).
 */
export function SetupChecklist() {
  const { isAdmin, session } = useApp();
  const userId = session.user.id;
  const [dismissed, setDismissed] = useState(() => readDismissed(userId));
  const query = useAdminSetup(isAdmin && !dismissed);
  if (!isAdmin || dismissed) return null;
  if (query.data === undefined) {
    return query.error != null && !query.isFetching ? <QueryError error={query.error} what="The setup checklist" retry={query.refetch} /> : null;
  }
  const steps = setupSteps(query.data);
  if (!showChecklist(steps, dismissed)) return null;
  const next = nextStep(steps);

  function hide() {
    try {
      localStorage.setItem(dismissedKey(userId), "1");
    } catch {
      // Private browsing may refuse: hidden until the next visit only.
    }
    setDismissed(true);
  }

  return (
    <section className="setup-checklist" aria-labelledby="setup-heading">
      <div className="setup-head">
        <h2 id="setup-heading">Set up Goldseam</h2>
        <span className="muted setup-progress">{progress(steps)}</span>
        <button type="button" className="small" onClick={hide}>
          Hide checklist
        </button>
      </div>
      <p className="muted setup-lede">Only admins see this. Each step ticks itself once what it asks for exists.</p>
      <ol className="setup-steps">
        {steps.map((s, n) => (
          <li key={s.key} className={s.done ? "done" : s === next ? "next" : "todo"} aria-current={s === next ? "step" : undefined}>
            <span className="step-mark" aria-hidden="true">
              {s.done ? "✓" : n + 1}
            </span>
            <div className="step-body">
              <p className="step-title">
                <strong>{s.title}</strong> <span className="step-state">{s.done ? "Done" : s === next ? "Next" : "To do"}</span>
              </p>
              <p className="step-detail">{s.detail}</p>
              {s.settings && (
                <ul className="step-settings">
                  {s.settings.map((g) => (
                    <li key={g.channel}>
                      {g.channel}:{" "}
                      {g.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && (i === g.keys.length - 1 ? " and " : ", ")}
                          <code>{k}</code>
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              )}
              {!s.done && s.links.length > 0 && (
                <p className="step-links">
                  {s.links.map((l, i) => (
                    <span key={l.to}>
                      {i > 0 && " · "}
                      <Link to={l.to}>{l.text}</Link>
                    </span>
                  ))}
                </p>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
