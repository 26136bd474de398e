import { useRef, useState } from "react";
import { useChecklist, useRecordMeeting, type ChecklistStep } from "../api/learning";
import { problemText } from "../components/forms";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";
import { todayCivil } from "../followUpWords";
import { civilDayOf, dayWords } from "../learningWords";
import { isOpenStep } from "./learning";
import { WaiveForm } from "./WaiveForm";
import "./learning.css";

/**
 * What the incident still owes after it is resolved (the learning policy's first matching rule):
 * each step, who owns it and by when, done or waived. Closing is refused while a step is open, so
 * this is where the room says what is left and, when nothing is, "Ready to close". Absent for
 * incidents that owe nothing. Live: the room's stream asks it again after every burst of events.
 */
export function LearningPanel({ reference }: { reference: string }) {
  const { canAct, isAdmin, roles } = useApp();
  const query = useChecklist(reference);
  const meeting = useRecordMeeting(reference);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const checklist = query.data;
  const failed = query.error != null && !query.isFetching;
  const roleName = (key: string) => roles.find((r) => r.key === key)?.name ?? key.replace(/_/g, " ");

  // Nothing until the first answer (no flash for incidents that owe nothing), and nothing when none is owed.
  if (!checklist) return failed ? <QueryError error={query.error} what="The learning checklist" retry={query.refetch} /> : null;
  if (checklist.rule === null) return null;

  const open = checklist.steps.filter(isOpenStep).length;
  const meetingOpen = checklist.steps.some((s) => s.step === "meeting_held" && isOpenStep(s));
  const recordMeeting = async () => {
    setError(null);
    setStatus("");
    try {
      await meeting.mutateAsync();
      setStatus("The review meeting is recorded as held.");
    } catch (e) {
      setError(problemText(e));
    }
  };
  return (
    <section className="learning" aria-labelledby="learning-title">
      <h2 id="learning-title">
        Learning {checklist.complete ? <span className="ln-ready">Ready to close</span> : <span className="ln-count">{open} open</span>}
      </h2>
      <p className="muted ln-rule">
        What this incident owes by the rule “{checklist.rule}”. {checklist.complete ? "Every step is done or waived." : "It can be closed once every step is done or waived."}
      </p>
      {failed && <QueryError error={query.error} what="The learning checklist" retry={query.refetch} />}
      {error && (
        <p role="alert" className="error ln-error">
          {error}
        </p>
      )}
      <ul className="ln-steps">
        {checklist.steps.map((s) => (
          <StepItem key={s.step} reference={reference} step={s} ownerRole={roleName(s.owner_role)} canWaive={isAdmin} onWaived={setStatus} />
        ))}
      </ul>
      {canAct && meetingOpen && (
        <button type="button" className="small" disabled={meeting.isPending} onClick={recordMeeting}>
          Review meeting held
        </button>
      )}
      <p role="status" className="muted">
        {status}
      </p>
    </section>
  );
}

function StepItem({ reference, step: s, ownerRole, canWaive, onWaived }: { reference: string; step: ChecklistStep; ownerRole: string; canWaive: boolean; onWaived: (message: string) => void }) {
  const [waiving, setWaiving] = useState(false);
  const waiveButton = useRef<HTMLButtonElement>(null);
  const today = todayCivil();
  const stop = () => {
    setWaiving(false);
    setTimeout(() => waiveButton.current?.focus(), 0);
  };
  const open = isOpenStep(s);
  return (
    <li className={`ln-step${s.overdue && open ? " overdue" : ""}${open ? "" : " settled"}`}>
      <p className="ln-title">
        <strong>{s.label}</strong>
        {s.done_at && (
          <span className="ln-done">
            <span aria-hidden="true">✓ </span>Done <time dateTime={s.done_at}>{dayWords(civilDayOf(s.done_at), today)}</time>
          </span>
        )}
        {s.waived && <span className="ln-waived">Waived</span>}
      </p>
      <p className="ln-facts">
        <span>{s.owner ? s.owner.name : <span className="muted">No owner yet</span>}</span>
        <span className="muted"> ({ownerRole})</span>
        {open && (
          <>
            <span> · </span>
            {s.due_on ? (
              <span className={s.overdue ? "ln-due ln-overdue" : "ln-due"}>
                {s.overdue && (
                  <>
                    <strong className="fu-overdue-flag">Overdue</strong>{" "}
                  </>
                )}
                due <time dateTime={s.due_on}>{dayWords(s.due_on, today)}</time>
              </span>
            ) : (
              <span className="muted">due once resolved</span>
            )}
          </>
        )}
      </p>
      {s.waived && (
        <p className="ln-facts muted">
          {s.waived.by ? `Waived by ${s.waived.by}` : "Waived"} on <time dateTime={s.waived.at}>{dayWords(civilDayOf(s.waived.at), today)}</time>: {s.waived.reason}
        </p>
      )}
      {canWaive &&
        open &&
        (waiving ? (
          <WaiveForm
            reference={reference}
            step={s}
            onCancel={stop}
            onDone={() => {
              onWaived(`“${s.label}” is waived.`);
              setWaiving(false);
            }}
          />
        ) : (
          <button type="button" className="small" ref={waiveButton} onClick={() => setWaiving(true)}>
            Waive<span className="visually-hidden"> “{s.label}”</span>…
          </button>
        ))}
    </li>
  );
}
