import { useEffect, useState } from "react";
import { api, type Incident, type Session, type Severity } from "./api/client";
import { Declare } from "./Declare";
import { dashboardOrder, elapsed } from "./incidents";

async function fetchDashboard(): Promise<{ incidents: Incident[]; severities: Severity[] }> {
  const [list, sevs] = await Promise.all([
    api.GET("/api/v1/incidents", { params: { query: { status: "open", limit: 200 } } }),
    api.GET("/api/v1/severities"),
  ]);
  return { incidents: list.data?.items ?? [], severities: sevs.data ?? [] };
}

/** What is on fire now, most severe first; refreshed live from the event stream. */
export function Dashboard({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [declaring, setDeclaring] = useState(false);

  useEffect(() => {
    let live = true;
    const refresh = () =>
      fetchDashboard().then((d) => {
        if (!live) return;
        setIncidents(d.incidents);
        setSeverities(d.severities);
      });
    refresh();
    // Any event may change what the dashboard shows; refetch (the open list is small) on each.
    const events = new EventSource("/api/v1/events");
    events.onmessage = () => refresh();
    return () => {
      live = false;
      events.close();
    };
  }, []);

  async function signOut() {
    await api.POST("/api/v1/auth/logout");
    onSignedOut();
  }

  const open = dashboardOrder(incidents, severities);
  return (
    <>
      <header>
        <strong>Goldseam</strong>
        <button className="declare" onClick={() => setDeclaring(true)}>
          Declare incident
        </button>
        <span className="muted">{session.user.name}</span>
        <button onClick={signOut}>Sign out</button>
      </header>
      <main>
        {declaring && <Declare severities={severities} onDone={() => setDeclaring(false)} />}
        <h1>Open incidents</h1>
        {open.length === 0 ? (
          <p className="muted">Nothing is on fire. If something is wrong, press “Declare incident”.</p>
        ) : (
          <ul className="incidents">
            {open.map((i) => (
              <li key={i.id}>
                <span className={`sev sev-${i.severity}`}>{i.severity}</span> <strong>{i.reference}</strong> {i.title}{" "}
                <span className="muted">
                  {i.status} · declared {elapsed(i.declared_at)} ago
                </span>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  );
}
