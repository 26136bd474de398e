import { useEffect, useState } from "react";
import { api, describeProblem } from "../api/client";

/** Following the incident: notified of its changes. Anyone who can see it may follow it, viewers
 * included, since following changes nothing on the incident. */
export function Subscribe({ reference }: { reference: string }) {
  // Unknown until the server answers; the button is there (disabled) meanwhile, so nothing moves.
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = { params: { path: { ref: reference } } };

  useEffect(() => {
    let live = true;
    api.GET("/api/v1/incidents/{ref}/subscription", { params: { path: { ref: reference } } }).then(({ data, error }) => {
      if (!live) return;
      if (data) setSubscribed(data.subscribed);
      else setError(describeProblem(error));
    });
    return () => {
      live = false;
    };
  }, [reference]);

  async function toggle() {
    setBusy(true);
    const { data, error } = subscribed ? await api.DELETE("/api/v1/incidents/{ref}/subscription", path) : await api.PUT("/api/v1/incidents/{ref}/subscription", path);
    setBusy(false);
    if (data) setSubscribed(data.subscribed);
    setError(error ? describeProblem(error) : null);
  }

  return (
    <section className="subscribe" aria-labelledby="subscribe-title">
      <h2 id="subscribe-title">Notifications</h2>
      <p className="muted">{subscribed ? "You are notified of every change." : "Get notified of every change."}</p>
      <button onClick={toggle} disabled={subscribed === null || busy}>
        {subscribed ? "Unsubscribe" : "Subscribe"}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
