import { useRef, useState } from "react";
import type { Incident, RoleKind, User } from "../api/client";
import { useApp } from "../context";
import { PersonPicker } from "../components/PersonPicker";
import type { Act } from "./act";
import { useAssignRole, useRelieveRole } from "./api/changes";

/** Who holds which role, and (for members and admins) assigning, taking and relieving them. */
export function RolesPanel({ incident, people, act }: { incident: Incident; people: User[]; act: Act }) {
  const { roles, canAct } = useApp();
  // Roles held but no longer in the catalog still show, under their key.
  const known = new Set(roles.map((r) => r.key));
  const orphans: RoleKind[] = [...new Set(incident.roles.map((h) => h.role).filter((k) => !known.has(k)))].map((key) => ({
    key,
    name: key.replace(/_/g, " "),
    description: "",
    single_holder: false,
  }));
  return (
    <section className="roles" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <dl>
        {[...roles, ...orphans].map((role) => (
          <RoleRow key={role.key} role={role} incident={incident} people={people} canAct={canAct} act={act} />
        ))}
      </dl>
    </section>
  );
}

function RoleRow({ role, incident, people, canAct, act }: { role: RoleKind; incident: Incident; people: User[]; canAct: boolean; act: Act }) {
  const { session } = useApp();
  const [picking, setPicking] = useState(false);
  const assignButton = useRef<HTMLButtonElement>(null);
  const holders = incident.roles.filter((h) => h.role === role.key).map((h) => h.user);
  const { mutateAsync: assignRole } = useAssignRole(incident.reference);
  const { mutateAsync: relieveRole } = useRelieveRole(incident.reference);
  const mine = holders.some((h) => h.id === session.user.id);
  const verb = role.single_holder && holders.length ? "Change" : "Assign";

  const assign = async (user: { id: number }) => {
    if (holders.some((h) => h.id === user.id)) return setPicking(false);
    if (await act(assignRole({ role: role.key, userId: user.id }))) {
      setPicking(false);
      assignButton.current?.focus();
    }
  };
  const relieve = (user: { id: number }) => act(relieveRole({ role: role.key, userId: user.id }));

  return (
    <div className="role">
      <dt title={role.description}>{role.name}</dt>
      <dd>
        {holders.length === 0 && <span className="muted">Nobody yet</span>}
        {holders.map((h) => (
          <span key={h.id} className="holder">
            {h.name}
            {h.id === session.user.id && <span className="muted you">(you)</span>}
            {canAct && (
              <button className="icon" onClick={() => relieve(h)} aria-label={`Relieve ${h.name} as ${role.name}`} title={`Relieve ${h.name}`}>
                ×
              </button>
            )}
          </span>
        ))}
      </dd>
      {canAct && (
        <dd className="role-actions">
          {!mine && (
            <button className="small" onClick={() => assign(session.user)} aria-label={`Take it: make me ${role.name}`}>
              Take it
            </button>
          )}
          <button ref={assignButton} className="small" aria-expanded={picking} onClick={() => setPicking((p) => !p)} aria-label={`${verb} ${role.name}`}>
            {verb}
          </button>
          {picking && (
            <PersonPicker
              label={`Assign ${role.name}`}
              people={people}
              autoFocus
              onPick={assign}
              onCancel={() => {
                setPicking(false);
                assignButton.current?.focus();
              }}
            />
          )}
        </dd>
      )}
    </div>
  );
}
