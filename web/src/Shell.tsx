import { useEffect, useState } from "react";
import { api, type Session, type Severity } from "./api/client";
import { Dashboard } from "./Dashboard";
import { Declare } from "./Declare";
import { IncidentRoom } from "./IncidentRoom";
import { navigate, roomRef, usePath } from "./route";

/** The signed-in app: the big red button on every page, then the page the path names. */
export function Shell({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const path = usePath();
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [declaring, setDeclaring] = useState(false);

  useEffect(() => {
    api.GET("/api/v1/severities").then(({ data }) => setSeverities(data ?? []));
  }, []);

  async function signOut() {
    await api.POST("/api/v1/auth/logout");
    onSignedOut();
  }

  const room = roomRef(path);
  // Viewers follow incidents; the server refuses their writes, so the app does not offer them.
  const canAct = session.user.role !== "viewer";
  return (
    <>
      <header>
        <a href="/" onClick={(e) => (e.preventDefault(), navigate("/"))}>
          <strong>Goldseam</strong>
        </a>
        {canAct && (
          <button className="declare" onClick={() => setDeclaring(true)}>
            Declare incident
          </button>
        )}
        <span className="muted">{session.user.name}</span>
        <button onClick={signOut}>Sign out</button>
      </header>
      <main>
        {declaring && (
          <Declare
            severities={severities}
            onCancel={() => setDeclaring(false)}
            onDeclared={(reference) => {
              setDeclaring(false);
              navigate(`/incidents/${reference}`);
            }}
          />
        )}
        {room ? <IncidentRoom key={room} reference={room} severities={severities} canAct={canAct} /> : <Dashboard severities={severities} />}
      </main>
    </>
  );
}
