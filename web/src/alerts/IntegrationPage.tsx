import "../components/page.css";
import "./alerts.css";
import { useState } from "react";
import { useServices, useTeams } from "../api/lists";
import { statusOf } from "../api/errors";
import { ConfirmButton } from "../components/Confirm";
import { problemText } from "../components/forms";
import { QueryState } from "../components/QueryState";
import { useApp } from "../context";
import { Link } from "../Link";
import { navigate } from "../route";
import { Time } from "../Time";
import { useDeleteIntegration, useIntegration, type Integration } from "./api/integrations";
import { KeyAndSnippet } from "./KeyAndSnippet";
import { MappingEditor } from "./MappingEditor";
import { RecentRequests } from "./RecentRequests";
import { TestAlert } from "./TestAlert";

/** One integration (admins): what to paste into the sender, a test alert, its recent requests
 * and what became of them, a generic webhook's mapping, and deleting it. */
export function IntegrationPage({ id }: { id: number }) {
  const { isAdmin } = useApp();
  const query = useIntegration(id, isAdmin);
  if (!isAdmin) {
    return (
      <div className="oc alerts-page">
        <p role="alert" className="notice">
          Only admins can see integrations and their keys.
        </p>
      </div>
    );
  }
  return (
    <div className="oc alerts-page">
      <p className="back">
        <Link to="/integrations">← Integrations</Link>
      </p>
      {statusOf(query.error) === 404 ? (
        <p role="alert">There is no integration {id}: it may have been deleted.</p>
      ) : (
        <QueryState query={query} what="The integration">
          {(i) => <IntegrationView integration={i} />}
        </QueryState>
      )}
    </div>
  );
}

function IntegrationView({ integration: i }: { integration: Integration }) {
  const services = useServices().data;
  const teams = useTeams().data;
  const remove = useDeleteIntegration(i.id);
  const [error, setError] = useState<string | null>(null);
  const service = i.service_id != null ? (services?.find((s) => s.id === i.service_id)?.name ?? `service ${i.service_id}`) : null;
  const team = i.team_id != null ? (teams?.find((t) => t.id === i.team_id)?.name ?? `team ${i.team_id}`) : null;
  return (
    <>
      <h1>{i.name}</h1>
      <p className="lede muted">
        {i.kind_label}
        {service && ` · about ${service}`}
        {team && ` · pages ${team}`}
        {i.signed && " · requests must be signed"}
      </p>
      <p className="counters">
        {i.counters.received} received · {i.counters.deduplicated} deduplicated · {i.counters.grouped} grouped · {i.counters.rejected} rejected · last received{" "}
        {i.last_received_at ? <Time at={i.last_received_at} withDate /> : "never"}
      </p>
      <section aria-labelledby="setup-heading">
        <h2 id="setup-heading">Setting up the sender</h2>
        <KeyAndSnippet integration={i} />
      </section>
      <TestAlert id={i.id} />
      {i.kind === "webhook" && <MappingEditor integration={i} />}
      <RecentRequests id={i.id} />
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <ConfirmButton
          label="Delete integration"
          question={`Delete “${i.name}”? Its key stops working at once; its alerts stay for the record.`}
          confirmLabel="Delete it"
          onConfirm={async () => {
            try {
              await remove.mutateAsync();
              navigate("/integrations", { replace: true });
            } catch (e) {
              setError(problemText(e));
            }
          }}
        />
      </section>
    </>
  );
}
