import "./escalation.css";
import { useMemo, useState } from "react";
import { statusOf } from "../api/errors";
import type { components } from "../api/schema";
import { QueryState } from "../components/QueryState";
import { Link } from "../Link";
import { roomPath } from "../route";
import { Time } from "../Time";
import { useDeadLetters, useRetryDeadLetter } from "./api/deadLetters";
import { attemptsText, deliveryWords, destinationText, kindLabel, retryOutcome } from "./deadLetters";

type Job = components["schemas"]["DeliveryJobDto"];

/** Deliveries that failed for good (a provider that kept refusing, or one not configured), to retry once the cause is fixed. */
export function DeadLettersSection() {
  const list = useDeadLetters();
  // Pages are newest first; a job retried meanwhile may show on two pages: once.
  const jobs = useMemo(() => list.pages?.flatMap((p) => p.items).filter((j, i, all) => all.findIndex((x) => x.id === j.id) === i), [list.pages]);
  const retrying = useRetryDeadLetter();
  const [status, setStatus] = useState("");
  const busy = retrying.isPending ? retrying.variables : null;

  async function retry(job: Job) {
    try {
      await retrying.mutateAsync(job.id);
      setStatus(retryOutcome(job, null));
    } catch (e) {
      setStatus(retryOutcome(job, statusOf(e) ?? 0));
    }
  }

  return (
    <section aria-labelledby="dead-letters-heading" className="dead-letters">
      <h2 id="dead-letters-heading">Dead letters</h2>
      <p className="muted">
        Emails, messages, calls and webhook calls that failed for good after every retry, or that a channel not configured on this server refused. Fix the cause (the last error says what it was), then
        retry: the delivery gets its whole retry schedule again.
      </p>
      <p role="status" className="muted">
        {status}
      </p>
      <QueryState query={{ ...list.query, data: jobs }} what="The dead letters">
        {(jobs) =>
          jobs.length === 0 ? (
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
          )
        }
      </QueryState>
      {list.hasMore && (
        <button type="button" onClick={() => void list.loadMore()} disabled={list.loadingMore}>
          Show older
        </button>
      )}
    </section>
  );
}
