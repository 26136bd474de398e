import "./escalation.css";
import { useCallback, useEffect, useState } from "react";
import { api, describeProblem } from "../api/client";
import type { components } from "../api/schema";
import { Link } from "../Link";
import { roomPath } from "../route";
import { Time } from "../Time";
import { attemptsText, deliveryWords, destinationText, kindLabel, retryOutcome } from "./deadLetters";

type Job = components["schemas"]["DeliveryJobDto"];

/** Deliveries that failed for good (a provider that kept refusing, or one not configured), to retry once the cause is fixed. */
export function DeadLettersSection() {
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCallback(
    (after?: string) =>
      api.GET("/api/v1/admin/dead-letters", { params: { query: { limit: 50, ...(after ? { cursor: after } : {}) } } }).then(({ data, error }) => {
        if (!data) {
          setError(`The dead letters could not be loaded: ${describeProblem(error)}`);
          return;
        }
        setError(null);
        setJobs((js) => (after ? [...(js ?? []), ...data.items] : data.items));
        setCursor(data.next_cursor ?? null);
      }),
    [],
  );
  useEffect(() => {
    load();
  }, [load]);

  async function retry(job: Job) {
    setBusy(job.id);
    const { data, response } = await api.POST("/api/v1/admin/dead-letters/{id}/retry", { params: { path: { id: job.id } } });
    setBusy(null);
    if (data) {
      setJobs((js) => (js ?? []).filter((j) => j.id !== job.id));
      setStatus(retryOutcome(job, null));
    } else {
      setStatus(retryOutcome(job, response.status));
      if (response.status === 409 || response.status === 404) load();
    }
  }

  return (
    <section aria-labelledby="dead-letters-heading" className="dead-letters">
      <h2 id="dead-letters-heading">Dead letters</h2>
      <p className="muted">
        Emails, messages, calls and webhook calls that failed for good after every retry, or that a channel not configured on this server refused. Fix the cause (the last error says
        what it was), then retry: the delivery gets its whole retry schedule again.
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {jobs === null ? (
        !error && <p className="muted">Loading…</p>
      ) : jobs.length === 0 ? (
        <p className="empty-state">
          <strong>Nothing failed.</strong> Every delivery went through or is still being tried. Deliveries that fail for good appear here.
        </p>
      ) : (
        <table className="cards">
          <caption className="visually-hidden">Failed deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Destination</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Failed</th>
              <th scope="col">Incident</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td data-label="Kind">{kindLabel(j.kind)}</td>
                <td data-label="Destination" className="destination">
                  <code>{destinationText(j.destination)}</code>
                </td>
                <td data-label="Attempts">{attemptsText(j.attempts)}</td>
                <td data-label="Last error" className="error-text">
                  {j.last_error ?? <span className="muted">No reason recorded</span>}
                </td>
                <td data-label="Failed">
                  <Time at={j.finished_at ?? j.run_at} withDate />
                </td>
                <td data-label="Incident">{j.incident_id ? <Link to={roomPath(`INC-${j.incident_id}`)}>INC-{j.incident_id}</Link> : <span className="muted">None</span>}</td>
                <td className="row-actions">
                  <button type="button" disabled={busy === j.id} aria-label={`Retry ${deliveryWords(j).replace(/^The /, "the ")}`} onClick={() => retry(j)}>
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={() => load(cursor)}>
          Show older
        </button>
      )}
    </section>
  );
}
