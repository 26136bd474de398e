import "../components/page.css";
import "./oncall.css";
import { useCallback, useState } from "react";
import { useDirectory } from "../api/people";
import { ConfirmButton } from "../components/Confirm";
import { DetailNotLoaded } from "../components/DetailNotLoaded";
import { problemText } from "../components/forms";
import { QueryError } from "../components/QueryState";
import { ZonedTime } from "../components/ZonedTime";
import { useApp } from "../context";
import { Link } from "../Link";
import { navigate, useLocation } from "../route";
import { useDeleteSchedule, useSaveSchedule, useSchedule, useScheduleOnCall, useShifts } from "./api/schedules";
import { Overrides } from "./Overrides";
import { ScheduleEditor } from "./ScheduleEditor";
import { fromSchedule, restrictionLabel, shiftLabel, wallTimeLabel } from "./scheduleForm";
import { Timeline } from "./Timeline";
import { browserTimeZone } from "../zones";

const RANGES = [7, 14];

function startOfToday(): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** One schedule: who is on call now, a timeline of the coming days, its overrides and layers;
 * admins edit and delete it. */
export function SchedulePage({ id }: { id: number }) {
  const { isAdmin, session } = useApp();
  const location = useLocation();
  const days = RANGES.includes(Number(location.search.get("days"))) ? Number(location.search.get("days")) : 7;
  const [status, setStatus] = useState("");
  const [editing, setEditing] = useState(false);
  const [adminError, setAdminError] = useState<string | null>(null);
  // The timeline starts at today's midnight in the viewer's zone, so today is a whole band.
  const [from, setFrom] = useState(startOfToday);
  const { names } = useDirectory();
  const scheduleQuery = useSchedule(id);
  const onCallQuery = useScheduleOnCall(id);
  // From a day earlier: the API cuts shifts to the range, and a shift that began yesterday
  // should show that it did (its bar runs on from the left edge).
  const shiftsQuery = useShifts(id, new Date(from.getFullYear(), from.getMonth(), from.getDate() - 1), days + 1);
  const save = useSaveSchedule(id);
  const remove = useDeleteSchedule(id);
  const schedule = scheduleQuery.data;
  const onCall = onCallQuery.data;
  const shifts = shiftsQuery.data?.shifts;

  // The writes invalidate the schedule's queries; this moves "today" on if midnight passed.
  const changed = useCallback((message: string) => {
    setStatus(message);
    setFrom(startOfToday());
  }, []);

  if (!schedule) return <DetailNotLoaded what="Schedule" error={scheduleQuery.error} retry={scheduleQuery.refetch} back={{ to: "/oncall", label: "See every schedule" }} />;

  const zone = schedule.time_zone;
  const shift = onCall?.shift;
  const origin = window.location.origin;

  return (
    <div className="oc schedule-page">
      <p className="back">
        <Link to="/oncall">← On-call</Link>
      </p>
      <h1>{schedule.name}</h1>
      <p className="lede muted">
        Time zone {zone}. Times below are in yours ({browserTimeZone()}); hover one for the schedule's.
      </p>
      {schedule.description && <p className="wrap">{schedule.description}</p>}
      {scheduleQuery.error != null && !scheduleQuery.isFetching && <QueryError error={scheduleQuery.error} what="The schedule" retry={scheduleQuery.refetch} />}
      <p role="status" className="muted">
        {status}
      </p>

      <section aria-labelledby="now-heading" className="panel">
        <h2 id="now-heading">On call now</h2>
        {onCallQuery.error != null && !onCallQuery.isFetching ? (
          <QueryError error={onCallQuery.error} what="Who is on call" retry={onCallQuery.refetch} />
        ) : onCall === undefined ? (
          <p className="muted">Loading…</p>
        ) : shift ? (
          <p>
            <span className="who">{shift.user.name}</span>
            {shift.user.id === session.user.id && " (you)"}, until <ZonedTime at={shift.end} zone={zone} />
            <span className="muted"> · {shift.source === "override" ? "override" : `layer ${shift.layer ?? ""}`}</span>
          </p>
        ) : (
          <p className="nobody">Nobody is on call now.</p>
        )}
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <div className="toolbar" role="group" aria-label="How many days">
          {RANGES.map((n) => (
            <button key={n} type="button" aria-pressed={days === n} className={days === n ? "primary small" : "small"} onClick={() => navigate(`/oncall/${id}${n === 7 ? "" : `?days=${n}`}`, { replace: true })}>
              {n} days
            </button>
          ))}
        </div>
        {shiftsQuery.error != null && !shiftsQuery.isFetching && <QueryError error={shiftsQuery.error} what="The shifts" retry={shiftsQuery.refetch} />}
        {shifts === undefined ? shiftsQuery.error == null && <p className="muted">Loading…</p> : <Timeline shifts={shifts} from={from} days={days} zone={zone} />}
        {shifts?.every((s) => Date.parse(s.end) <= from.getTime()) && <p className="empty">Nobody is on call in the next {days} days. {isAdmin ? "Check the layers' people and first handoff below." : "An admin can add people to the layers."}</p>}
      </section>

      <Overrides scheduleId={id} zone={zone} overrides={schedule.overrides} onChanged={changed} />

      <section aria-labelledby="layers-heading">
        <h2 id="layers-heading">Layers</h2>
        <p className="muted">Listed bottom to top: where a later layer has someone on call, that person is on call; where it has a gap, the layers above show through.</p>
        {schedule.layers.map((l, i) => (
          <div key={i} className="card" style={{ marginBottom: "0.75rem" }}>
            <h3>
              {i + 1}. {l.name}
            </h3>
            <p>
              Shifts of {shiftLabel(l.shift)}, first handoff {wallTimeLabel(l.start)} ({zone}){l.end ? `, ending ${new Date(l.end).toLocaleString()}` : ""}.
            </p>
            <p>
              In turn: {l.participants.map((p) => names.get(p) ?? `User ${p}`).join(", ")}
            </p>
            <p className="muted">{l.restrictions?.length ? `Only: ${l.restrictions.map(restrictionLabel).join("; ")}` : "Every hour of every day."}</p>
          </div>
        ))}
      </section>

      <section aria-labelledby="feed-heading">
        <h2 id="feed-heading">In your calendar</h2>
        <p>
          Google Calendar, Outlook and Apple Calendar can subscribe to this schedule's shifts for the next 60 days. The address carries your personal feed token, which you make (and
          remake, if an address leaks) in <Link to="/settings/profile">Settings › Profile</Link>:
        </p>
        <p>
          <code>
            {origin}/api/v1/schedules/{id}/calendar.ics?token=YOUR_FEED_TOKEN
          </code>
        </p>
        <p className="muted">
          Your own shifts across every schedule: <code>{`${origin}/api/v1/users/${session.user.id}/calendar.ics?token=YOUR_FEED_TOKEN`}</code>
        </p>
      </section>

      {isAdmin && (
        <section aria-labelledby="admin-heading">
          <h2 id="admin-heading">Change this schedule</h2>
          {editing ? (
            <ScheduleEditor
              initial={fromSchedule(schedule)}
              heading={`Edit ${schedule.name}`}
              submitLabel="Save schedule"
              onCancel={() => setEditing(false)}
              onSubmit={async (body) => {
                try {
                  await save.mutateAsync(body);
                } catch (error) {
                  return { ok: false, error };
                }
                setEditing(false);
                changed("The schedule is saved.");
                return { ok: true };
              }}
            />
          ) : (
            <div className="actions">
              <button type="button" onClick={() => setEditing(true)}>
                Edit schedule
              </button>
              <ConfirmButton
                label="Delete schedule"
                question={<>Delete {schedule.name} and its overrides? Teams, escalation policies and the incident-manager setting that use it will no longer find anyone on call through it.</>}
                confirmLabel={`Delete ${schedule.name}`}
                onConfirm={async () => {
                  try {
                    await remove.mutateAsync();
                    navigate("/oncall");
                  } catch (error) {
                    setAdminError(problemText(error));
                  }
                }}
              />
            </div>
          )}
          {adminError && (
            <p role="alert" className="error">
              {adminError}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
