import "../components/page.css";
import "./alerts.css";
import { useState } from "react";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { integrationPath } from "../route";
import { Time } from "../Time";
import { useIntegrations, type Integration } from "./api/integrations";
import { KeyAndSnippet } from "./KeyAndSnippet";
import { NewIntegrationForm } from "./NewIntegrationForm";

/** Integrations (admins): where alerts come from, what each has received, and a new one. */
export function IntegrationsPage() {
  const { isAdmin } = useApp();
  const query = useIntegrations(isAdmin);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Integration | null>(null);

  if (!isAdmin) {
    return (
      <div className="oc alerts-page">
        <h1>Integrations</h1>
        <p role="alert" className="notice">
          Only admins can add or change integrations. The alerts they bring in are on the <Link to="/alerts">Alerts</Link> page.
        </p>
      </div>
    );
  }
  return (
    <div className="oc alerts-page">
      <p className="back">
        <Link to="/alerts">← Alerts</Link>
      </p>
      <h1>Integrations</h1>
      <p className="lede muted">Where alerts come from: each monitoring tool sends to its own address with its own key.</p>
      {created ? (
        <section className="panel" aria-labelledby="created-heading">
          <h2 id="created-heading">“{created.name}” is ready</h2>
          <p>Paste this into {created.kind_label}, then send a test alert from its page.</p>
          <KeyAndSnippet integration={created} />
          <div className="actions">
            <Link to={integrationPath(created.id)}>Open “{created.name}”</Link>
            <button type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </section>
      ) : creating ? (
        <NewIntegrationForm
          onCancel={() => setCreating(false)}
          onCreated={(i) => {
            setCreating(false);
            setCreated(i);
          }}
        />
      ) : (
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New integration
          </button>
        </div>
      )}
      <QueryState query={query} what="The integrations">
        {(list) => (list.length === 0 ? <p className="empty">No integrations yet: add one for each tool that should send alerts.</p> : <IntegrationTable list={list} />)}
      </QueryState>
    </div>
  );
}

function IntegrationTable({ list }: { list: Integration[] }) {
  return (
    <table className="rows">
      <caption className="visually-hidden">Integrations</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Sender</th>
          <th scope="col">Received</th>
          <th scope="col">Deduplicated</th>
          <th scope="col">Grouped</th>
          <th scope="col">Rejected</th>
          <th scope="col">Last received</th>
        </tr>
      </thead>
      <tbody>
        {list.map((i) => (
          <tr key={i.id}>
            <td data-label="Name">
              <Link to={integrationPath(i.id)}>{i.name}</Link>
            </td>
            <td data-label="Sender">{i.kind_label}</td>
            <td data-label="Received">{i.counters.received}</td>
            <td data-label="Deduplicated">{i.counters.deduplicated}</td>
            <td data-label="Grouped">{i.counters.grouped}</td>
            <td data-label="Rejected" className={i.counters.rejected > 0 ? "rejected" : undefined}>
              {i.counters.rejected}
            </td>
            <td data-label="Last received">{i.last_received_at ? <Time at={i.last_received_at} withDate /> : <span className="muted">Never</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
