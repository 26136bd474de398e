import { useCallback, useMemo, useState, type MouseEvent } from "react";
import { api, describeProblem } from "../api/client";
import { useApp } from "../context";
import { navigate } from "../route";
import { spansDays } from "../time";
import type { Act } from "./act";
import { Activity } from "./Activity";
import { Composer } from "./Composer";
import { Controls } from "./Controls";
import { useDirectory } from "./directory";
import type { RowContext } from "./EventItem";
import { PagesPanel } from "./PagesPanel";
import { PinnedPanel } from "./PinnedPanel";
import { RolesPanel } from "./RolesPanel";
import { RoomHeader } from "./RoomHeader";
import { Subscribe } from "./Subscribe";
import { useServices } from "../services";
import { ServicesPanel } from "./ServicesPanel";
import { TagsBar } from "./TagsBar";
import { isChange, useNow, useRoom } from "./useRoom";
import "./room.css";

/** Links inside rendered markdown (#tags, rooms) are plain anchors: follow them without a reload. */
function followInAppLinks(e: MouseEvent) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element).closest?.("a[data-internal]");
  const href = a?.getAttribute("href");
  if (!href) return;
  e.preventDefault();
  navigate(href);
}

/** The live room of one incident: who does what, what happened, and the controls to act. */
export function IncidentRoom({ reference }: { reference: string }) {
  const { session, roles, canAct } = useApp();
  const { incident, events, comments, connection, missing, apply } = useRoom(reference);
  const directory = useDirectory();
  const [error, setError] = useState<string | null>(null);
  // Once a minute is enough to notice the day changing (and times then showing their date).
  const now = useNow(60_000);

  const act: Act = useCallback(
    async (call) => {
      const { data, error } = await call;
      setError(error ? describeProblem(error) : null);
      if (!error && isChange(data)) apply(data);
      return !error;
    },
    [apply],
  );

  const byId = useMemo(() => new Map(events.map((e) => [e.id, e])), [events]);
  const pinnedIds = useMemo(() => incident?.pinned ?? [], [incident?.pinned]);
  const pinned = useMemo(() => new Set(pinnedIds), [pinnedIds]);
  const services = useServices();
  const serviceNames = useMemo(() => new Map(services.map((s) => [s.id, s.name])), [services]);
  const roleNames = useMemo(() => new Map(roles.map((r) => [r.key, r.name])), [roles]);
  const withDate = incident ? spansDays(incident.declared_at, now) : false;

  const onPin = useCallback(
    (eventId: number, isPinned: boolean) =>
      isPinned
        ? act(api.DELETE("/api/v1/incidents/{ref}/pins/{event_id}", { params: { path: { ref: reference, event_id: eventId } } }))
        : act(api.POST("/api/v1/incidents/{ref}/pins", { params: { path: { ref: reference } }, body: { event_id: eventId } })),
    [act, reference],
  );
  const onEdit = useCallback(
    (commentId: number, body: string) => act(api.PATCH("/api/v1/incidents/{ref}/comments/{comment_id}", { params: { path: { ref: reference, comment_id: commentId } }, body: { body } })),
    [act, reference],
  );
  const onDelete = useCallback(
    (commentId: number) => act(api.DELETE("/api/v1/incidents/{ref}/comments/{comment_id}", { params: { path: { ref: reference, comment_id: commentId } } })),
    [act, reference],
  );
  const ctx: RowContext = useMemo(
    () => ({ canAct, userId: session.user.id, withDate, names: directory.names, roleNames, serviceNames, mentions: directory.mentions, onPin, onEdit, onDelete }),
    [canAct, session.user.id, withDate, directory.names, directory.mentions, roleNames, serviceNames, onPin, onEdit, onDelete],
  );

  if (missing) {
    // Private incidents look exactly like missing ones to those who may not see them.
    return (
      <p role="alert">
        {reference} does not exist, or you may not see it. ({missing})
      </p>
    );
  }
  if (!incident) return <p className="muted">Loading {reference}…</p>;

  return (
    <article className="room" onClick={followInAppLinks}>
      <p className={`connection ${connection}`} role="status">
        {connection === "live" ? "Live" : connection === "connecting" ? "Connecting…" : "Reconnecting… updates will catch up"}
      </p>
      <RoomHeader incident={incident} mentions={directory.mentions} />
      {error && (
        <p role="alert" className="error room-error">
          {error}{" "}
          <button className="small" onClick={() => setError(null)}>
            Dismiss
          </button>
        </p>
      )}
      {canAct && <Controls incident={incident} act={act} />}
      {/* In reading order: what to read and write first, then the incident's people and tags
          (beside the timeline on wide screens, before it on phones), then the timeline. */}
      <div className="room-grid">
        <div className="room-top">
          <PinnedPanel pinnedIds={pinnedIds} byId={byId} comments={comments} ctx={ctx} />
          {canAct && <Composer reference={reference} people={directory.active} act={act} />}
        </div>
        <div className="room-side">
          <PagesPanel reference={reference} events={events} />
          <Subscribe reference={reference} />
          <TagsBar incident={incident} canAct={canAct} act={act} />
          <ServicesPanel incident={incident} canAct={canAct} act={act} />
          <RolesPanel incident={incident} people={directory.active} act={act} />
        </div>
        <Activity events={events} comments={comments} pinned={pinned} ctx={ctx} />
      </div>
    </article>
  );
}
