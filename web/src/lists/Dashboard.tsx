import { useEffect, useState } from "react";
import { api, type Incident } from "../api/client";
import { useApp } from "../context";
import { dashboardOrder, elapsed } from "../incidents";
import { navigate } from "../route";

async function fetchOpen(): Promise<Incident[]> {
  const { data } = await api.GET("/api/v1/incidents", { params: { query: { status: "open", limit: 200 } } });
  return data?.items ?? [];
}

/** What is on fire now, most severe first; refreshed live from the event stream. */
export function Dashboard() {
  const { severities } = useApp();
  const [incidents, setIncidents] = useState<Incident[]>([]);

  useEffect(() => {
    let live = true;
    const refresh = () => fetchOpen().then((items) => live && setIncidents(items));
    refresh();
    // Any event may change what the dashboard shows; refetch (the open list is small) on each.
    const events = new EventSource("/api/v1/events");
    events.onmessage = () => refresh();
    return () => {
      live = false;
      events.close();
    };
  }, []);

  const open = dashboardOrder(incidents, severities);
  return (
    <>
      <h1>Open incidents</h1>
      {open.length === 0 ? (
        <p className="muted">Nothing is on fire. If something is wrong, press “Declare incident”.</p>
      ) : (
        <ul className="incidents">
          {open.map((i) => (
            <li key={i.id}>
              <span className={`sev sev-${i.severity}`}>{i.severity}</span>{" "}
              <a href={`/incidents/${i.reference}`} onClick={(e) => (e.preventDefault(), navigate(`/incidents/${i.reference}`))}>
                <strong>{i.reference}</strong> {i.title}
              </a>{" "}
              <span className="muted">
                {i.status} · declared {elapsed(i.declared_at)} ago
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
