// The small pieces every follow-up shows wherever it appears (the page, the room, the postmortem):
// its due date in relative and absolute words, whether it is overdue (said in words, not by colour
// alone), its status and its priority.
import { dueInWords, followUpStatusLabel, longDate, priorityLabel, shortDate, todayCivil } from "../../followUpWords";
import "./followUps.css";

/** "due in 3 days (10 Dec)", the whole date on hover and for machines; "Overdue" first when it is. */
export function DueDate({ dueOn, overdue, today = todayCivil() }: { dueOn: string | null | undefined; overdue: boolean; today?: string }) {
  if (!dueOn) return <span className="muted">No due date</span>;
  return (
    <span className={overdue ? "fu-due fu-overdue" : "fu-due"}>
      {overdue && (
        <>
          <strong className="fu-overdue-flag">Overdue</strong>{" "}
        </>
      )}
      <time dateTime={dueOn} title={longDate(dueOn)}>
        {dueInWords(dueOn, today)} ({shortDate(dueOn, today)})
      </time>
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`fu-status fu-status-${status}`}>{followUpStatusLabel(status)}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`fu-priority fu-priority-${priority}`}>{priorityLabel(priority)}</span>;
}
