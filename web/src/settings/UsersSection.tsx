import { useMemo, useState } from "react";
import { describeProblem, type User } from "../api/client";
import { ConfirmButton } from "../components/Confirm";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { AddUserForm } from "./AddUserForm";
import { useUpdateUser, useUsers } from "./api/users";
import { SetPassword } from "./SetPassword";
import { aRole, mergeUsers, ROLES, sortUsers, userControls, type UserRole } from "./users";

const roleLabel = (role: UserRole) => ROLES.find((r) => r.key === role)?.label ?? role;

/** Everyone who can sign in (or could): add, change role, deactivate, reactivate. */
export function UsersSection() {
  const { session } = useApp();
  const list = useUsers();
  const users = useMemo(() => list.pages?.reduce((shown, page) => mergeUsers(shown, page.items), [] as User[]), [list.pages]);
  const updateUser = useUpdateUser();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  async function update(user: User, change: { role?: UserRole; active?: boolean; password?: string }, done: (u: User) => string): Promise<boolean> {
    setError(null);
    setStatus("");
    try {
      setStatus(done(await updateUser.mutateAsync({ id: user.id, change })));
      return true;
    } catch (e) {
      setError(`${user.name}: ${describeProblem(e)}`);
      return false;
    }
  }

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <AddUserForm
        onAdded={(user) => {
          setStatus(`${user.name} is added as ${aRole(user.role)}.`);
          setError(null);
        }}
      />

      <h3>Everyone</h3>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      <QueryState query={{ ...list.query, data: users }} what="The users">
        {(users) => (
          <table className="cards">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sortUsers(users).map((u) => {
                const can = userControls(u, session.user);
                const self = u.id === session.user.id;
                return (
                  <tr key={u.id} className={u.active ? undefined : "inactive"}>
                    <td data-label="Name">
                      <span>
                        <strong>{u.name}</strong>
                        {self && <span className="muted"> (you)</span>}
                      </span>
                    </td>
                    <td data-label="Email" className="wrap">
                      {u.email}
                    </td>
                    <td data-label="Role">
                      {can.changeRole ? (
                        <select
                          aria-label={`Role of ${u.name}`}
                          value={u.role}
                          onChange={(e) => {
                            const role = e.target.value as UserRole;
                            void update(u, { role }, (d) => `${d.name} is now ${aRole(d.role)}.`);
                          }}
                        >
                          {ROLES.map((r) => (
                            <option key={r.key} value={r.key}>
                              {r.label}
                            </option>
                          ))}
                        </select>
                      ) : (
                        roleLabel(u.role)
                      )}
                    </td>
                    <td data-label="Status">{u.active ? "Active" : "Deactivated"}</td>
                    <td className="row-actions">
                      {can.deactivate && (
                        <ConfirmButton
                          label="Deactivate"
                          aria-label={`Deactivate ${u.name}`}
                          question={<>Deactivate {u.name}? They are signed out everywhere at once, cannot sign in again and their API tokens stop working. You can reactivate them later.</>}
                          confirmLabel={`Deactivate ${u.name}`}
                          onConfirm={() => update(u, { active: false }, (d) => `${d.name} is deactivated and signed out everywhere.`)}
                        />
                      )}
                      {can.reactivate && (
                        <button type="button" aria-label={`Reactivate ${u.name}`} onClick={() => update(u, { active: true }, (d) => `${d.name} is active again and can sign in.`)}>
                          Reactivate
                        </button>
                      )}
                      {u.active && (
                        <SetPassword
                          name={u.name}
                          onSave={(password) => update(u, { password }, (d) => (self ? "Your password is changed." : `${d.name}'s password is set; their other sessions have ended.`))}
                        />
                      )}
                      {self && <span className="muted">Another admin can change your role.</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </QueryState>
      {list.hasMore && (
        <button type="button" onClick={() => void list.loadMore()} disabled={list.loadingMore}>
          Show more users
        </button>
      )}
    </section>
  );
}
