import type { AlertGroup } from "../api/alerts";
import { groupStatusWord, severityWord } from "../alertWords";
import "./alertBadges.css";

/** A group's severity and status, and whether it is the storm group or flapping. */
export function AlertGroupBadges({ group }: { group: Pick<AlertGroup, "severity" | "status" | "storm" | "flapping"> }) {
  return (
    <span className="alert-badges">
      <span className={`alert-badge sev-${group.severity}`}>{severityWord(group.severity)}</span>
      <span className={`alert-badge status-${group.status}`}>{groupStatusWord(group.status)}</span>
      {group.storm && (
        <span className="alert-badge storm" title="New groups beyond the storm threshold fold into this one">
          Storm
        </span>
      )}
      {group.flapping && (
        <span className="alert-badge flapping" title="Reopened too often: it is recorded and does not page again">
          Flapping
        </span>
      )}
    </span>
  );
}
