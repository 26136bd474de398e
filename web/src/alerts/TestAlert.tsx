import { useState } from "react";
import { problemText } from "../components/forms";
import { useTestIntegration, type TestAlertAnswer } from "./api/integrations";

/** Sends a test alert the whole way (read, stored, grouped, and what its routes do) and says
 * what came of it: the dedup key to look for on the Alerts page, or why it was refused. */
export function TestAlert({ id }: { id: number }) {
  const test = useTestIntegration(id);
  const [answer, setAnswer] = useState<TestAlertAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function send() {
    setAnswer(null);
    setError(null);
    try {
      setAnswer(await test.mutateAsync());
    } catch (e) {
      setError(problemText(e));
    }
  }
  return (
    <section aria-labelledby="test-heading">
      <h2 id="test-heading">Test</h2>
      <p className="muted">A request as the sender would send it goes the whole way: it may open an incident and page, as a real alert would.</p>
      <button type="button" onClick={send} disabled={test.isPending}>
        Send a test alert
      </button>
      <div role="status" className="test-answer">
        {answer &&
          (answer.status === "accepted" ? (
            <p>
              Accepted. Its dedup key is <code className="mono">{answer.dedup_key}</code>: find it on the Alerts page, and below once processed.
            </p>
          ) : (
            <p className="error">Refused: {answer.status.replace(/^refused:\s*/, "")}</p>
          ))}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
