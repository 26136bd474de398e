import "../components/page.css";
import "./teams.css";
import { useMemo, useState } from "react";
import { usePolicies, useSchedules, useServices } from "../api/lists";
import { useDirectory } from "../api/people";
import { ConfirmButton } from "../components/Confirm";
import { DetailNotLoaded } from "../components/DetailNotLoaded";
import { problemText } from "../components/forms";
import { PersonPicker } from "../components/PersonPicker";
import { QueryError, QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { navigate } from "../route";
import { useDeleteTeam, useRemoveTeamMember, useSaveTeam, useSetTeamMember, useTeam } from "./api/teams";
import { ReviewSlots } from "./ReviewSlots";
import { TeamEditor } from "./TeamEditor";
import { TeamSubscriptions } from "./TeamSubscriptions";
import { canManageMembers, idOrNull, sortMembers } from "./teams";

/** One team: its members and their roles, its schedule and escalation policy, the services it owns,
 * what it follows as a team. Admins and the team's leads manage members; admins edit and delete
 * the team and its subscriptions. */
export function TeamPage({ id }: { id: number }) {
  const { isAdmin, session } = useApp();
  const teamQuery = useTeam(id);
  const team = teamQuery.data;
  // Only for names: without them ids show.
  const schedules = useSchedules().data ?? [];
  const policies = usePolicies().data ?? [];
  const servicesQuery = useServices();
  const services = useMemo(() => servicesQuery.data?.filter((x) => x.team_id === id), [servicesQuery.data, id]);
  const setMemberRole = useSetTeamMember(id);
  const removeMember = useRemoveTeamMember(id);
  const save = useSaveTeam(id);
  const remove = useDeleteTeam(id);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [editing, setEditing] = useState(false);
  const [asLead, setAsLead] = useState(false);
  const [adminError, setAdminError] = useState<string | null>(null);
  const { active } = useDirectory();

  const candidates = useMemo(() => active.filter((p) => !team?.members.some((m) => m.user_id === p.id)), [active, team]);

  async function memberChange(run: Promise<unknown>, done: string) {
    setError(null);
    setStatus("");
    try {
      await run;
      setStatus(done);
    } catch (e) {
      setError(problemText(e));
    }
  }
  const setMember = (userId: number, role: string | null, done: string) => memberChange(setMemberRole.mutateAsync({ userId, role }), done);

  if (!team) return <DetailNotLoaded what="Team" error={teamQuery.error} retry={teamQuery.refetch} back={{ to: "/teams", label: "See every team" }} />;

  const manage = canManageMembers(team, session.user);
  const schedule = team.schedule_id ? (schedules.find((s) => s.id === team.schedule_id) ?? null) : null;
  const policy = team.escalation_policy_id ? (policies.find((p) => p.id === team.escalation_policy_id) ?? null) : null;

  return (
    <div className="oc team-page">
      <p className="back">
        <Link to="/teams">← Teams</Link>
      </p>
      <h1>{team.name}</h1>
      {team.description && <p className="wrap">{team.description}</p>}
      {teamQuery.error != null && !teamQuery.isFetching && <QueryError error={teamQuery.error} what="The team" retry={teamQuery.refetch} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>

      <dl className="facts">
        <dt>On-call schedule</dt>
        <dd>
          {team.schedule_id ? (
            <>
              <Link to={`/oncall/${team.schedule_id}`}>{schedule?.name ?? `Schedule ${team.schedule_id}`}</Link>
              {schedule && <span className="muted"> · on call now: {schedule.on_call ? schedule.on_call.user.name : "nobody"}</span>}
            </>
          ) : (
            <span className="muted">None{isAdmin ? ": choose one with Edit team below." : "."}</span>
          )}
        </dd>
        <dt>Escalation policy</dt>
        <dd>
          {team.escalation_policy_id ? (
            isAdmin ? (
              <Link to="/settings/escalation-policies">{policy?.name ?? `Policy ${team.escalation_policy_id}`}</Link>
            ) : (
              (policy?.name ?? `Policy ${team.escalation_policy_id}`)
            )
          ) : (
            <span className="muted">
              None{team.schedule_id ? ": pages go to whoever is on call in the schedule." : "."}
              {isAdmin && (
                <>
                  {" "}
                  Make one under <Link to="/settings/escalation-policies">Escalation policies</Link>, then choose it with Edit team below.
                </>
              )}
            </span>
          )}
        </dd>
      </dl>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members ({team.members.length})</h2>
        {!manage && <p className="muted">Only admins and the team's leads add or remove members.</p>}
        {team.members.length === 0 ? (
          <p className="empty">Nobody is in this team yet. {manage ? "Add the first member below." : "An admin or a lead adds members."}</p>
        ) : (
          <table className="rows">
            <caption className="visually-hidden">Members</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Team role</th>
                {manage && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {sortMembers(team.members).map((m) => (
                <tr key={m.user_id}>
                  <td data-label="Name">
                    <strong>{m.name}</strong>
                    {m.user_id === session.user.id && <span className="muted"> (you)</span>}
                  </td>
                  <td data-label="Email">{m.email}</td>
                  <td data-label="Role">{m.role ? <span className={`role${m.role === "lead" ? " lead" : ""}`}>{m.role}</span> : <span className="muted">Member</span>}</td>
                  {manage && (
                    <td className="row-actions">
                      <div className="actions">
                        {m.role === "lead" ? (
                          <button type="button" className="small" onClick={() => setMember(m.user_id, null, `${m.name} is no longer a lead.`)}>
                            Remove lead role<span className="visually-hidden"> from {m.name}</span>
                          </button>
                        ) : (
                          <button type="button" className="small" onClick={() => setMember(m.user_id, "lead", `${m.name} is now a lead.`)}>
                            Make lead<span className="visually-hidden">: {m.name}</span>
                          </button>
                        )}
                        <ConfirmButton
                          label="Remove"
                          aria-label={`Remove ${m.name} from ${team.name}`}
                          question={
                            <>
                              Remove {m.name} from {team.name}? They are no longer paged for it or allowed to edit its services.
                            </>
                          }
                          confirmLabel={`Remove ${m.name}`}
                          onConfirm={() => memberChange(removeMember.mutateAsync(m.user_id), `${m.name} is removed from ${team.name}.`)}
                        />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {manage && (
          <div className="panel" role="group" aria-labelledby="add-member-heading">
            <h3 id="add-member-heading">Add a member</h3>
            <label className="inline">
              <input type="checkbox" checked={asLead} onChange={(e) => setAsLead(e.target.checked)} />
              As a lead (leads manage the members)
            </label>
            <PersonPicker
              label={`Add a member to ${team.name}`}
              people={candidates}
              onPick={(u) => setMember(u.id, asLead ? "lead" : null, `${u.name} is added to ${team.name}${asLead ? " as a lead" : ""}.`)}
            />
          </div>
        )}
      </section>

      <section aria-labelledby="services-heading">
        <h2 id="services-heading">Services it owns</h2>
        <QueryState query={{ ...servicesQuery, data: services }} what="The services">
          {(services) =>
            services.length === 0 ? (
              <p className="empty">
                {team.name} owns no services. Add them in the <Link to="/services">service catalog</Link>.
              </p>
            ) : (
              <>
                <ul>
                  {services.map((s) => (
                    <li key={s.id}>
                      <Link to={`/services#service-${s.id}`}>{s.name}</Link>
                      {s.description && <span className="muted"> · {s.description}</span>}
                    </li>
                  ))}
                </ul>
                <p className="muted">
                  The whole <Link to="/services">service catalog</Link> lists every team's services.
                </p>
              </>
            )
          }
        </QueryState>
      </section>

      <ReviewSlots team={team} />

      <TeamSubscriptions id={team.id} name={team.name} />

      {isAdmin && (
        <section aria-labelledby="team-admin-heading">
          <h2 id="team-admin-heading">Change this team</h2>
          {editing ? (
            <TeamEditor
              initial={{
                name: team.name,
                description: team.description,
                schedule_id: team.schedule_id ? String(team.schedule_id) : "",
                escalation_policy_id: team.escalation_policy_id ? String(team.escalation_policy_id) : "",
              }}
              heading={`Edit ${team.name}`}
              submitLabel="Save team"
              schedules={schedules}
              policies={policies}
              withMembers={false}
              onCancel={() => setEditing(false)}
              onSubmit={async (form) => {
                const body = { name: form.name.trim(), description: form.description.trim(), schedule_id: idOrNull(form.schedule_id), escalation_policy_id: idOrNull(form.escalation_policy_id) };
                try {
                  await save.mutateAsync(body);
                } catch (error) {
                  return { ok: false, error };
                }
                setEditing(false);
                setStatus("The team is saved.");
                return { ok: true };
              }}
            />
          ) : (
            <div className="actions">
              <button type="button" onClick={() => setEditing(true)}>
                Edit team
              </button>
              <ConfirmButton
                label="Delete team"
                question={<>Delete {team.name}? Response rules that page it stop finding it. A team that still owns services cannot be deleted.</>}
                confirmLabel={`Delete ${team.name}`}
                onConfirm={async () => {
                  setAdminError(null);
                  try {
                    await remove.mutateAsync();
                    navigate("/teams");
                  } catch (error) {
                    setAdminError(problemText(error));
                  }
                }}
              />
            </div>
          )}
          {adminError && (
            <p role="alert" className="error">
              {adminError}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
