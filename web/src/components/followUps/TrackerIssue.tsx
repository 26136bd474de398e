// Where a follow-up stands in an issue tracker: the issue it became (a link), or, for those who
// may act, buttons that file it in each tracker the server has. A private incident's follow-ups
// are not filed: everyone who can read the repository would read them.
import { useState } from "react";
import { useFileFollowUp, useTrackers, type FollowUp } from "../../api/followUps";
import { trackerName } from "../../events";
import { problemText } from "../forms";

export function TrackerIssue({ followUp: f, canAct }: { followUp: FollowUp; canAct: boolean }) {
  const trackers = useTrackers();
  const file = useFileFollowUp();
  const [asked, setAsked] = useState<string | null>(null);
  if (f.tracker) {
    return (
      <span className="fu-tracker">
        {trackerName(f.tracker.tracker)}:{" "}
        <a href={f.tracker.url} target="_blank" rel="noreferrer">
          {f.tracker.key}
        </a>
      </span>
    );
  }
  const offered = trackers.data ?? [];
  if (!canAct || f.incident.private || offered.length === 0) return null;
  if (asked) return <span className="fu-tracker muted" role="status">Filing in {trackerName(asked)}…</span>;
  return (
    <span className="fu-tracker">
      {offered.map((t) => (
        <button
          key={t}
          type="button"
          className="small"
          disabled={file.isPending}
          onClick={() => file.mutate({ id: f.id, tracker: t }, { onSuccess: () => setAsked(t) })}
          aria-label={`File “${f.title}” in ${trackerName(t)}`}
        >
          File in {trackerName(t)}
        </button>
      ))}
      {file.error && (
        <span role="alert" className="error">
          {problemText(file.error)}
        </span>
      )}
    </span>
  );
}
