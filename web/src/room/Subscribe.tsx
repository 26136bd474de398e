import { useState } from "react";
import { describeProblem } from "../api/client";
import { QueryError } from "../components/QueryState";
import { useIncidentSubscription, useSetIncidentSubscription } from "./api/subscription";

/** Following the incident: notified of its changes. Anyone who can see it may follow it, viewers
 * included, since following changes nothing on the incident. */
export function Subscribe({ reference }: { reference: string }) {
  const query = useIncidentSubscription(reference);
  const change = useSetIncidentSubscription(reference);
  // Unknown until the server answers; the button is there (disabled) meanwhile, so nothing moves.
  const subscribed = query.data?.subscribed ?? null;
  const [error, setError] = useState<string | null>(null);

  async function toggle() {
    try {
      await change.mutateAsync(!subscribed);
      setError(null);
    } catch (e) {
      setError(describeProblem(e));
    }
  }

  return (
    <section className="subscribe" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">Notifications</h2>
      <p className="muted">{subscribed ? "You are notified of every change." : "Get notified of every change."}</p>
      <button onClick={toggle} disabled={subscribed === null || change.isPending}>
        {subscribed ? "Unsubscribe" : "Subscribe"}
      </button>
      {query.error != null && !query.isFetching && <QueryError error={query.error} what="Whether you follow it" retry={query.refetch} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
