import { useEffect, useState, type FormEvent } from "react";
import { api, describeProblem, type Incident, type Severity } from "../api/client";
import { describeEvent, mergeEvents, type TimelineEvent } from "../events";
import { elapsed } from "../incidents";
import { useApp } from "../context";
import { needsNote, nextStatuses, type Status } from "../lifecycle";

type Connection = "connecting" | "live" | "reconnecting";

/** The live room of one incident: who does what, what happened, and the controls to act. */
export function IncidentRoom({ reference }: { reference: string }) {
  const { severities, canAct } = useApp();
  const [incident, setIncident] = useState<Incident | null>(null);
  const [events, setEvents] = useState<TimelineEvent[]>([]);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let stream: EventSource | null = null;
    const refreshIncident = () =>
      api.GET("/api/v1/incidents/{ref}", { params: { path: { ref: reference } } }).then(({ data, error }) => {
        if (!live) return;
        if (data) setIncident(data);
        else setMissing(describeProblem(error));
      });
    Promise.all([refreshIncident(), api.GET("/api/v1/incidents/{ref}/timeline", { params: { path: { ref: reference }, query: { limit: 1000 } } })]).then(
      ([, timeline]) => {
        if (!live) return;
        const loaded = timeline.data?.items ?? [];
        setEvents(loaded);
        const last = loaded.length ? loaded[loaded.length - 1].id : 0;
        // Resume after what was loaded; the browser sends Last-Event-ID itself on reconnects.
        stream = new EventSource(`/api/v1/incidents/${reference}/events?last_event_id=${last}`);
        stream.onopen = () => setConnection("live");
        stream.onerror = () => setConnection("reconnecting");
        stream.onmessage = (m) => {
          setEvents((known) => mergeEvents(known, [JSON.parse(m.data) as TimelineEvent]));
          refreshIncident();
        };
      },
    );
    return () => {
      live = false;
      stream?.close();
    };
  }, [reference]);

  if (missing) {
    // Private incidents look exactly like missing ones to those who may not see them.
    return (
      <p role="alert">
        {reference} does not exist, or you may not see it. ({missing})
      </p>
    );
  }
  if (!incident) return <p className="muted">Loading {reference}…</p>;

  const act = async (call: Promise<{ error?: unknown }>) => {
    const { error } = await call;
    setError(error ? describeProblem(error) : null);
    return !error;
  };
  const path = { params: { path: { ref: reference } } };
  const pinned = events.filter((e) => incident.pinned.includes(e.id));
  const togglePin = (e: TimelineEvent) =>
    incident.pinned.includes(e.id)
      ? act(api.DELETE("/api/v1/incidents/{ref}/pins/{event_id}", { params: { path: { ref: reference, event_id: e.id } } }))
      : act(api.POST("/api/v1/incidents/{ref}/pins", { ...path, body: { event_id: e.id } }));

  return (
    <article className="room">
      <p className={`connection ${connection}`} role="status">
        {connection === "live" ? "Live" : connection === "connecting" ? "Connecting…" : "Reconnecting… updates will catch up"}
      </p>
      <h1>
        <span className={`sev sev-${incident.severity}`}>{incident.severity}</span> {incident.reference}: {incident.title}
        {incident.private && <span className="badge">Private</span>}
      </h1>
      <p className="muted">
        {incident.status} · {incident.type} · declared <time title={new Date(incident.declared_at).toString()}>{elapsed(incident.declared_at)} ago</time>
        {incident.roles.length > 0 && ` · ${incident.roles.map((r) => `${r.role.replace(/_/g, " ")}: ${r.user.name}`).join(", ")}`}
      </p>
      {error && <p role="alert" className="error">{error}</p>}
      {canAct && <Controls incident={incident} severities={severities} act={act} path={path} />}
      {pinned.length > 0 && (
        <section className="panel" aria-label="Pinned">
          <h2>Pinned</h2>
          <ul className="activity">
            {pinned.map((e) => (
              <EventItem key={e.id} event={e} pinned canAct={canAct} onPin={() => togglePin(e)} />
            ))}
          </ul>
        </section>
      )}
      {canAct && <Composer reference={reference} act={act} />}
      <section aria-label="Activity">
        <h2>Activity</h2>
        <ol className="activity">
          {[...events].reverse().map((e) => (
            <EventItem
              key={e.id}
              event={e}
              pinned={incident.pinned.includes(e.id)}
              canAct={canAct}
              onPin={() => togglePin(e)}
            />
          ))}
        </ol>
      </section>
    </article>
  );
}

