import { useState, type FormEvent } from "react";
import { api, type Incident } from "../api/client";
import { Link } from "../Link";
import { useServices } from "../services";
import type { Act } from "./act";

/** The services the incident affects: rules page their owners, subscribers of a service hear of
 * it. Members and admins add and remove them. */
export function ServicesPanel({ incident, canAct, act }: { incident: Incident; canAct: boolean; act: Act }) {
  const services = useServices();
  const [chosen, setChosen] = useState("");
  const ref = incident.reference;
  const name = (id: number) => services.find((s) => s.id === id)?.name ?? `Service ${id}`;
  const addable = services.filter((s) => !incident.services.includes(s.id));

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    if (await act(api.POST("/api/v1/incidents/{ref}/services", { params: { path: { ref } }, body: { service_id: Number(chosen) } }))) setChosen("");
  }

  if (!canAct && incident.services.length === 0) return null;
  return (
    <section className="tags-bar" aria-labelledby="services-title">
      <h2 id="services-title">Affected services</h2>
      {incident.services.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="tag-list">
          {incident.services.map((id) => (
            <li key={id}>
              <Link to="/services">{name(id)}</Link>
              {canAct && (
                <button
                  className="icon"
                  onClick={() => act(api.DELETE("/api/v1/incidents/{ref}/services/{service_id}", { params: { path: { ref, service_id: id } } }))}
                  aria-label={`Remove service ${name(id)}`}
                  title={`Remove ${name(id)}`}
                >
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
