import { useCallback, useMemo, useState, type MouseEvent } from "react";
import { describeProblem } from "../api/client";
import { statusOf } from "../api/errors";
import { useServices } from "../api/lists";
import { useDirectory } from "../api/people";
import { combineQueries, QueryError, QueryState } from "../components/QueryState";
import { useApp } from "../context";
import type { TimelineEvent } from "../events";
import { navigate } from "../route";
import { spansDays } from "../time";
import type { Act } from "./act";
import { AccessPanel } from "./AccessPanel";
import { AlertsPanel } from "./AlertsPanel";
import { Activity } from "./Activity";
import { useDeleteComment, useEditComment, usePin, useUnpin } from "./api/changes";
import { NO_COMMENTS } from "./comments";
import { Composer } from "./Composer";
import { Controls } from "./Controls";
import { EndingLine } from "./EndingLine";
import type { RowContext } from "./EventItem";
import { FeedbackCard } from "./FeedbackCard";
import { FollowUpsPanel } from "./FollowUpsPanel";
import { LearningPanel } from "./LearningPanel";
import { PagesPanel } from "./PagesPanel";
import { PagingSummary } from "./PagingSummary";
import { PinnedPanel } from "./PinnedPanel";
import { usePinPhrases } from "./pinPhrases";
import { RolesPanel } from "./RolesPanel";
import { RoomHeader } from "./RoomHeader";
import { Subscribe } from "./Subscribe";
import { ServicesPanel } from "./ServicesPanel";
import { TagsBar } from "./TagsBar";
import { useNow, useRoom } from "./useRoom";
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
  const room = useRoom(reference);
  const incident = room.incident.data;
  const events = room.timeline.data?.events ?? NO_EVENTS;
  const comments = room.timeline.data?.comments ?? NO_COMMENTS;
  const directory = useDirectory();
  const [error, setError] = useState<string | null>(null);
  // Once a minute is enough to notice the day changing (and times then showing their date).
  const now = useNow(60_000);

  const act: Act = useCallback(async (write) => {
    try {
      await write;
      setError(null);
      return true;
    } catch (e) {
      setError(describeProblem(e));
      return false;
    }
  }, []);

  const byId = useMemo(() => new Map(events.map((e) => [e.id, e])), [events]);
  const pinnedIds = useMemo(() => incident?.pinned ?? [], [incident?.pinned]);
  const pinned = useMemo(() => new Set(pinnedIds), [pinnedIds]);
  const services = useServices().data;
  const serviceNames = useMemo(() => new Map((services ?? []).map((s) => [s.id, s.name])), [services]);
  const roleNames = useMemo(() => new Map(roles.map((r) => [r.key, r.name])), [roles]);
  const withDate = incident ? spansDays(incident.declared_at, now) : false;
  const pinPhrases = usePinPhrases(events, byId, comments, directory.names, roleNames, serviceNames);

  // mutateAsync is stable across renders, so the row context (and every memoized row) is too.
  const { mutateAsync: pin } = usePin(reference);
  const { mutateAsync: unpin } = useUnpin(reference);
  const { mutateAsync: editComment } = useEditComment(reference);
  const { mutateAsync: deleteComment } = useDeleteComment(reference);
  const onPin = useCallback((eventId: number, isPinned: boolean) => act(isPinned ? unpin(eventId) : pin(eventId)), [act, pin, unpin]);
  const onEdit = useCallback((commentId: number, body: string) => act(editComment({ commentId, body })), [act, editComment]);
  const onDelete = useCallback((commentId: number) => act(deleteComment(commentId)), [act, deleteComment]);
  const ctx: RowContext = useMemo(
    () => ({ canAct, userId: session.user.id, withDate, names: directory.names, roleNames, serviceNames, pinPhrases, mentions: directory.mentions, onPin, onEdit, onDelete }),
    [canAct, session.user.id, withDate, directory.names, directory.mentions, roleNames, serviceNames, pinPhrases, onPin, onEdit, onDelete],
  );

  const refused = statusOf(room.incident.error);
  if (refused !== undefined && refused >= 400 && refused < 500) {
    // Private incidents look exactly like missing ones to those who may not see them.
    return (
      <p role="alert">
        {reference} does not exist, or you may not see it. ({describeProblem(room.incident.error)})
      </p>
    );
  }

  return (
    <QueryState query={combineQueries(room.incident, room.timeline)} what={reference} loading={<p className="muted">Loading {reference}…</p>}>
      {() =>
        incident && (
          <article className="room" onClick={followInAppLinks}>
            <p className={`connection ${room.connection}`} role="status">
              {room.connection === "live" ? "Live" : room.connection === "connecting" ? "Connecting…" : "Reconnecting… updates will catch up"}
            </p>
            <RoomHeader incident={incident} events={events} mentions={directory.mentions} act={act} />
            <AccessPanel incident={incident} events={events} />
            <EndingLine incident={incident} events={events} />
            <PagingSummary reference={reference} events={events} />
          {directory.query.error != null && !directory.query.isFetching && <QueryError error={directory.query.error} what="The directory (names, @mentions, people to assign)" retry={directory.query.refetch} />}
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
                <FollowUpsPanel reference={reference} />
                <LearningPanel reference={reference} />
                <FeedbackCard incident={incident} />
              </div>
              <div className="room-side">
                <AlertsPanel reference={reference} />
                <PagesPanel reference={reference} events={events} />
                <Subscribe reference={reference} />
                <TagsBar incident={incident} canAct={canAct} act={act} />
                <ServicesPanel incident={incident} canAct={canAct} act={act} />
                <RolesPanel incident={incident} people={directory.active} act={act} />
              </div>
              <Activity events={events} comments={comments} pinned={pinned} ctx={ctx} />
            </div>
          </article>
        )
      }
    </QueryState>
  );
}

const NO_EVENTS: TimelineEvent[] = [];
