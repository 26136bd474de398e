import "../components/page.css";
import "./teams.css";
import { useState } from "react";
import { usePolicies, useSchedules } from "../api/lists";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { navigate } from "../route";
import { useCreateTeam, useTeams } from "./api/teams";
import { AwaitedTeamsNotice } from "./AwaitedTeamsNotice";
import { FeedbackSummary } from "./FeedbackSummary";
import { TeamEditor } from "./TeamEditor";
import { idOrNull } from "./teams";

const EMPTY = { name: "", description: "", schedule_id: "", escalation_policy_id: "" };

/** Teams with their members count, schedule and escalation policy; admins create them. */
export function TeamsPage() {
  const { isAdmin, canAct, session } = useApp();
  const teams = useTeams();
  // Only for names and choices: without them ids show, and the editor says what is missing.
  const schedules = useSchedules().data ?? [];
  const policies = usePolicies().data ?? [];
  const create = useCreateTeam();
  // The new team's name to start from, while the form is open.
  const [creating, setCreating] = useState<string | null>(null);

  const scheduleName = (id?: number | null) => (id ? (schedules.find((s) => s.id === id)?.name ?? `Schedule ${id}`) : null);
  const policyName = (id?: number | null) => (id ? (policies.find((p) => p.id === id)?.name ?? `Policy ${id}`) : null);

  return (
    <div className="oc teams-page">
      <h1>Teams</h1>
      <p className="lede muted">
        Who works together, who is on call for them and how they are woken. The services each team owns are in the <Link to="/services">service catalog</Link>.
      </p>
      {creating === null && <AwaitedTeamsNotice onCreate={setCreating} />}
      {isAdmin ? (
        creating !== null ? (
          <TeamEditor
            initial={{ ...EMPTY, name: creating }}
            heading="New team"
            submitLabel="Create team"
            schedules={schedules}
            policies={policies}
            withMembers
            onCancel={() => setCreating(null)}
            onSubmit={async (form, members) => {
              const body = {
                name: form.name.trim(),
                description: form.description.trim() || null,
                schedule_id: idOrNull(form.schedule_id),
                escalation_policy_id: idOrNull(form.escalation_policy_id),
                members: members.map((m) => ({ user_id: m.user.id, ...(m.lead ? { role: "lead" } : {}) })),
              };
              try {
                navigate(`/teams/${(await create.mutateAsync(body)).id}`);
                return { ok: true };
              } catch (error) {
                return { ok: false, error };
              }
            }}
          />
        ) : (
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setCreating("")}>
              New team
            </button>
          </div>
        )
      ) : (
        <p className="muted">Only admins create teams; a team's leads add and remove its members.</p>
      )}

      <QueryState query={teams} what="The teams">
        {(teams) =>
          teams.length === 0 ? (
            <p className="empty">No teams yet. {isAdmin ? "Press New team to add the first one, with its members and on-call schedule." : "An admin sets them up."}</p>
          ) : (
            <table className="rows">
              <caption className="visually-hidden">Teams</caption>
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Members</th>
                  <th scope="col">On-call schedule</th>
                  <th scope="col">Escalation policy</th>
                </tr>
              </thead>
              <tbody>
                {teams.map((t) => {
                  const mine = t.members.some((m) => m.user_id === session.user.id);
                  return (
                    <tr key={t.id}>
                      <td data-label="Team">
                        <Link to={`/teams/${t.id}`}>{t.name}</Link>
                        {mine && <span className="muted"> (yours)</span>}
                      </td>
                      <td data-label="Members">{t.members.length}</td>
                      <td data-label="Schedule">{t.schedule_id ? <Link to={`/oncall/${t.schedule_id}`}>{scheduleName(t.schedule_id)}</Link> : <span className="muted">None</span>}</td>
                      <td data-label="Policy">{policyName(t.escalation_policy_id) ?? <span className="muted">None</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </QueryState>
      {/* Members and admins read it; the server refuses viewers, so they are never asked. */}
      {canAct && <FeedbackSummary />}
    </div>
  );
}
