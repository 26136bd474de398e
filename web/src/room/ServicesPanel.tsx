import { useState, type FormEvent } from "react";
import type { Incident } from "../api/client";
import { useServices } from "../api/lists";
import { QueryError } from "../components/QueryState";
import { Link } from "../Link";
import type { Act } from "./act";
import { useAddService, useRemoveService } from "./api/changes";

/** The services the incident affects: rules page their owners, subscribers of a service hear of
 * it. Members and admins add and remove them. */
export function ServicesPanel({ incident, canAct, act }: { incident: Incident; canAct: boolean; act: Act }) {
  const query = useServices();
  const services = query.data ?? [];
  const [chosen, setChosen] = useState("");
  const { mutateAsync: addService } = useAddService(incident.reference);
  const { mutateAsync: removeService } = useRemoveService(incident.reference);
  const name = (id: number) => services.find((s) => s.id === id)?.name ?? `Service ${id}`;
  const addable = services.filter((s) => !incident.services.includes(s.id));

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    if (await act(addService(Number(chosen)))) setChosen("");
  }

  if (!canAct && incident.services.length === 0) return null;
  return (
    <section className="tags-bar" aria-labelledby="services-title">
      <h2 id="services-title">Affected services</h2>
      {query.error != null && !query.isFetching && <QueryError error={query.error} what="The service catalog" retry={query.refetch} />}
      {incident.services.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="tag-list">
          {incident.services.map((id) => (
            <li key={id}>
              <Link to="/services">{name(id)}</Link>
              {canAct && (
                <button className="icon" onClick={() => act(removeService(id))} aria-label={`Remove service ${name(id)}`} title={`Remove ${name(id)}`}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAct && addable.length > 0 && (
        <form className="add-tag" onSubmit={add} aria-label="Add an affected service">
          <select value={chosen} onChange={(e) => setChosen(e.target.value)} aria-label="Service">
            <option value="">Choose a service</option>
            {addable.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          <button type="submit">Add</button>
        </form>
      )}
    </section>
  );
}
