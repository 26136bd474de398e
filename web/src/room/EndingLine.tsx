import type { Incident } from "../api/client";
import type { TimelineEvent } from "../events";
import { Time } from "../Time";
import { endingOf } from "./resolution";

/** A finished incident's room leads with how it ended: what fixed it, or why it was canceled. */
export function EndingLine({ incident, events }: { incident: Incident; events: readonly TimelineEvent[] }) {
  const ending = endingOf(incident, events);
  if (!ending) return null;
  return (
    <p className={`ending ending-${ending.how.toLowerCase()}`}>
      <strong>{ending.how}</strong> <Time at={ending.at} withDate />
      {ending.by && ` by ${ending.by}`}
      {ending.reason ? (
        <>
          : <span className="ending-reason">{ending.reason}</span>
        </>
      ) : (
        <span className="muted">{ending.how === "Resolved" ? " (nobody said what fixed it)" : ""}</span>
      )}
    </p>
  );
}
