import "../components/page.css";
import "./oncall.css";
import { useState } from "react";
import { QueryState } from "../components/QueryState";
import { ZonedTime } from "../components/ZonedTime";
import { useApp } from "../context";
import { Link } from "../Link";
import { navigate } from "../route";
import { useCreateSchedule, useMyShifts, useSchedules } from "./api/schedules";
import { ScheduleEditor } from "./ScheduleEditor";
import { emptySchedule } from "./scheduleForm";
import { browserTimeZone } from "../zones";

const MY_DAYS = 14;

/** On-call schedules, with who is on call now in each, and the viewer's own coming shifts. */
export function OncallPage() {
  const { isAdmin } = useApp();
  const schedules = useSchedules();
  const mine = useMyShifts(MY_DAYS);
  const create = useCreateSchedule();
  const [creating, setCreating] = useState(false);

  return (
    <div className="oc oncall-page">
      <h1>On-call</h1>
      <p className="lede muted">Who is on call now in each schedule, and until when. Times are in your time zone ({browserTimeZone()}); hover one for the schedule's.</p>

      {isAdmin ? (
        !creating && (
          <div className="toolbar">
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              New schedule
            </button>
          </div>
        )
      ) : (
        <p className="muted">Only admins create and change schedules. You can add an override for yourself on a schedule's page, to swap or cover a shift.</p>
      )}
      {creating && (
        <ScheduleEditor
          initial={emptySchedule(browserTimeZone())}
          heading="New schedule"
          submitLabel="Create schedule"
          onCancel={() => setCreating(false)}
          onSubmit={async (body) => {
            try {
              navigate(`/oncall/${(await create.mutateAsync(body)).id}`);
              return { ok: true };
            } catch (error) {
              return { ok: false, error };
            }
          }}
        />
      )}

      <section aria-labelledby="schedules-heading">
        <h2 id="schedules-heading">Schedules</h2>
        <QueryState query={schedules} what="The schedules">
          {(schedules) =>
            schedules.length === 0 ? (
              <p className="empty">No schedules yet. {isAdmin ? "Press New schedule to make the first rotation." : "An admin sets them up; ask yours to add one."}</p>
            ) : (
              <ul className="cards" aria-label="Schedules">
                {schedules.map((s) => (
                  <li key={s.id} className="card">
                    <h3>
                      <Link to={`/oncall/${s.id}`}>{s.name}</Link>
                    </h3>
                    <p>
                      {s.on_call ? (
                        <>
                          On call now: <span className="who">{s.on_call.user.name}</span>
                          <br />
                          <span className="muted">
                            until <ZonedTime at={s.on_call.end} zone={s.time_zone} />
                            {s.on_call.source === "override" && " (override)"}
                          </span>
                        </>
                      ) : (
                        <span className="nobody">Nobody is on call now</span>
                      )}
                    </p>
                    <p className="muted">{s.time_zone}</p>
                    {s.description && <p>{s.description}</p>}
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      </section>

      <section aria-labelledby="my-shifts-heading">
        <h2 id="my-shifts-heading">My shifts, next {MY_DAYS} days</h2>
        <QueryState query={mine} what="Your shifts">
          {({ shifts: mine }) =>
            mine.length === 0 ? (
              <p className="empty">You have no on-call shifts in the next {MY_DAYS} days. Shifts appear here when a schedule's rotation or an override puts you on call.</p>
            ) : (
              <table className="rows">
                <caption className="visually-hidden">My shifts</caption>
                <thead>
                  <tr>
                    <th scope="col">Schedule</th>
                    <th scope="col">From</th>
                    <th scope="col">Until</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((s) => (
                    <tr key={`${s.schedule_id}-${s.start}`}>
                      <td data-label="Schedule">
                        <Link to={`/oncall/${s.schedule_id}`}>{s.schedule_name}</Link>
                      </td>
                      <td data-label="From">
                        <ZonedTime at={s.start} zone={s.time_zone} />
                      </td>
                      <td data-label="Until">
                        <ZonedTime at={s.end} zone={s.time_zone} />
                      </td>
                      <td data-label="Why">{s.source === "override" ? "Override" : s.layer ? `Layer ${s.layer}` : "Rotation"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </QueryState>
        <p className="muted">
          To see your shifts in Google Calendar, Outlook or Apple Calendar, make a calendar feed in <Link to="/settings/profile">Settings › Profile</Link>.
        </p>
      </section>
    </div>
  );
}
