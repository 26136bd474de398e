import type { Incident } from "../api/client";
import { useApp } from "../context";
import { isRunning } from "../lifecycle";
import { INCIDENT_MANAGER, useLeadRoleName } from "../roles";
import type { Act } from "./act";
import { useAssignRole } from "./api/changes";

/**
 * Who leads: the first thing people joining a fire look for. Names the incident manager, or says
 * plainly that nobody leads yet and, to those who may act while the incident runs, offers to take
 * the lead in one click.
 */
export function LeadLine({ incident, act }: { incident: Incident; act: Act }) {
  const { canAct, session } = useApp();
  const roleName = useLeadRoleName();
  const { mutateAsync: assignRole } = useAssignRole(incident.reference);
  const lead = incident.roles.find((h) => h.role === INCIDENT_MANAGER)?.user;
  const running = isRunning(incident.status);
  if (lead) {
    return (
      <span className="lead" title={roleName}>
        Led by <strong>{lead.name}</strong>
        {lead.id === session.user.id && <span className="muted"> (you)</span>}
      </span>
    );
  }
  if (!running) return <span className="lead nobody">Nobody led it</span>;
  return (
    <span className="lead nobody">
      <strong>Nobody leads yet</strong>
      {canAct && (
        <>
          {": "}
          <button className="small" onClick={() => act(assignRole({ role: INCIDENT_MANAGER, userId: session.user.id }))} aria-label={`Take the lead: make me ${roleName}`}>
            take the lead
          </button>
        </>
      )}
    </span>
  );
}
