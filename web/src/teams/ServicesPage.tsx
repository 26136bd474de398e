import "../components/page.css";
import "./teams.css";
import { useEffect, useState } from "react";
import { ConfirmButton } from "../components/Confirm";
import { problemText } from "../components/forms";
import { QueryError, QueryState } from "../components/QueryState";
import { useReturnFocus } from "../components/useReturnFocus";
import { useApp } from "../context";
import { Link } from "../Link";
import { useCreateService, useDeleteService, useSaveService, useServices } from "./api/services";
import { useTeams } from "./api/teams";
import { ServiceEditor } from "./ServiceEditor";
import { assignableTeams, canEditService, parseTags, type ServiceForm } from "./teams";

const EMPTY: ServiceForm = { name: "", team_id: "", description: "", tags: "" };

/** The service catalog: what runs, which team owns it. Admins and the owning team's members change it. */
export function ServicesPage() {
  const { session, canAct } = useApp();
  const me = session.user;
  const servicesQuery = useServices();
  const services = servicesQuery.data;
  const teamsQuery = useTeams();
  const teams = teamsQuery.data ?? [];
  const create = useCreateService();
  const save = useSaveService();
  const remove = useDeleteService();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const { opener, closed } = useReturnFocus();

  // A link from a team's page names one service: show it once the list is there.
  useEffect(() => {
    if (services && window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [services]);

  const mine = assignableTeams(teams, me);

  return (
    <div className="oc services-page">
      <p className="back">
        <Link to="/teams">← Teams</Link>
      </p>
      <h1>Services</h1>
      <p className="lede muted">What runs, and which team answers for it. Response rules page the owning team's on-call when an incident names the service.</p>
      {teamsQuery.error != null && !teamsQuery.isFetching && <QueryError error={teamsQuery.error} what="The teams (who may change which service)" retry={teamsQuery.refetch} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {status}
      </p>

      {mine.length > 0 ? (
        creating ? (
          <ServiceEditor
            initial={{ ...EMPTY, team_id: mine.length === 1 ? String(mine[0].id) : "" }}
            heading="New service"
            submitLabel="Add service"
            teams={mine}
            onCancel={() => setCreating(false)}
            onSubmit={async (form) => {
              const body = { name: form.name.trim(), team_id: Number(form.team_id), description: form.description.trim() || null, tags: parseTags(form.tags) };
              try {
                const data = await create.mutateAsync(body);
                setCreating(false);
                setStatus(`${data.name} is added, owned by ${data.team_name}.`);
                return { ok: true };
              } catch (error) {
                return { ok: false, error };
              }
            }}
          />
        ) : (
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              New service
            </button>
          </div>
        )
      ) : (
        <p className="muted">
          {canAct
            ? "Members of a team add and change its services; you are in no team yet. Admins change every service."
            : "Viewers read the catalog; members of the owning team and admins change it."}
        </p>
      )}

      <QueryState query={servicesQuery} what="The services">
        {(services) =>
          services.length === 0 ? (
            <p className="empty">No services yet. {mine.length ? "Press New service to add what your team runs." : "Team members and admins add them."}</p>
          ) : (
            <table className="rows">
              <caption className="visually-hidden">Services</caption>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Owning team</th>
                  <th scope="col">Description</th>
                  <th scope="col">Tags</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {services.map((s) => {
                  const can = canEditService(s, teams, me);
                  if (editing === s.id)
                    return (
                      <tr key={s.id} id={`service-${s.id}`} className="editing">
                        <td colSpan={5}>
                          <ServiceEditor
                            initial={{ name: s.name, team_id: String(s.team_id), description: s.description, tags: s.tags.join(" ") }}
                            heading={`Edit ${s.name}`}
                            submitLabel="Save service"
                            // Moving it needs membership of both teams: offer one's own teams, and its current one.
                            teams={mine.some((t) => t.id === s.team_id) ? mine : [{ id: s.team_id, name: s.team_name }, ...mine]}
                            onCancel={() => {
                              closed(`edit-${s.id}`);
                              setEditing(null);
                            }}
                            onSubmit={async (form) => {
                              const body = { name: form.name.trim(), team_id: Number(form.team_id), description: form.description.trim(), tags: parseTags(form.tags) };
                              try {
                                const data = await save.mutateAsync({ id: s.id, body });
                                closed(`edit-${s.id}`);
                                setEditing(null);
                                setStatus(`${data.name} is saved.`);
                                return { ok: true };
                              } catch (error) {
                                return { ok: false, error };
                              }
                            }}
                          />
                        </td>
                      </tr>
                    );
                  return (
                    <tr key={s.id} id={`service-${s.id}`}>
                      <td data-label="Service">
                        <strong>{s.name}</strong>
                      </td>
                      <td data-label="Team">
                        <Link to={`/teams/${s.team_id}`}>{s.team_name}</Link>
                      </td>
                      <td data-label="Description">{s.description || <span className="muted">None</span>}</td>
                      <td data-label="Tags">
                        {s.tags.length ? (
                          <ul className="tags" aria-label={`Tags of ${s.name}`}>
                            {s.tags.map((t) => (
                              <li key={t}>#{t}</li>
                            ))}
                          </ul>
                        ) : (
                          <span className="muted">None</span>
                        )}
                      </td>
                      <td className="row-actions">
                        {can && (
                          <div className="actions">
                            <button type="button" className="small" ref={opener(`edit-${s.id}`)} aria-label={`Edit ${s.name}`} onClick={() => setEditing(s.id)}>
                              Edit
                            </button>
                            <ConfirmButton
                              label="Delete"
                              aria-label={`Delete ${s.name}`}
                              question={<>Delete {s.name} from the catalog? Response rules that name it stop matching it.</>}
                              confirmLabel={`Delete ${s.name}`}
                              onConfirm={async () => {
                                setError(null);
                                try {
                                  await remove.mutateAsync(s.id);
                                } catch (error) {
                                  setError(`${s.name}: ${problemText(error)}`);
                                  return;
                                }
                                setStatus(`${s.name} is deleted.`);
                              }}
                            />
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </div>
  );
}
