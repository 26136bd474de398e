import { useUpdateFollowUp, type FollowUp } from "../api/followUps";
import { DueDate, PriorityBadge, StatusBadge } from "../components/followUps/FollowUpBits";
import { StatusActions } from "../components/followUps/StatusActions";
import { useApp } from "../context";
import { Link } from "../Link";
import { followUpPath, roomPath } from "../route";

/** The follow-ups as rows (cards on phones). Their owner moves them along from here; everyone
 * else reads (and edits in the incident's room). */
export function FollowUpTable({ items, caption, stale, onChanged }: { items: FollowUp[]; caption: string; stale: boolean; onChanged: (sentence: string) => void }) {
  const { session, canAct } = useApp();
  const update = useUpdateFollowUp();
  const mine = (f: FollowUp) => canAct && f.owner?.id === session.user.id;
  const actions = items.some(mine);
  return (
    <table className={`rows fu-table${stale ? " stale" : ""}`}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Follow-up</th>
          <th scope="col">Incident</th>
          <th scope="col">Owner</th>
          <th scope="col">Team</th>
          <th scope="col">Due</th>
          <th scope="col">Priority</th>
          <th scope="col">Status</th>
          {actions && (
            <th scope="col">
              <span className="visually-hidden">Change the status</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {items.map((f) => (
          <tr key={f.id} className={f.overdue ? "overdue" : undefined}>
            <td data-label="Follow-up" className="wrap">
              <Link to={followUpPath(f.incident.reference, f.id)}>{f.title}</Link>
              {f.status === "wont_do" && f.reason && <div className="muted fu-reason-text">Won't do: {f.reason}</div>}
            </td>
            <td data-label="Incident">
              <Link to={roomPath(f.incident.reference)}>{f.incident.reference}</Link>
              <div className="muted fu-incident-title">{f.incident.title}</div>
            </td>
            <td data-label="Owner">{f.owner ? (f.owner.name ?? `User ${f.owner.id}`) : <span className="muted">No owner</span>}</td>
            <td data-label="Team">{f.team ? (f.team.name ?? `Team ${f.team.id}`) : <span className="muted">No team</span>}</td>
            <td data-label="Due">
              <DueDate dueOn={f.due_on} overdue={f.overdue} />
            </td>
            <td data-label="Priority">
              <PriorityBadge priority={f.priority} />
            </td>
            <td data-label="Status">
              <StatusBadge status={f.status} />
            </td>
            {actions && <td className="row-actions">{mine(f) && <StatusActions followUp={f} onChange={(changes) => update.mutateAsync({ id: f.id, changes })} onChanged={onChanged} />}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "3 follow-ups shown, more below" for the polite status line under the list. */
export function countWords(n: number, more: boolean): string {
  return `${n} ${n === 1 ? "follow-up" : "follow-ups"} shown${more ? ", more below" : ""}`;
}
