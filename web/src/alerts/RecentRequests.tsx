import { outcomeWord } from "../alertWords";
import { QueryState } from "../components/QueryState";
import { Link } from "../Link";
import { alertGroupPath } from "../route";
import { Time } from "../Time";
import { useIntegrationRequests, type InboxItem } from "./api/integrations";
import { prettyBody, receipts } from "./requests";

/** The integration's last requests, newest first: where each came, when, and what became of
 * each alert it carried and why; or why it could not be read. The body is one click away. */
export function RecentRequests({ id }: { id: number }) {
  const query = useIntegrationRequests(id);
  return (
    <section aria-labelledby="requests-heading">
      <h2 id="requests-heading">Recent requests</h2>
      <QueryState query={query} what="The recent requests">
        {(items) =>
          items.length === 0 ? (
            <p className="empty">No requests yet. Send a test alert, or wait for the sender.</p>
          ) : (
            <ol className="requests">
              {items.map((item) => (
                <RequestItem key={item.id} item={item} />
              ))}
            </ol>
          )
        }
      </QueryState>
    </section>
  );
}

function RequestItem({ item }: { item: InboxItem }) {
  const said = receipts(item);
  return (
    <li className="card request">
      <p>
        <code className="mono">{item.endpoint}</code> · received <Time at={item.received_at} withDate /> ·{" "}
        {item.processed_at ? (
          <>
            processed <Time at={item.processed_at} withDate />
          </>
        ) : (
          <span className="muted">waiting to be processed</span>
        )}
      </p>
      {item.error && <p className="error">Could not be read: {item.error}</p>}
      {said.length > 0 && (
        <ul className="receipts">
          {said.map((r, n) => (
            <li key={n}>
              <strong>{outcomeWord(r.outcome)}</strong>
              {r.dedup_key && (
                <>
                  {" "}
                  <code className="mono">{r.dedup_key}</code>
                </>
              )}
              {r.group_id != null && (
                <>
                  {" "}
                  in <Link to={alertGroupPath(r.group_id)}>group {r.group_id}</Link>
                </>
              )}
              {r.reason && <span className="muted">: {r.reason}</span>}
            </li>
          ))}
        </ul>
      )}
      {item.processed_at && !item.error && said.length === 0 && <p className="muted">It carried no alerts.</p>}
      <details>
        <summary>Body</summary>
        <pre className="snippet">
          <code>{prettyBody(item.body)}</code>
        </pre>
      </details>
    </li>
  );
}