type Act = (call: Promise<{ error?: unknown }>) => Promise<boolean>;

function Controls({ incident, severities, act, path }: { incident: Incident; severities: Severity[]; act: Act; path: { params: { path: { ref: string } } } }) {
  const [moving, setMoving] = useState<Status | null>(null);
  const [note, setNote] = useState("");

  async function move(e: FormEvent) {
    e.preventDefault();
    if (!moving) return;
    const body = { status: moving, ...(note.trim() ? { reason: note } : {}) };
    if (await act(api.PATCH("/api/v1/incidents/{ref}", { ...path, body }))) {
      setMoving(null);
      setNote("");
    }
  }

  return (
    <div className="controls">
      <label>
        Severity
        <select value={incident.severity} onChange={(e) => act(api.PATCH("/api/v1/incidents/{ref}", { ...path, body: { severity: e.target.value } }))}>
          {severities.map((s) => (
            <option key={s.key} value={s.key} title={s.description}>
              {s.key} · {s.name}
            </option>
          ))}
        </select>
      </label>
      <span>
        {nextStatuses(incident.status).map((s) => (
          <button key={s} onClick={() => (needsNote(s) ? setMoving(s) : act(api.PATCH("/api/v1/incidents/{ref}", { ...path, body: { status: s } })))}>
            {s === "active" && incident.status !== "triage" ? "Reopen / back to active" : `Mark ${s}`}
          </button>
        ))}
      </span>
      {moving && (
        <form onSubmit={move} className="panel" aria-label={`Mark ${moving}`}>
          <label>
            {moving === "resolved" ? "What fixed it?" : "Why was it a false alarm?"}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} required />
          </label>
          <button type="submit">Mark {moving}</button> <button type="button" onClick={() => setMoving(null)}>Cancel</button>
        </form>
      )}
    </div>
  );
}

function Composer({ reference, act }: { reference: string; act: Act }) {
  const [body, setBody] = useState("");
  const path = { params: { path: { ref: reference } } };
  const send = async (kind: "comment" | "update") => {
    if (!body.trim()) return;
    const call =
      kind === "comment"
        ? api.POST("/api/v1/incidents/{ref}/comments", { ...path, body: { body }, headers: { "Idempotency-Key": crypto.randomUUID() } })
        : api.POST("/api/v1/incidents/{ref}/status-updates", { ...path, body: { body }, headers: { "Idempotency-Key": crypto.randomUUID() } });
    if (await act(call)) setBody("");
  };
  return (
    <form className="composer" onSubmit={(e) => (e.preventDefault(), send("comment"))} aria-label="Write in the timeline">
      <label>
        Comment or status update
        <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={3} />
      </label>
      <button type="submit">Comment</button> <button type="button" onClick={() => send("update")}>Post status update</button>
    </form>
  );
}

function EventItem({ event, pinned, canAct, onPin }: { event: TimelineEvent; pinned: boolean; canAct: boolean; onPin: () => void }) {
  const data = event.data as { body?: string };
  return (
    <li className={event.kind === "status_update" ? "update" : undefined}>
      <time title={new Date(event.at).toString()}>{new Date(event.at).toLocaleTimeString()}</time> {describeEvent(event)}
      {data.body && <p className="body">{data.body}</p>}
      {canAct && (
        <button className="pin" onClick={onPin} aria-label={pinned ? "Unpin" : "Pin"}>
          {pinned ? "Unpin" : "Pin"}
        </button>
      )}
    </li>
  );
}
