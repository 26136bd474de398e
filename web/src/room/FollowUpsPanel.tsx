import { useEffect, useRef, useState } from "react";
import { useCreateFollowUp, useIncidentFollowUps, useUpdateFollowUp, type FollowUp } from "../api/followUps";
import { changesOf, newRequest } from "../components/followUps/draft";
import { DueDate, PriorityBadge, StatusBadge } from "../components/followUps/FollowUpBits";
import { FollowUpForm } from "../components/followUps/FollowUpForm";
import { StatusActions } from "../components/followUps/StatusActions";
import { TrackerIssue } from "../components/followUps/TrackerIssue";
import { QueryError } from "../components/QueryState";
import { useApp } from "../context";
import { isOpenStatus } from "../followUpWords";
import { Link } from "../Link";
import { incidentFollowUpsPath } from "../route";

/**
 * What should change so this does not happen again: the incident's follow-ups, every status,
 * oldest first. Members and admins add them (title, owner, team, due date, priority, proposed or
 * committed), edit them and move them along; a viewer reads them. Live: the room's stream asks
 * the list again when a follow-up is added or changed anywhere (src/api/followUps.ts).
 */
export function FollowUpsPanel({ reference }: { reference: string }) {
  const { canAct } = useApp();
  const query = useIncidentFollowUps(reference);
  const items = query.data;
  const create = useCreateFollowUp(reference);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState("");
  const addButton = useRef<HTMLButtonElement>(null);
  useScrollToLinked(items);

  const closeAdd = () => {
    setAdding(false);
    setTimeout(() => addButton.current?.focus(), 0);
  };
  const open = items?.filter((f) => isOpenStatus(f.status)).length ?? 0;
  const failed = query.error != null && !query.isFetching;
  return (
    <section className="follow-ups" aria-labelledby="follow-ups-title">
      <h2 id="follow-ups-title">
        Follow-ups {open > 0 && <span className="fu-count">{open} open</span>}
      </h2>
      {failed && <QueryError error={query.error} what="The follow-ups" retry={query.refetch} />}
      {items === undefined && !failed && <p className="muted">Loading the follow-ups…</p>}
      {items?.length === 0 && (
        <p className="muted">{canAct ? "No follow-ups yet. Add what should change so this does not happen again, who will do it, and by when." : "No follow-ups yet."}</p>
      )}
      {items && items.length > 0 && (
        <ul className="fu-list">
          {items.map((f) => (
            <FollowUpItem key={f.id} followUp={f} canAct={canAct} />
          ))}
        </ul>
      )}
      {canAct &&
        (adding ? (
          <FollowUpForm
            label="Add a follow-up"
            submitLabel="Add follow-up"
            onCancel={closeAdd}
            onSubmit={async (draft) => {
              const created = await create.mutateAsync(newRequest(draft));
              setStatus(`Added the follow-up “${created.title}”.`);
              closeAdd();
            }}
          />
        ) : (
          <button type="button" className="small" ref={addButton} onClick={() => setAdding(true)}>
            Add follow-up
          </button>
        ))}
      {items && items.length > 0 && (
        <p className="fu-all">
          <Link to={incidentFollowUpsPath(reference)}>All of them on the follow-ups page</Link>
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
    </section>
  );
}

/** One follow-up: what, who, by when, how it stands; for those who act, its status buttons and
 * an edit form in its place. */
function FollowUpItem({ followUp: f, canAct }: { followUp: FollowUp; canAct: boolean }) {
  const update = useUpdateFollowUp();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const stopEditing = () => {
    setEditing(false);
    setTimeout(() => editButton.current?.focus(), 0);
  };
  return (
    <li id={`follow-up-${f.id}`} tabIndex={-1} className={f.overdue ? "fu-item overdue" : "fu-item"}>
      {editing ? (
        <FollowUpForm
          initial={f}
          label={`Edit the follow-up “${f.title}”`}
          submitLabel="Save"
          onCancel={stopEditing}
          onSubmit={async (draft) => {
            const changes = changesOf(draft, f);
            if (Object.keys(changes).length) await update.mutateAsync({ id: f.id, changes });
            stopEditing();
          }}
        />
      ) : (
        <>
          <p className="fu-title">
            <strong>{f.title}</strong> <StatusBadge status={f.status} /> <PriorityBadge priority={f.priority} />
          </p>
          <p className="fu-facts">
            <span>{f.owner ? (f.owner.name ?? `User ${f.owner.id}`) : <span className="muted">No owner</span>}</span>
            {f.team && <span> · {f.team.name ?? `Team ${f.team.id}`}</span>}
            <span> · </span>
            <DueDate dueOn={f.due_on} overdue={f.overdue} />
          </p>
          {f.status === "wont_do" && f.reason && <p className="fu-reason-text muted">Won't do: {f.reason}</p>}
          <div className="fu-facts">
            <TrackerIssue followUp={f} canAct={canAct} />
          </div>
          {canAct && (
            <div className="fu-item-actions">
              <StatusActions followUp={f} onChange={(changes) => update.mutateAsync({ id: f.id, changes })} />
              <button type="button" className="small" ref={editButton} onClick={() => setEditing(true)} aria-label={`Edit “${f.title}”`}>
                Edit
              </button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

/** A link to one follow-up (`#follow-up-57`, from the postmortem or the follow-ups page) shows it
 * once the list is here, and puts the keyboard on it. */
function useScrollToLinked(items: FollowUp[] | undefined) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !items) return;
    const hash = window.location.hash;
    if (!/^#follow-up-\d+$/.test(hash)) return;
    const el = document.getElementById(hash.slice(1));
    if (!el) return;
    done.current = true;
    el.scrollIntoView?.({ block: "center" });
    el.focus({ preventScroll: true });
  }, [items]);
}
